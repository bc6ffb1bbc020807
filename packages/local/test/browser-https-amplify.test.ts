/**
 * The real `aws-amplify` v6 signInWithRedirect in Chromium against `cognate-local` over HTTPS.
 * Amplify builds `https://<domain>/oauth2/authorize` and `https://<domain>/oauth2/token`, so it needs
 * an https hosted UI: startServer({ https: true }) gives `https://localhost:PORT`. The app (Amplify
 * bundled for the browser with esbuild) is served from `http://localhost:<port2>`; the browser
 * context ignores certificate errors, as the printed trust step tells Playwright users to.
 */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { allowDemoOrigin, DEMO_CONFIG, type RunningServer } from '../src/index.js';
import { artifact, browserAvailable, CHROMIUM, launchBrowser, serveSite, type Site } from './browser-harness.js';
import { start } from './helpers.js';
import { startHttpsHostedUi, type HttpsHostedUi } from './https-hosted-ui.js';

/** The globals the test page sets (evaluated in the page; the type is erased before it gets there). */
interface TestPage {
  amplify: typeof import('aws-amplify/auth');
  ready?: boolean;
}

const ROOT = join(import.meta.dirname, '../../..');
const POOL = 'us-east-1_HttpsAmplif1';
const CLIENT = 'httpsamplifyspa00000000001';
const available = existsSync(CHROMIUM);

let browser: Browser;
let local: RunningServer;
let spa: Site;
let bundle: string;
let hosted: HttpsHostedUi;

function page(): string {
  const { config } = hosted;
  return `<!doctype html><meta charset="utf-8"><title>Amplify app</title><h1>Amplify app</h1>
<script src="/amplify.js"></script>
<script>
const { Amplify, Hub } = window.amplify;
const log = (event) => { const all = JSON.parse(sessionStorage.getItem('hub') || '[]'); all.push(event); sessionStorage.setItem('hub', JSON.stringify(all)); };
Hub.listen('auth', ({ payload }) => log(payload.event === 'signInWithRedirect_failure' ? payload.event + ': ' + payload.data.error.name + ' ' + payload.data.error.message : payload.event));
Amplify.configure(${JSON.stringify(config)});
window.ready = true;
</script>`;
}

