/**
 * The server entries (`cognate-auth/auth/server`, `/node`, `/nextjs`, `/adapter-core`) load no browser
 * auth state: importing one, as an app does through the package exports (the "node" condition, so
 * dist/n), evaluates no module of the browser's default context (`Amplify.configure`'s state, its
 * token storage, credentials provider and the `withContext` wrappers that reach it), and leaves no
 * new global, timer or handle behind. Each entry is imported in a fresh Node process whose module
 * hooks record every file it loads; esbuild's `// src/…` markers in those files name the source
 * modules evaluated.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'cognate-noglobal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Module hooks (run on Node's loader thread): append every loaded file URL to COGNATE_LOAD_LOG.
writeFileSync(
  join(dir, 'hooks.mjs'),
  `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(process.env.COGNATE_LOAD_LOG, url + '\\n');
  return next(url, context);
}
`,
);
writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);

// Imports the entry by its public name and reports what importing it added to the process.
const probe = `
// Timers and sockets only: the module loader's own file reads come and go as it works.
const held = () => process.getActiveResourcesInfo().filter((r) => /Timeout|Immediate|TCP|UDP|Pipe|MessagePort/.test(r)).sort();
const before = { names: Reflect.ownKeys(globalThis).map(String), resources: held() };
const entry = await import(process.env.COGNATE_ENTRY);
const after = { names: Reflect.ownKeys(globalThis).map(String), resources: held() };
console.log(JSON.stringify({
  exports: Object.keys(entry),
  newGlobals: after.names.filter((n) => !before.names.includes(n)),
  resources: [before.resources, after.resources],
}));
`;

/** The source modules (esbuild's `// src/…` markers) of the files that importing `entry` loaded. */
function load(entry: string) {
  const log = join(dir, `${entry.replace(/\W/g, '_')}.log`);
  writeFileSync(log, '');
  const out = execFileSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, '--input-type=module', '-e', probe], {
    cwd: pkg,
    env: { ...process.env, COGNATE_ENTRY: entry, COGNATE_LOAD_LOG: log },
    encoding: 'utf8',
  });
  const files = readFileSync(log, 'utf8')
    .split('\n')
    .filter(url => url.includes('/packages/cognate/dist/') || url.includes('/cognate-auth/dist/'));
  const modules = new Set<string>();
  for (const url of files) for (const m of readFileSync(fileURLToPath(url), 'utf8').matchAll(/^\/\/ (src\/\S+\.ts)$/gm)) modules.add(m[1]!);
  return { files, modules, ...(JSON.parse(out.trim().split('\n').pop()!) as { exports: string[]; newGlobals: string[]; resources: [string[], string[]] }) };
}

// The browser's global auth state: the default context, what only it reaches at load, and the
// browser's default (localStorage) token storage.
const BROWSER_STATE = ['src/context/default-context.ts', 'src/context/with-context.ts', 'src/credentials/default-provider.ts', 'src/storage/web-storage.ts'];

for (const entry of ['cognate-auth/auth/server', 'cognate-auth/node', 'cognate-auth/nextjs', 'cognate-auth/adapter-core']) {
  it(`importing ${entry} loads no browser default context and creates no global state`, () => {
    const { files, modules, exports, newGlobals, resources } = load(entry);
    // The probe really loaded the built entry and saw its modules.
    expect(
      files.some(url => url.includes('/dist/n/')),
      files.join('\n'),
    ).toBe(true);
    expect(exports.length).toBeGreaterThan(0);
    expect(modules.has('src/server/context.ts') || modules.has('src/server/errors.ts')).toBe(true);
    for (const module of BROWSER_STATE) expect([...modules], `${entry} evaluates ${module}`).not.toContain(module);
    expect(newGlobals).toEqual([]);
    expect(resources[1]).toEqual(resources[0]);
  });
}

it('the browser entry, by contrast, does load the default context (the probe sees it)', () => {
  const { modules } = load('cognate-auth/auth');
  expect([...modules]).toContain('src/context/default-context.ts');
});
