/**
 * The README's client snippets, run as written (only the port changes) against
 * `cognate-local start --demo`, the way a newcomer pastes them into a file next to the demo.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCli } from '../packages/local/test/helpers.js';
import { ROOT, readmeSnippet, runSnippet } from './readme-blocks.js';

const dir = join(ROOT, '.tmp', `readme-snippets-${process.pid}`);
let child: Awaited<ReturnType<typeof startCli>>['child'];
let url: string;

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  ({ child, url } = await startCli(['--in-memory', '--demo']));
});
afterAll(() => {
  child?.kill();
  rmSync(dir, { recursive: true, force: true });
});

it('the AWS SDK snippet lists the demo user as pasted', async () => {
  const out = await runSnippet(
    dir,
    url,
    'sdk',
    readmeSnippet('ListUsersCommand'),
    'console.log(JSON.stringify(Users.map((u) => u.Attributes.find((a) => a.Name === "email")?.Value)));',
  );
  expect(JSON.parse(out)).toEqual(['demo@example.com']);
});

it('the aws-amplify snippet signs the demo user in with SRP as pasted', async () => {
  const out = await runSnippet(
    dir,
    url,
    'amplify',
    readmeSnippet("from 'aws-amplify'"),
    'console.log(JSON.parse(Buffer.from(tokens.idToken.toString().split(".")[1], "base64url")).email);',
  );
  expect(out.trim()).toBe('demo@example.com');
});
