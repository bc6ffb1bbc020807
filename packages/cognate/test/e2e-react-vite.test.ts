/**
 * examples/react-vite end to end in headless Chromium: Amplify UI's `<Authenticator>` and
 * `AccountSettings` with `aws-amplify` aliased to cognate by the example's vite.config.js, against a
 * cognate-local started here from the example's cognate-local.json (MFA on, TOTP). `vite build`
 * once, the built files served by a small static server, then as a person would: sign up, the
 * emailed code (read from cognate-local's outbox on the Node side), confirm, TOTP set-up with the
 * secret the page shows, signed in; reload (still signed in); sign out; sign in with password and
 * TOTP code; change password; sign out; forgot password with the emailed code; sign in with the new
 * password; delete the account. The app's own `Hub.listen('auth', …)` (through `aws-amplify/utils`)
 * sees the events that drive the Authenticator (through `@aws-amplify/core`). A second tab hears the
 * first one's token writes, sign-out and sign-in exactly as the same app built on aws-amplify does:
 * only through a listener with `enableCrossTabEvents`.
 *
 * The same app is also built without the aliases (on aws-amplify itself) to print both bundle sizes
 * (JavaScript, brotli 11), the figures in BENCHMARKS.md.
 *
 * TOTP codes: cognate-local accepts a code one step either side of now and each step once, so the
 * three codes are taken one step behind, at, and one step ahead of the clock at the time: each later
 * than the last whatever the clock does in between, with no waiting.
 */
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, launchBrowser } from '../../local/test/browser-harness.js';
import { startServer, type RunningServer } from 'cognate-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cognateAuth from '../src/auth-cognito.js';
import { Amplify as Cognate } from '../src/index.js';
import { totp } from './harness.js';
import { MapStorage } from './helpers.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/react-vite/', import.meta.url));
const OUT = fileURLToPath(new URL('../../../.tmp/react-vite/', import.meta.url));
const available = existsSync(CHROMIUM);
const SEED = JSON.parse(readFileSync(join(EXAMPLE, 'cognate-local.json'), 'utf8'));
const POOL = SEED.userPools[0].Id as string;
const CLIENT = SEED.userPools[0].clients[0].ClientId as string;
const EMAIL = 'ada@example.com';
const PASSWORDS = ['Corr3ct-Horse!', 'N3w-Battery-Staple!', 'Th1rd-Horse-Saddle!'];

let local: RunningServer;
let site: Server;
let siteUrl: string;
/** The same app built on aws-amplify (no aliases). */
let amplifySite: Server;
let amplifySiteUrl: string;
let browser: Browser;

