/**
 * The README's code blocks for the tests that run them as a newcomer would paste them: find a block,
 * point it at a test server, run it as an ES module inside the repository (so its imports resolve
 * to the workspace's packages), and read what it printed.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The first ```ts block of the README that contains `marker`. */
export function readmeSnippet(marker: string): string {
  const block = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map(m => m[1]!).find(code => code.includes(marker));
  if (!block) throw new Error(`no README snippet with ${marker}`);
  return block;
}

/**
 * Runs `code` with the README's server (`http://127.0.0.1:9229`, or its `127.0.0.1:9229` host) moved
 * to `url`, and `tail` appended, as `<dir>/<name>.mjs`; resolves to its stdout, rejects with its stderr.
 */
export function runSnippet(dir: string, url: string, name: string, code: string, tail: string): Promise<string> {
  const file = join(dir, `${name}.mjs`);
  const host = new URL(url).host;
  writeFileSync(file, code.replaceAll('http://127.0.0.1:9229', url).replaceAll("'127.0.0.1:9229'", `'${host}'`) + '\n' + tail + '\n');
  return new Promise((resolvePromise, reject) => {
    const node = spawn(process.execPath, [file], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    node.stdout.on('data', c => (out += c));
    node.stderr.on('data', c => (err += c));
    node.on('exit', code => (code === 0 ? resolvePromise(out) : reject(new Error(`${name} exited ${code}: ${err}`))));
  });
}
