/**
 * Importing cognate-local (and starting it in memory) loads none of its heavy dependencies: the
 * passkey library (@simplewebauthn/server, ~400 ms to load) waits for the first passkey ceremony and
 * the native SQLite module for the first `--data` store. Each probe runs in a fresh Node process
 * whose module hooks log every ES module file loaded; CommonJS files are read from require's cache.
 * The last probe loads both on purpose, so the check can tell a loaded module from a missed one.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'cognate-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(
  join(dir, 'hooks.mjs'),
  `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(process.env.LOAD_LOG, url + '\\n');
  return next(url, context);
}
`,
);
writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);

const HEAVY = ['@simplewebauthn', 'better-sqlite3', 'jose', 'yaml'];

/** The heavy packages whose files a script loaded (ES modules through the hooks, CommonJS from require's cache). */
function heavyLoadedBy(script: string): string[] {
  const log = join(dir, `${Math.random().toString(36).slice(2)}.log`);
  writeFileSync(log, '');
  const probe = `import { createRequire } from 'node:module';\n${script}\nconsole.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`;
  const out = execFileSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, '--input-type=module', '-e', probe], {
    cwd: pkg,
    env: { ...process.env, LOAD_LOG: log },
    encoding: 'utf8',
  });
  const files = [...readFileSync(log, 'utf8').split('\n'), ...(JSON.parse(out.trim().split('\n').at(-1)!) as string[])];
  return HEAVY.filter(name => files.some(file => file.includes(`/node_modules/${name}`)));
}

it('importing cognate-local loads no passkey library, SQLite, JOSE or YAML library', () => {
  expect(heavyLoadedBy(`await import('cognate-local');`)).toEqual([]);
});

it('a server started in memory, answering a sign-in call, loads none of them either', () => {
  const script = `
const { startServer } = await import('cognate-local');
const server = await startServer({ port: 0 });
const res = await fetch(server.url, {
  method: 'POST',
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
  body: JSON.stringify({ AuthFlow: 'USER_SRP_AUTH', ClientId: 'nosuchclient', AuthParameters: { USERNAME: 'a', SRP_A: 'ab' } }),
});
if ((await res.json()).__type !== 'ResourceNotFoundException') throw new Error('unexpected answer');
await server.close();`;
  expect(heavyLoadedBy(script)).toEqual([]);
});

it('they load when needed: a --data store opens SQLite, a passkey ceremony the passkey library', () => {
  const script = `
const { mkdtempSync, rmSync } = await import('node:fs');
const data = mkdtempSync(${JSON.stringify(join(dir, 'data-'))});
const { startServer } = await import('cognate-local');
const server = await startServer({ port: 0, dataDir: data });
await server.close();
await import('@simplewebauthn/server');
rmSync(data, { recursive: true, force: true });`;
  expect(heavyLoadedBy(script)).toEqual(['@simplewebauthn', 'better-sqlite3']);
});
