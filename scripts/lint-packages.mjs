#!/usr/bin/env node
/**
 * `npm run lint:packages`: packs every published workspace (each one whose package.json is not
 * `"private": true`) with `npm pack` — so its `prepack` runs, as on `npm publish` — and lints each
 * tarball with publint (every message, suggestions included, is a failure) and Are The Types Wrong
 * (`attw --profile esm-only`: the packages are ESM only, so CommonJS `require` and the pre-exports
 * `node10` resolution are out of scope; every other problem is a failure). Run after `npm run build`.
 * test/pack-install.test.ts uses the same functions on the tarballs it installs.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const root = fileURLToPath(new URL('..', import.meta.url));

/** The workspaces that get published: `{ dir, pkg }`, `pkg` being the parsed package.json. */
export async function publishedPackages() {
  const { workspaces } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const all = await Promise.all(
    workspaces.map(async dir => ({ dir: join(root, dir), pkg: JSON.parse(await readFile(join(root, dir, 'package.json'), 'utf8')) })),
  );
  return all.filter(({ pkg }) => pkg.private !== true);
}

/**
 * `npm pack`s each published workspace into `dest`; adds `tarball` (its path) to each. With
 * `ignoreScripts`, packs dist as built, without `prepack` rebuilding it (for tests that run while
 * other tests read dist).
 */
export async function packAll(dest, { env = process.env, ignoreScripts = false } = {}) {
  const packages = await publishedPackages();
  for (const entry of packages) {
    const args = ['pack', '--json', '--pack-destination', dest, ...(ignoreScripts ? ['--ignore-scripts'] : [])];
    const { stdout } = await run('npm', args, { cwd: entry.dir, env, maxBuffer: 64 << 20 });
    const [{ filename }] = JSON.parse(stdout.slice(stdout.indexOf('[')));
    entry.tarball = join(dest, filename);
  }
  return packages;
}

/** What publint and attw find wrong with a packed tarball, one line per problem (empty: clean). */
export async function lintTarball(tarball) {
  const problems = [];
  const { publint } = await import('publint');
  const { formatMessage } = await import('publint/utils');
  const { messages, pkg } = await publint({ pack: { tarball: (await readFile(tarball)).buffer }, level: 'suggestion', strict: true });
  for (const message of messages) problems.push(`publint ${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`);
  try {
    await run(
      process.execPath,
      [join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js'), tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-color', '--no-emoji'],
      { maxBuffer: 64 << 20 },
    );
  } catch (error) {
    problems.push(`attw: ${error.stdout || error.stderr || error.message}`.trim());
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dest = await mkdtemp(join(tmpdir(), 'cognate-lint-packages-'));
  try {
    let failed = false;
    for (const { pkg, tarball } of await packAll(dest)) {
      const problems = await lintTarball(tarball);
      process.stdout.write(`${pkg.name}@${pkg.version}: ${problems.length ? `${problems.length} problem(s)` : 'publint and attw clean'}\n`);
      for (const problem of problems) process.stdout.write(`  ${problem.replace(/\n/g, '\n  ')}\n`);
      failed ||= problems.length > 0;
    }
    process.exitCode = failed ? 1 : 0;
  } finally {
    await rm(dest, { recursive: true, force: true });
  }
}
