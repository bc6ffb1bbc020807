/**
 * The README's client snippets, run as written (only the port changes) against
 * `cognate-local start --demo`, the way a newcomer pastes them into a file next to the demo.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCli } from '../packages/local/test/helpers.js';

const root = resolve(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const dir = join(root, '.tmp', `readme-snippets-${process.pid}`);
let child: Awaited<ReturnType<typeof startCli>>['child'];
let url: string;

/** The first ```ts block that contains `marker`. */
function snippet(marker: string): string {
  const block = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).find((code) => code.includes(marker));
  if (!block) throw new Error(`no README snippet with ${marker}`);
  return block;
}

/** Runs `code` (with `tail` appended to print what it got) as an ES module in the repo; its stdout. */
function run(name: string, code: string, tail: string): Promise<string> {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, code.replaceAll('http://127.0.0.1:9229', url) + '\n' + tail + '\n');
  return new Promise((resolvePromise, reject) => {
    const node = spawn(process.execPath, [file], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    node.stdout.on('data', (c) => (out += c));
    node.stderr.on('data', (c) => (err += c));
    node.on('exit', (code) => (code === 0 ? resolvePromise(out) : reject(new Error(`${name} exited ${code}: ${err}`))));
  });
}

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  ({ child, url } = await startCli(['--in-memory', '--demo']));
});
afterAll(() => {
  child?.kill();
  rmSync(dir, { recursive: true, force: true });
});

it('the AWS SDK snippet lists the demo user as pasted', async () => {
  const out = await run('sdk', snippet('ListUsersCommand'), 'console.log(JSON.stringify(Users.map((u) => u.Attributes.find((a) => a.Name === "email")?.Value)));');
  expect(JSON.parse(out)).toEqual(['demo@example.com']);
});

it('the aws-amplify snippet signs the demo user in with SRP as pasted', async () => {
  const out = await run('amplify', snippet("from 'aws-amplify'"), 'console.log(JSON.parse(Buffer.from(tokens.idToken.toString().split(".")[1], "base64url")).email);');
  expect(out.trim()).toBe('demo@example.com');
});
