/**
 * The README's "Testing your app with cognate-local" snippets, run as written: the first with
 * aws-amplify in Node, the Playwright one in Chromium against a blank page on the origin it names
 * (only the browser's path and flags and the page's port change).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM, serveSite, type Site } from '../packages/local/test/browser-harness.js';
import { ROOT, readmeSnippet, runSnippet } from './readme-blocks.js';

const dir = join(ROOT, '.tmp', `readme-testing-${process.pid}`);
let site: Site;

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  site = await serveSite(url => (url.pathname === '/' ? { body: '<!doctype html><title>app</title>' } : undefined));
});
afterAll(async () => {
  await site?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('the startCognateLocal snippet signs in with aws-amplify and uses every helper it shows', async () => {
  const code = readmeSnippet("const cognito = await startCognateLocal();\nawait cognito.createUser({ username: 'ada', password");
  const out = await runSnippet(
    dir,
    'http://127.0.0.1:9229',
    'testing',
    code,
    "console.log(JSON.stringify({ isSignedIn, groups: tokens.idToken.payload['cognito:groups'], username: session.username }));",
  );
  expect(JSON.parse(out)).toEqual({ isSignedIn: true, groups: ['admins'], username: 'ada' });
}, 60_000);

it.skipIf(!existsSync(CHROMIUM))(
  'the Playwright snippet opens the page with the session in its localStorage',
  async () => {
    const code = readmeSnippet('storageState: await cognito.storageState(')
      .replaceAll('http://localhost:5173', site.url)
      .replace('chromium.launch()', `chromium.launch({ executablePath: ${JSON.stringify(CHROMIUM)}, args: ['--no-sandbox', '--disable-gpu'] })`);
    const out = await runSnippet(dir, 'http://127.0.0.1:9229', 'playwright', code, 'console.log(saved);');
    expect(out.trim()).toBe('ada');
  },
  60_000,
);
