/**
 * cognate-local/testing in a real browser: a Chromium context made from `storageState()` opens an
 * aws-amplify app already signed in (no sign-in page), and after `advanceClock` past the access
 * token's lifetime (the server's clock, and the page's through Playwright's page.clock) Amplify
 * refreshes the session against cognate-local, whose GetUser refuses the old token and takes the new.
 * With `ssr: true` the same session comes as cookies, which Amplify configured with `ssr: true` reads.
 */
import { GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCognateLocal, type CognateLocalHandle } from '../src/testing/index.js';
import { CHROMIUM, launchBrowser, serveSite, type Site } from './browser-harness.js';
import { decodePayload, errorOf, sdk } from './helpers.js';

const ROOT = join(import.meta.dirname, '../../..');
const available = existsSync(CHROMIUM);

let browser: Browser;
let local: CognateLocalHandle;
let spa: Site;
let bundle: string;

interface Seen {
  username: string;
  accessToken: string;
  refreshes: number;
}

function page(ssr: boolean): string {
  return `<!doctype html><meta charset="utf-8"><title>App</title>
<script src="/amplify.js"></script>
<script>
const { Amplify, Hub, fetchAuthSession, getCurrentUser } = window.amplify;
let refreshes = 0;
Hub.listen('auth', ({ payload }) => { if (payload.event === 'tokenRefresh') refreshes++; });
Amplify.configure(${JSON.stringify(local.amplifyConfig)}${ssr ? ', { ssr: true }' : ''});
window.seen = async () => {
  const { username } = await getCurrentUser();
  const session = await fetchAuthSession();
  return { username, accessToken: session.tokens.accessToken.toString(), refreshes };
};
</script>`;
}

beforeAll(async () => {
  if (!available) return;
  const bundled = await build({
    stdin: {
      contents: [
        "import { Amplify } from 'aws-amplify';",
        "import { fetchAuthSession, getCurrentUser } from 'aws-amplify/auth';",
        "import { Hub } from 'aws-amplify/utils';",
        'window.amplify = { Amplify, Hub, fetchAuthSession, getCurrentUser };',
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'js',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  bundle = bundled.outputFiles[0]!.text;
  local = await startCognateLocal();
  await local.createUser({ username: 'ada', groups: ['admins'] });
  spa = await serveSite(url =>
    url.pathname === '/' || url.pathname === '/ssr'
      ? { body: page(url.pathname === '/ssr') }
      : url.pathname === '/amplify.js'
        ? { type: 'text/javascript; charset=utf-8', body: bundle }
        : undefined,
  );
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await local?.stop();
  await spa?.close();
});

it.skipIf(!available)('starts signed in from storageState and sees the refreshed session after advanceClock past the access token lifetime', async () => {
  const context = await browser.newContext({ storageState: await local.storageState({ username: 'ada', origin: spa.url }) });
  try {
    const app = await context.newPage();
    await app.clock.install();
    await app.goto(`${spa.url}/`);
    const before = await app.evaluate(() => (window as unknown as { seen(): Promise<Seen> }).seen());
    expect(before.username).toBe('ada');
    expect(decodePayload(before.accessToken)['cognito:groups']).toEqual(['admins']);
    const client = sdk(local.url);
    expect((await client.send(new GetUserCommand({ AccessToken: before.accessToken }))).Username).toBe('ada');

    await local.advanceClock(3601 * 1000, { pages: [app] });
    expect(await errorOf(client.send(new GetUserCommand({ AccessToken: before.accessToken })))).toMatchObject({ message: 'Access Token has expired' });
    const after = await app.evaluate(() => (window as unknown as { seen(): Promise<Seen> }).seen());
    expect(after.username).toBe('ada');
    expect(after.refreshes).toBe(1);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(decodePayload(after.accessToken).iat).toBeGreaterThanOrEqual(decodePayload(before.accessToken).iat + 3601);
    expect((await client.send(new GetUserCommand({ AccessToken: after.accessToken }))).Username).toBe('ada');
  } finally {
    await context.close();
  }
});

it.skipIf(!available)('with ssr: true the session is in cookies, which aws-amplify with { ssr: true } reads', async () => {
  const state = await local.storageState({ username: 'ada', origin: spa.url, ssr: true });
  const context = await browser.newContext({ storageState: state });
  try {
    const app = await context.newPage();
    await app.goto(`${spa.url}/ssr`);
    const seen = await app.evaluate(() => (window as unknown as { seen(): Promise<Seen> }).seen());
    expect(seen.username).toBe('ada');
    expect(seen.accessToken).toBe(decodeURIComponent(state.cookies.find(c => c.name.endsWith('.accessToken'))!.value));
    expect(await app.evaluate(() => localStorage.length)).toBe(0);
  } finally {
    await context.close();
  }
});