beforeAll(async () => {
  if (!available) return;
  const bundled = await build({
    stdin: {
      contents: [
        "import { Amplify } from 'aws-amplify';",
        "import { signInWithRedirect, signOut, fetchAuthSession, getCurrentUser } from 'aws-amplify/auth';",
        "import 'aws-amplify/auth/enable-oauth-listener';",
        "import { Hub } from 'aws-amplify/utils';",
        'window.amplify = { Amplify, Hub, signInWithRedirect, signOut, fetchAuthSession, getCurrentUser };',
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
  spa = await serveSite(url =>
    url.pathname === '/' ? { body: page() } : url.pathname === '/amplify.js' ? { type: 'text/javascript; charset=utf-8', body: bundle } : undefined,
  );
  hosted = await startHttpsHostedUi({
    startServer: start,
    poolId: POOL,
    clientId: CLIENT,
    scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
    redirectSignIn: [`${spa.url}/`],
    redirectSignOut: [`${spa.url}/`],
    pool: {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      users: [{ Username: 'hana@example.com', Password: 'Passw0rd!', Attributes: { email: 'hana@example.com', email_verified: 'true' } }],
    },
    client: { ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'] },
  });
  local = hosted.local;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await hosted?.close();
  await spa?.close();
});

it.skipIf(!available)(
  "aws-amplify's signInWithRedirect signs in through the https hosted UI; the tokens' iss is https://localhost:PORT/<pool>",
  async () => {
    const hosted = `https://localhost:${local.port}`;
    expect(local.url).toBe(hosted);
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    try {
      const app = await context.newPage();
      await app.goto(`${spa.url}/`);
      await app.waitForFunction(() => (window as unknown as TestPage).ready === true);
      const authorize = app.waitForRequest(r => r.url().includes('/oauth2/authorize'));
      await app.evaluate(() => {
        void (window as unknown as TestPage).amplify.signInWithRedirect();
      });
      const authorizeUrl = new URL((await authorize).url());
      expect(authorizeUrl.origin).toBe(hosted);
      expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(`${spa.url}/`);
      expect(authorizeUrl.searchParams.get('client_id')).toBe(CLIENT);

      // The hosted page, over https.
      await app.waitForURL(u => u.origin === hosted && u.pathname === '/login');
      await app.fill('#username', 'hana@example.com');
      await app.fill('#password', 'Passw0rd!');
      await app.screenshot({ path: artifact('https-amplify-hosted-login.png') });
      await app.click('button[name="signInSubmitButton"]');

      // Back at the app: Amplify exchanged the code at https://localhost:PORT/oauth2/token.
      await app.waitForURL(u => u.origin === spa.url && u.pathname === '/');
      await app.waitForFunction(() =>
        JSON.parse(sessionStorage.getItem('hub') || '[]').some((e: string) => e === 'signedIn' || e.startsWith('signInWithRedirect_failure')),
      );
      expect(await app.evaluate(() => JSON.parse(sessionStorage.getItem('hub') || '[]'))).toEqual(['signInWithRedirect', 'signedIn']);
      const session = await app.evaluate(async () => {
        const { fetchAuthSession, getCurrentUser } = (window as unknown as TestPage).amplify;
        const { tokens } = await fetchAuthSession();
        const user = await getCurrentUser();
        return {
          idIss: tokens.idToken.payload.iss,
          accessIss: tokens.accessToken.payload.iss,
          email: tokens.idToken.payload.email,
          username: user.username === tokens.accessToken.payload.username,
        };
      });
      expect(session).toEqual({ idIss: `${hosted}/${POOL}`, accessIss: `${hosted}/${POOL}`, email: 'hana@example.com', username: true });
      // The hosted session cookie is Secure on the https origin.
      const cookie = (await context.cookies(hosted)).find(c => c.name === 'cognito');
      expect(cookie?.secure).toBe(true);

      // signOut goes through https://localhost:PORT/logout and back, ending the hosted session.
      const logout = app.waitForRequest(r => r.url().startsWith(`${hosted}/logout?`));
      await app.evaluate(() => {
        void (window as unknown as TestPage).amplify.signOut();
      });
      await logout;
      await app.waitForURL(u => u.origin === spa.url && u.pathname === '/');
      await app.waitForFunction(() => (window as unknown as TestPage).ready === true);
      expect(
        await app.evaluate(() =>
          (window as unknown as TestPage).amplify.getCurrentUser().then(
            () => 'signed in',
            (e: Error) => e.name,
          ),
        ),
      ).toBe('UserUnAuthenticatedException');
      expect((await context.cookies(hosted)).some(c => c.name === 'cognito')).toBe(false);
    } finally {
      await context.close();
    }
  },
  90_000,
);

it.skipIf(!browserAvailable())(
  "the console's demo app over https signs in through the hosted UI and back (what --https --demo serves)",
  async () => {
    const demo = await start({ https: true, tlsDir: hosted.tlsDir, config: DEMO_CONFIG });
    allowDemoOrigin(demo.local.services, demo.url); // as the CLI does with --demo
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', error => errors.push(String(error)));
      await page.goto(`${demo.url}/_local/console/demo`);
      await page.waitForSelector('body[data-ready=true]');
      await page.click('#hosted-ui');
      await page.waitForURL(url => url.origin === demo.url && url.pathname === '/login');
      await page.fill('#username', 'demo@example.com');
      await page.fill('#password', 'Passw0rd!');
      await page.click('button[name="signInSubmitButton"]');
      await page.waitForSelector('#view-profile:not([hidden])');
      expect(page.url()).toBe(`${demo.url}/_local/console/demo`);
      expect(JSON.parse((await page.textContent('#profile-id-token'))!).iss).toBe(`${demo.url}/us-east-1_CognateD1`);
      // The overview's calls to /_local/* are same-origin over https too.
      await page.goto(`${demo.url}/`);
      expect(await page.textContent('body')).toContain('us-east-1_CognateD1');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await demo.close();
    }
  },
  90_000,
);