/** Builds the example into `outDir`: with the cognate aliases, or without them (aws-amplify). */
async function viteBuild(outDir: string, withCognate: boolean): Promise<void> {
  const { build } = await import('vite');
  process.env.VITE_USER_POOL_ENDPOINT = local.url;
  if (withCognate) delete process.env.EXAMPLE_WITHOUT_COGNATE;
  else process.env.EXAMPLE_WITHOUT_COGNATE = '1';
  try {
    await build({ root: EXAMPLE, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  } finally {
    delete process.env.EXAMPLE_WITHOUT_COGNATE;
  }
}

/** Brotli bytes of the built JavaScript, each file compressed on its own (as served): all, and the entry chunk. */
function brotliJs(dir: string): { all: number; entry: number } {
  const sizes = (readdirSync(join(dir, 'assets')) as string[])
    .filter(f => f.endsWith('.js'))
    .map(f => ({ f, bytes: brotliCompressSync(readFileSync(join(dir, 'assets', f)), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length }));
  const entry = readFileSync(join(dir, 'index.html'), 'utf8').match(/assets\/(index-[^"]+\.js)/)![1];
  return { all: sizes.reduce((sum, s) => sum + s.bytes, 0), entry: sizes.find(s => s.f === entry)!.bytes };
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) file = join(dir, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(readFileSync(file));
  });
  server.keepAliveTimeout = 1;
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The newest code cognate-local delivered to `email`. */
async function lastCode(email: string): Promise<string> {
  const res = await fetch(`${local.url}/_local/messages?${new URLSearchParams({ userPoolId: POOL, username: email })}`);
  const { messages } = (await res.json()) as { messages: { code?: string }[] };
  const code = messages.at(-1)?.code;
  if (!code) throw new Error(`no code for ${email}`);
  return code;
}

async function codeCount(email: string): Promise<number> {
  const res = await fetch(`${local.url}/_local/messages?${new URLSearchParams({ userPoolId: POOL, username: email })}`);
  return ((await res.json()) as { messages: unknown[] }).messages.length;
}

const events = (page: Page) => page.locator('#hub-events li').allTextContents();

async function signIn(page: Page, password: string, stepOffset: number, secret: string): Promise<void> {
  await page.locator('input[name="username"]').fill(EMAIL);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('input[name="confirmation_code"]').fill(totp(secret, stepOffset));
  await page.getByRole('button', { name: 'Confirm', exact: true }).click();
  await expect.poll(() => page.locator('#welcome').textContent()).toBe(`Signed in as ${EMAIL}`);
}

beforeAll(async () => {
  if (!available) return;
  local = await startServer({ port: 0, host: '127.0.0.1', log: () => {}, config: SEED } as Parameters<typeof startServer>[0]);
  rmSync(OUT, { recursive: true, force: true });
  await viteBuild(join(OUT, 'cognate'), true);
  await viteBuild(join(OUT, 'aws-amplify'), false);
  site = await serve(join(OUT, 'cognate'));
  siteUrl = `http://localhost:${(site.address() as AddressInfo).port}`;
  amplifySite = await serve(join(OUT, 'aws-amplify'));
  amplifySiteUrl = `http://localhost:${(amplifySite.address() as AddressInfo).port}`;
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  for (const server of [site, amplifySite]) {
    server?.closeAllConnections();
    await new Promise(resolve => (server ? server.close(resolve) : resolve(undefined)));
  }
  await local?.close();
});

describe.skipIf(!available)('examples/react-vite: Amplify UI on cognate, in Chromium', () => {
  it('bundles no aws-amplify code; prints both bundle sizes', () => {
    const code = (readdirSync(join(OUT, 'cognate/assets')) as string[])
      .filter(f => f.endsWith('.js'))
      .map(f => readFileSync(join(OUT, 'cognate/assets', f), 'utf8'))
      .join('\n');
    const without = (readdirSync(join(OUT, 'aws-amplify/assets')) as string[])
      .filter(f => f.endsWith('.js'))
      .map(f => readFileSync(join(OUT, 'aws-amplify/assets', f), 'utf8'))
      .join('\n');
    for (const marker of ['createAmplifyContext', 'is protected and dispatching']) {
      expect(code).not.toContain(marker);
      expect(without).toContain(marker);
    }
    const ours = brotliJs(join(OUT, 'cognate'));
    const theirs = brotliJs(join(OUT, 'aws-amplify'));
    const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;
    console.log(
      `examples/react-vite (vite build), JavaScript brotli 11: with cognate ${kB(ours.all)} in all (entry chunk ${kB(ours.entry)}), ` +
        `with aws-amplify ${kB(theirs.all)} (entry chunk ${kB(theirs.entry)})`,
    );
    expect(ours.all).toBeLessThan(theirs.all);
    expect(ours.entry).toBeLessThan(theirs.entry);
  });

  it('sign-up, confirm, TOTP set-up, reload, sign-out, sign-in, change password, forgot password, delete account', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', error => failures.push(String(error)));
    try {
      await page.goto(siteUrl);

      // Sign up; the code arrives by (simulated) email.
      await page.getByRole('tab', { name: 'Create Account' }).click();
      await page.locator('input[name="email"]').fill(EMAIL);
      await page.locator('input[name="password"]').fill(PASSWORDS[0]!);
      await page.locator('input[name="confirm_password"]').fill(PASSWORDS[0]!);
      await page.getByRole('button', { name: 'Create Account' }).click();
      await page.locator('input[name="confirmation_code"]').waitFor();
      await page.locator('input[name="confirmation_code"]').fill(await lastCode(EMAIL));
      await page.getByRole('button', { name: 'Confirm', exact: true }).click();

      // Signed in automatically, into the TOTP set-up the pool requires: the secret is on the page.
      const secret = (await page.locator('[data-amplify-copy] > div').first().textContent())!.trim();
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      await page.locator('input[name="confirmation_code"]').fill(totp(secret, -1));
      await page.getByRole('button', { name: 'Confirm', exact: true }).click();
      await expect.poll(() => page.locator('#welcome').textContent()).toBe(`Signed in as ${EMAIL}`);
      expect(await events(page)).toContain('signedIn');

      // Reload: still signed in (tokens in localStorage), no sign-in form.
      await page.reload();
      await expect.poll(() => page.locator('#welcome').textContent()).toBe(`Signed in as ${EMAIL}`);
      expect(await page.locator('input[name="username"]').count()).toBe(0);

      // Sign out: the Authenticator (listening on @aws-amplify/core's Hub) and the app (aws-amplify/utils's) both see it.
      await page.locator('#sign-out').click();
      await page.locator('input[name="username"]').waitFor();
      expect(await events(page)).toEqual(['signedOut']);

      // Sign in with password and TOTP code.
      await signIn(page, PASSWORDS[0]!, 0, secret);
      expect(await events(page)).toEqual(['signedOut', 'signedIn']);

      // AccountSettings.ChangePassword.
      await page.locator('input[name="currentPassword"]').fill(PASSWORDS[0]!);
      await page.locator('input[name="newPassword"]').fill(PASSWORDS[1]!);
      await page.locator('input[name="confirmPassword"]').fill(PASSWORDS[1]!);
      await page.getByRole('button', { name: 'Update password' }).click();
      await expect.poll(() => page.locator('#notice').textContent()).toBe('Password changed');

      // Sign out, then forgot password with the emailed code.
      await page.locator('#sign-out').click();
      await page.getByRole('button', { name: 'Forgot your password?' }).click();
      const before = await codeCount(EMAIL);
      await page.locator('input[name="username"]').fill(EMAIL);
      await page.getByRole('button', { name: 'Send code' }).click();
      await expect.poll(() => codeCount(EMAIL)).toBe(before + 1);
      await page.locator('input[name="confirmation_code"]').fill(await lastCode(EMAIL));
      await page.locator('input[name="password"]').fill(PASSWORDS[2]!);
      await page.locator('input[name="confirm_password"]').fill(PASSWORDS[2]!);
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.locator('input[name="username"]').waitFor();

      // The old password no longer works; the new one does.
      await page.locator('input[name="username"]').fill(EMAIL);
      await page.locator('input[name="password"]').fill(PASSWORDS[1]!);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Incorrect username or password');
      await signIn(page, PASSWORDS[2]!, 1, secret);

      // AccountSettings.DeleteUser: the account is gone and the Authenticator is back at sign-in.
      await page.getByRole('button', { name: 'Delete Account' }).click();
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await expect.poll(() => page.locator('#notice').textContent()).toBe('Account deleted');
      await page.locator('input[name="username"]').waitFor();
      const answer = await fetch(local.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.ForgotPassword' },
        body: JSON.stringify({ ClientId: CLIENT, Username: EMAIL }),
      });
      expect(((await answer.json()) as { __type: string }).__type).toBe('UserNotFoundException');
      expect(failures).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('speaks the language set with I18n (Amplify UI’s translations through cognate/utils)', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    try {
      const page = await context.newPage();
      await page.goto(`${siteUrl}/?lang=fr-CA`); // no fr-CA dictionary: the base language's
      await page.getByRole('button', { name: 'Se connecter', exact: true }).waitFor();
      expect(await page.getByRole('tab', { name: 'Créer un compte' }).count()).toBe(1);
      await page.goto(`${siteUrl}/?lang=xx`); // none at all: Amplify UI's English defaults
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('a second tab hears the first one’s token writes, sign-out and sign-in where asked, as with aws-amplify', async () => {
    // A user signed in (with TOTP set up) from Node; their tokens in Amplify's storage layout.
    const email = 'grace@example.com';
    await fetch(local.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp' },
      body: JSON.stringify({ ClientId: CLIENT, Username: email, Password: PASSWORDS[0], UserAttributes: [{ Name: 'email', Value: email }] }),
    });
    const storage = new MapStorage();
    Cognate.configure({ Auth: { Cognito: { userPoolId: POOL, userPoolClientId: CLIENT, userPoolEndpoint: local.url } } });
    cognateAuth.cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
    await cognateAuth.confirmSignUp({ username: email, confirmationCode: await lastCode(email) });
    const started = await cognateAuth.signIn({ username: email, password: PASSWORDS[0]! });
    expect(started.nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
    const secret = (started.nextStep as { totpSetupDetails: { sharedSecret: string } }).totpSetupDetails.sharedSecret;
    expect((await cognateAuth.confirmSignIn({ challengeResponse: totp(secret) })).isSignedIn).toBe(true);
    const tokens = Object.fromEntries(storage.map);

    /** Two tabs of the app at `url`, signed in; the first writes tokens, signs out, signs in again. */
    const twoTabs = async (url: string) => {
      const context = await browser.newContext();
      try {
        const [first, second] = [await context.newPage(), await context.newPage()];
        await first.goto(url);
        await first.evaluate(entries => {
          for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
        }, tokens);
        await first.reload();
        await first.locator('#welcome').waitFor();
        await second.goto(url);
        await second.locator('#welcome').waitFor();
        const all = (page: Page) => page.locator('#hub-events-all-tabs li').allTextContents();
        // The first tab writes a new access token (as a refresh does), then the old one again.
        await first.evaluate(() => {
          const key = Object.keys(localStorage).find(k => k.endsWith('.accessToken'))!;
          const token = localStorage.getItem(key)!;
          localStorage.setItem(key, `${token}x`);
          localStorage.setItem(key, token);
        });
        await expect.poll(() => all(second), url).toEqual(['tokenRefresh (other tab)', 'tokenRefresh (other tab)']);
        // Sign-out in the first tab.
        await first.locator('#sign-out').click();
        await expect.poll(() => all(second), url).toHaveLength(3);
        // The first tab signs in again (its tokens written back).
        await first.evaluate(entries => {
          for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
        }, tokens);
        await expect.poll(() => all(second), url).toHaveLength(4);
        // A plain listener hears nothing of another tab, and the Authenticator (one) stays as it was.
        return { plain: await events(second), all: await all(second), signedInShown: await second.locator('#welcome').count() };
      } finally {
        await context.close();
      }
    };
    const ours = await twoTabs(siteUrl);
    const amplify = await twoTabs(amplifySiteUrl);
    expect(ours).toEqual(amplify);
    expect(ours).toEqual({
      plain: [],
      all: ['tokenRefresh (other tab)', 'tokenRefresh (other tab)', 'signedOut (other tab)', 'signedIn (other tab)'],
      signedInShown: 1,
    });
  }, 60_000);
});
