/**
 * The wire-name tables of @cognate/protocol make a misspelt challenge, exception, auth flow,
 * attribute or operation name a compile error on both sides of the wire. test/wire-typos/typos.ts
 * holds correct and misspelt uses; tsc must accept it as written (every `@ts-expect-error` meets its
 * error) and, with the directives removed, report an error on exactly the misspelt lines.
 */
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixture = join(root, 'test/wire-typos/typos.ts');
const stripped = join(root, `test/wire-typos/stripped-${process.pid}.ts`);
const tsc = join(root, 'node_modules/.bin/tsc');
const FLAGS = ['--noEmit', '--pretty', 'false', '--strict', '--skipLibCheck', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext'];
const TYPOS = [
  'SMS_MFAA',
  'NotAuthorisedException',
  'USER_SRP',
  'email_verfied',
  'SOFTWARE_TOKEN_MFAA',
  'NEW_PASWORD_REQUIRED',
  'GetUsr',
  'UserNotFoundExeption',
  'EMAIL_OPT',
  'SUCESS',
];
const FLAGS_TAIL = ['--lib', 'es2022,dom,dom.iterable', '--types', 'node', '--verbatimModuleSyntax', '--isolatedModules'];

async function compile(file: string): Promise<{ code: number; errors: { line: number; text: string }[] }> {
  const run = promisify(execFile);
  let stdout = '';
  let code = 0;
  try {
    ({ stdout } = await run(tsc, [...FLAGS, ...FLAGS_TAIL, file], { cwd: root }));
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    code = failed.code ?? 1;
    stdout = failed.stdout ?? '';
  }
  const errors = [...stdout.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/gm)]
    .filter(m => m[1]!.endsWith(file.split('/').pop()!))
    .map(m => ({ line: Number(m[2]), text: m[3]! }));
  return { code, errors };
}

afterAll(() => rm(stripped, { force: true }));

describe('wire-name tables', () => {
  it('accept the correct names, and every misspelt one is an expected error', async () => {
    const { code, errors } = await compile(fixture);
    expect(errors).toEqual([]);
    expect(code).toBe(0);
  }, 60_000);

  it('report each misspelling, on its own line, once the @ts-expect-error directives are gone', async () => {
    const kept: string[] = [];
    const expected: { line: number; typo: string }[] = [];
    let directive = false;
    for (const line of (await readFile(fixture, 'utf8')).split('\n')) {
      if (line.startsWith('// @ts-expect-error')) {
        directive = true;
        continue;
      }
      kept.push(line);
      if (directive) expected.push({ line: kept.length, typo: TYPOS.find(t => line.includes(`'${t}'`)) ?? 'no typo on this line' });
      directive = false;
    }
    await writeFile(stripped, kept.join('\n'));
    const { code, errors } = await compile(stripped);
    expect(code).not.toBe(0);
    expect(expected.map(e => e.typo)).toEqual(TYPOS);
    expect(errors.map(e => e.line)).toEqual(expected.map(e => e.line));
    for (const [i, error] of errors.entries()) expect(error.text).toContain(expected[i]!.typo);
  }, 60_000);
});
