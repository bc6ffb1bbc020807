/**
 * The Next.js examples end to end in headless Chromium against a cognate-local started here, for
 * Next 16 (`examples/nextjs`: Turbopack, `proxy.ts` on the Node runtime, TypeScript 7) and Next 15
 * (`examples/nextjs-15`: webpack, `middleware.ts` on the Edge runtime, TypeScript 5): `next build`
 * once each, `next start`, then sign-in through `createAuthRouteHandlers` and the hosted UI, the
 * user in a Server Component, an API route and a Server Action, HttpOnly auth cookies, an expired
 * access token refreshed by the proxy / middleware with the new cookies set, sign-out (cookies,
 * hosted session and refresh token all gone), sign-up on the hosted pages with the emailed code
 * ending signed in, refused open redirects, replayed and forged `state`s, and the header nav that
 * follows the signed-in state (rendered on the server; screenshots of both states in
 * .tmp/browser-artifacts). Without Chromium or a build: each example's `npm run cognate-local`
 * runs next to the root `npm start`.
 *
 * Everything is on `http://localhost` (the app and cognate-local on two ports; sockets on
 * 127.0.0.1), and cognate-local's issuer is `http://localhost:<port>`, the URL the app is given.
 *
 * Expiry: the example's server checks `exp` against its own clock, and cognate-local refuses access
 * tokens shorter than 5 minutes (as Cognito), so "an hour has passed" is made honestly by signing in
 * while cognate-local's clock is set back 3,700 s: the tokens the browser receives were issued an
 * hour ago and are expired for both servers; the clock is put back before the first request that
 * reads them (Playwright holds that navigation until then). No clock is faked in the Next process.
 *
 * `next build` takes ~20 s (16) and ~30-60 s (15) on 2 vCPUs; the suite prints the times. Set
 * COGNATE_E2E_NEXT_REUSE_BUILD=1 to reuse existing `.next` builds when iterating.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Cookie, Page } from 'playwright-core';
import { CHROMIUM, launchBrowser } from '../../local/test/browser-harness.js';
import { startServer, type RunningServer } from 'cognate-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from './helpers.js';

const EXAMPLES = [
  {
    label: 'Next 16 (examples/nextjs, proxy.ts on Node)',
    dir: fileURLToPath(new URL('../../../examples/nextjs/', import.meta.url)),
    bin: fileURLToPath(new URL('../../../node_modules/next/dist/bin/next', import.meta.url)),
  },
  {
    label: 'Next 15 (examples/nextjs-15, middleware.ts on Edge)',
    dir: fileURLToPath(new URL('../../../examples/nextjs-15/', import.meta.url)),
    bin: fileURLToPath(new URL('../../../examples/nextjs-15/node_modules/next/dist/bin/next', import.meta.url)),
  },
];
const ARTIFACTS = fileURLToPath(new URL('../../../.tmp/browser-artifacts/', import.meta.url));
mkdirSync(ARTIFACTS, { recursive: true });
const EMAIL = 'demo@example.com';
const PASSWORD = 'Passw0rd!';
const available = existsSync(CHROMIUM);
const timings: string[] = [];
let browser: Browser;

const seedText = readFileSync(fileURLToPath(new URL('../../../examples/nextjs/cognate-local.json', import.meta.url)), 'utf8');
const POOL = JSON.parse(seedText).userPools[0].Id as string;
const CLIENT = JSON.parse(seedText).userPools[0].clients[0].ClientId as string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise(resolve => server.close(resolve));
  return port;
}

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NEXT_IGNORE_INCORRECT_LOCKFILE: '1' };

const tokenCookie = (cookies: Cookie[], field: string) =>
  cookies.find(c => c.name.startsWith(`CognitoIdentityServiceProvider.${CLIENT}.`) && c.name.endsWith(`.${field}`));
const authCookies = (cookies: Cookie[]) =>
  cookies.filter(
    c => c.name.startsWith('CognitoIdentityServiceProvider.') || c.name.startsWith('com.amplify.server_auth.') || c.name.startsWith('cognate.server_auth.'),
  );
const payload = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
/** The value of cookie `field` in a response's Set-Cookie lines. */
const setCookieValue = (lines: string[], field: string) => {
  const line = lines.find(l => /^CognitoIdentityServiceProvider\.[^=]+\./.test(l) && l.slice(0, l.indexOf('=')).endsWith(`.${field}`));
  return line ? line.slice(line.indexOf('=') + 1, line.indexOf(';')) : undefined;
};
const setCookieLines = async (response: { headersArray(): Promise<{ name: string; value: string }[]> }) =>
  (await response.headersArray()).filter(h => h.name.toLowerCase() === 'set-cookie').flatMap(h => h.value.split('\n'));

beforeAll(async () => {
  if (!available) return;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  if (timings.length) console.log(`[e2e-nextjs] ${timings.join('; ')}`);
});

for (const example of EXAMPLES) {
  describe.skipIf(!available || !existsSync(example.bin))(example.label, () => {
    let local: RunningServer;
    let app: string;
    /** cognate-local as the browser sees it (the hosted UI). */
    let hosted: string;
    let next: ChildProcess | undefined;
    let build: number | undefined;
    let start = 0;
    const nextLog: string[] = [];

    beforeAll(async () => {
      const [localPort, appPort] = [await freePort(), await freePort()];
      app = `http://localhost:${appPort}`;
      hosted = `http://localhost:${localPort}`;
      // The example's seed, with its callback and sign-out URLs moved to this run's port, and refresh
      // token rotation on (so a refresh must write the new refresh token back, or the session is lost).
      const seed = JSON.parse(seedText);
      const client = seed.userPools[0].clients[0];
      client.CallbackURLs = [`${app}/api/auth/sign-in-callback`];
      client.LogoutURLs = [`${app}/api/auth/sign-out-callback`];
      client.RefreshTokenRotation = { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 };
      local = await startServer({ port: localPort, host: '127.0.0.1', issuerBase: hosted, config: seed, log: () => {} } as Parameters<typeof startServer>[0]);

      let started = Date.now();
      if (!(process.env.COGNATE_E2E_NEXT_REUSE_BUILD && existsSync(`${example.dir}.next/BUILD_ID`))) {
        await promisify(execFile)(process.execPath, [example.bin, 'build'], { cwd: example.dir, env, maxBuffer: 16 * 1024 * 1024 });
        build = Date.now() - started;
      }
      started = Date.now();
      next = spawn(process.execPath, [example.bin, 'start', '-H', '127.0.0.1', '-p', String(appPort)], {
        cwd: example.dir,
        env: { ...env, COGNATE_LOCAL_URL: `http://localhost:${localPort}`, AMPLIFY_APP_ORIGIN: app, USER_POOL_ID: POOL, USER_POOL_CLIENT_ID: CLIENT },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      next.stdout!.on('data', chunk => nextLog.push(String(chunk)));
      next.stderr!.on('data', chunk => nextLog.push(String(chunk)));
      for (;;) {
        if (next.exitCode !== null) throw new Error(`next start exited: ${nextLog.join('')}`);
        const ok = await fetch(`${app}/`).then(
          r => r.ok,
          () => false,
        );
        if (ok) break;
        if (Date.now() - started > 30_000) throw new Error(`next start did not answer: ${nextLog.join('')}`);
        await new Promise(r => setTimeout(r, 100));
      }
      start = Date.now() - started;
    }, 180_000);

    afterAll(async () => {
      if (next && next.exitCode === null) {
        next.kill('SIGTERM');
        await new Promise(resolve => next!.once('exit', resolve));
      }
      await local?.close();
      timings.push(`${example.label}: next build ${build === undefined ? 'reused' : `${build} ms`}, next start ready in ${start} ms`);
    });

    /** Fills the hosted login page (the page must be on it). */
    async function hostedLogin(page: Page) {
      await page.waitForURL(url => url.origin === hosted && url.pathname === '/login');
      await page.fill('#username', EMAIL);
      await page.fill('#password', PASSWORD);
      await Promise.all([page.waitForURL(`${app}/protected`), page.click('button[name=signInSubmitButton]')]);
    }

    describe('in Chromium', () => {
      let context: BrowserContext;
      let page: Page;
      let callbackUrl: string;
      let username: string;

      beforeAll(async () => {
        context = await browser.newContext();
        page = await context.newPage();
      });
      afterAll(() => context?.close());

      it('a signed-out visit to /protected goes through the proxy to sign-in and on to the hosted UI', async () => {
        const chain: string[] = [];
        page.on('response', response => {
          if (response.request().isNavigationRequest()) chain.push(`${response.status()} ${response.url().replace(app, '').replace(/\?.*/, '')}`);
        });
        await page.goto(`${app}/protected`);
        await page.waitForURL(url => url.pathname === '/login');
        expect(chain.slice(0, 3)).toEqual(['307 /protected', '302 /api/auth/sign-in', `302 ${hosted}/oauth2/authorize`]);
        const authorize = new URL(page.url());
        expect(authorize.searchParams.get('client_id')).toBe(CLIENT);
        expect(authorize.searchParams.get('redirect_uri')).toBe(`${app}/api/auth/sign-in-callback`);
        expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
        const flow = authCookies(await context.cookies(app));
        expect(flow.map(c => c.name).sort()).toEqual(['cognate.server_auth.redirect', 'com.amplify.server_auth.pkce', 'com.amplify.server_auth.state']);
        for (const cookie of flow) expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
        expect(flow.find(c => c.name === 'com.amplify.server_auth.state')!.value).toBe(authorize.searchParams.get('state'));
      });

      it('signs in on the hosted UI and lands on /protected, where the Server Component shows the user', async () => {
        const callback = page.waitForRequest(request => request.url().startsWith(`${app}/api/auth/sign-in-callback`));
        await hostedLogin(page);
        callbackUrl = (await callback).url();
        await expect.poll(() => page.textContent('[data-testid=email]')).toBe(EMAIL);
        username = (await page.textContent('[data-testid=user]'))!;
        const access = tokenCookie(await context.cookies(app), 'accessToken')!;
        expect(payload(access.value).username).toBe(username);
        expect(await page.textContent('[data-testid=sub]')).toBe(payload(access.value).sub);
        await page.screenshot({ path: `${ARTIFACTS}${example.dir.split('/').at(-2)}-protected.png` });
      });

      it('the auth cookies are HttpOnly, SameSite=Strict, Path=/ (not Secure on http://localhost); the flow cookies are gone', async () => {
        const cookies = authCookies(await context.cookies(app));
        expect(cookies.map(c => c.name.replace(`${CLIENT}.`, '').replace(`${username}.`, '')).sort()).toEqual([
          'CognitoIdentityServiceProvider.LastAuthUser',
          'CognitoIdentityServiceProvider.accessToken',
          'CognitoIdentityServiceProvider.idToken',
          'CognitoIdentityServiceProvider.refreshToken',
        ]);
        for (const cookie of cookies) expect(cookie, cookie.name).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', secure: false });
        // Script on the page cannot see them.
        expect(await page.evaluate(() => document.cookie)).not.toContain('CognitoIdentityServiceProvider');
      });

      it('the API route (App Router and Pages Router) and the Server Action see the user; the home page too', async () => {
        const me = await page.evaluate(() => fetch('/api/me').then(async r => ({ status: r.status, body: await r.json() })));
        expect(me).toEqual({
          status: 200,
          body: { signedIn: true, username, userId: expect.any(String), scope: 'openid email profile aws.cognito.signin.user.admin' },
        });
        const pagesRouter = await page.evaluate(() => fetch('/api/pages-me').then(async r => ({ status: r.status, body: await r.json() })));
        expect(pagesRouter).toEqual({ status: 200, body: { signedIn: true, username } });
        await page.click('text=Ask a Server Action');
        await expect.poll(() => page.textContent('[data-testid=action-result]')).toBe(`The action saw ${username}`);
        await page.goto(`${app}/`);
        expect(await page.textContent('[data-testid=status]')).toBe(`Signed in as ${username}`);
      });

      it('a replayed callback (same code and state) is refused and sets no tokens, in this browser or another', async () => {
        const before = tokenCookie(await context.cookies(app), 'accessToken')!.value;
        const again = await page.goto(callbackUrl);
        expect(new URL(page.url()).searchParams.get('error')).toBe('timeout');
        expect(again!.status()).toBe(200);
        expect(tokenCookie(await context.cookies(app), 'accessToken')!.value).toBe(before);
        const other = await browser.newContext();
        try {
          const otherPage = await other.newPage();
          await otherPage.goto(callbackUrl);
          expect(new URL(otherPage.url()).searchParams.get('error')).toBe('timeout');
          expect(authCookies(await other.cookies(app))).toEqual([]);
        } finally {
          await other.close();
        }
      });

      it('signing out revokes the refresh token, clears the cookies and ends the hosted-UI session', async () => {
        const refreshToken = tokenCookie(await context.cookies(app), 'refreshToken')!.value;
        expect((await context.cookies(hosted)).some(c => c.name === 'cognito')).toBe(true);
        await page.goto(`${app}/`);
        await Promise.all([page.waitForURL(`${app}/`, { waitUntil: 'load' }), page.click('text=Sign out')]);
        await expect.poll(() => page.textContent('[data-testid=status]')).toBe('Signed out');
        expect(authCookies(await context.cookies(app))).toEqual([]);
        expect((await context.cookies(hosted)).some(c => c.name === 'cognito')).toBe(false);
        const refreshed = await fetch(`${local.url}/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'refresh_token', client_id: CLIENT, refresh_token: refreshToken }),
        });
        expect(await refreshed.json()).toEqual({ error: 'invalid_grant' });
        // No silent sign-in: /protected asks for the password again.
        await page.goto(`${app}/protected`);
        await page.waitForURL(url => url.pathname === '/login');
      });
    });

    describe('refresh in the proxy / middleware', () => {
      it('an expired access token is refreshed by the proxy, the new (rotated) cookies are set, and the page renders with them', async () => {
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          // Sign in "an hour ago": cognate-local issues tokens that are already expired now.
          await setClock(local.url, { offsetSeconds: -3700 });
          let landing: Promise<string[]> | undefined;
          await page.route(`${app}/protected`, async route => {
            await setClock(local.url, { offsetSeconds: 0 });
            await route.continue();
          });
          const callback = page.waitForResponse(r => r.url().startsWith(`${app}/api/auth/sign-in-callback`));
          landing = page.waitForResponse(`${app}/protected`).then(setCookieLines);
          try {
            await page.goto(`${app}/api/auth/sign-in`);
            await hostedLogin(page);
          } finally {
            await setClock(local.url, { offsetSeconds: 0 });
          }
          const issued = await setCookieLines(await callback);
          const oldAccess = setCookieValue(issued, 'accessToken')!;
          const oldRefresh = setCookieValue(issued, 'refreshToken')!;
          expect(payload(oldAccess).exp * 1000).toBeLessThan(Date.now());

          // The proxy refreshed: its response set new token cookies, HttpOnly.
          const lines = await landing;
          const newAccess = setCookieValue(lines, 'accessToken')!;
          expect(newAccess).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
          expect(newAccess).not.toBe(oldAccess);
          expect(payload(newAccess).exp * 1000).toBeGreaterThan(Date.now() + 50 * 60_000);
          expect(setCookieValue(lines, 'refreshToken')).not.toBe(oldRefresh);
          for (const line of lines.filter(l => l.startsWith('CognitoIdentityServiceProvider.'))) expect(line).toMatch(/HttpOnly/i);
          // …and the Server Component of the same request already read them.
          await expect.poll(() => page.textContent('[data-testid=email]')).toBe(EMAIL);
          const cookies = await context.cookies(app);
          expect(tokenCookie(cookies, 'accessToken')!.value).toBe(newAccess);
          expect(tokenCookie(cookies, 'refreshToken')!.value).toBe(setCookieValue(lines, 'refreshToken'));

          // The next request needs no refresh; the rotated refresh token is the one that works.
          await page.unroute(`${app}/protected`);
          const reload = await page.goto(`${app}/protected`);
          expect(setCookieValue(await setCookieLines(reload!), 'accessToken')).toBeUndefined();
          expect(await page.textContent('[data-testid=email]')).toBe(EMAIL);
        } finally {
          await context.close();
        }
      });
    });

    describe('sign-up through the hosted UI', () => {
      it('/api/auth/sign-up opens the hosted sign-up page; after the emailed code the new user lands signed in', async () => {
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          const email = `new.${example.dir.includes('nextjs-15') ? '15' : '16'}.${Date.now()}@example.com`;
          await page.goto(`${app}/api/auth/sign-up`);
          await page.waitForURL(url => url.origin === hosted && url.pathname === '/signup');
          expect(new URL(page.url()).searchParams.get('redirect_uri')).toBe(`${app}/api/auth/sign-in-callback`);
          await page.fill('#email', email);
          await page.fill('#password', PASSWORD);
          await page.click('button[type=submit]');
          await page.waitForURL(url => url.origin === hosted && url.pathname === '/confirm');
          // The code cognate-local "emailed" (its outbox), as a person would read it from the inbox.
          const { messages } = (await (await fetch(`${local.url}/_local/messages?${new URLSearchParams({ userPoolId: POOL, username: email })}`)).json()) as {
            messages: Array<{ code?: string }>;
          };
          const code = messages.filter(m => m.code).at(-1)!.code!;
          await page.fill('#code', code);
          // Confirming signs in (as Cognito's hosted pages do), back through the callback to /protected.
          await Promise.all([page.waitForURL(`${app}/protected`), page.click('button[type=submit]')]);
          await expect.poll(() => page.textContent('[data-testid=email]')).toBe(email);
          const access = tokenCookie(await context.cookies(app), 'accessToken')!;
          expect(access.httpOnly).toBe(true);
          expect(payload(access.value).username).toBe(await page.textContent('[data-testid=user]'));
        } finally {
          await context.close();
        }
      });
    });

    describe('navigation follows the signed-in state', () => {
      /** The header nav's links as [text, href], in order. */
      const navLinks = (page: Page) => page.$$eval('header nav a', links => links.map(a => [a.textContent!.trim(), a.getAttribute('href')]));
      const shot = (page: Page, state: string) => page.screenshot({ path: `${ARTIFACTS}${example.dir.split('/').at(-2)}-nav-${state}.png` });

      it('signed out: Sign in and Sign up; after the hosted-UI sign-in: the email, Protected page and Sign out (rendered on the server); signed out again after Sign out', async () => {
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          await page.goto(`${app}/`);
          expect(await navLinks(page)).toEqual([
            ['Sign in', '/api/auth/sign-in'],
            ['Sign up', '/api/auth/sign-up'],
          ]);
          expect(await page.locator('[data-testid=nav-user]').count()).toBe(0);
          await shot(page, 'signed-out');

          await page.click('header nav >> text=Sign in');
          await hostedLogin(page);
          for (const path of ['/protected', '/']) {
            if (path === '/') await page.goto(`${app}/`);
            expect(await page.textContent('header [data-testid=nav-user]'), path).toBe(EMAIL);
            expect(await navLinks(page), path).toEqual([
              ['Protected page', '/protected'],
              ['Sign out', '/api/auth/sign-out'],
            ]);
          }
          await shot(page, 'signed-in');
          // In the server's HTML, not filled in by script: the same request, read without a browser.
          const html = await (await context.request.get(`${app}/`)).text();
          expect(html).toContain('data-testid="nav-user"');
          expect(html).toContain(`>${EMAIL}<`);
          expect(html).not.toContain('>Sign in<');

          // A forged ID token (the payload changed, the signature kept) is not a session.
          const cookies = await context.cookies(app);
          const id = tokenCookie(cookies, 'idToken')!;
          const [header, body, signature] = id.value.split('.');
          const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), email: 'mallory@example.com' })).toString(
            'base64url',
          );
          const other = await browser.newContext();
          try {
            await other.addCookies([
              ...cookies.filter(c => c !== id && c.name.startsWith('CognitoIdentityServiceProvider.') && !c.name.endsWith('.refreshToken')),
              { ...id, value: `${header}.${forged}.${signature}` },
            ]);
            const otherPage = await other.newPage();
            await otherPage.goto(`${app}/`);
            expect(await otherPage.content()).not.toContain('mallory@example.com');
            expect(await navLinks(otherPage)).toEqual([
              ['Sign in', '/api/auth/sign-in'],
              ['Sign up', '/api/auth/sign-up'],
            ]);
          } finally {
            await other.close();
          }

          // Signing out from /protected ends on / (the app's redirectOnSignOutComplete).
          await page.goto(`${app}/protected`);
          await Promise.all([page.waitForURL(`${app}/`, { waitUntil: 'load' }), page.click('header nav >> text=Sign out')]);
          expect(await navLinks(page)).toEqual([
            ['Sign in', '/api/auth/sign-in'],
            ['Sign up', '/api/auth/sign-up'],
          ]);
          expect(await page.locator('[data-testid=nav-user]').count()).toBe(0);
        } finally {
          await context.close();
        }
      });
    });

    describe('refusals', () => {
      it('sign-in, sign-up and sign-out refuse redirects off the app origin', async () => {
        const context = await browser.newContext();
        try {
          const foreign = [
            'https://evil.example/',
            '//evil.example/x',
            '/\\evil.example',
            'http://localhost:1/',
            `${local.url}/`,
            'javascript:alert(1)',
            '/\n/evil.example',
            '/\t/evil.example',
            ' //evil.example',
          ];
          for (const route of ['sign-in', 'sign-up', 'sign-out']) {
            for (const target of foreign) {
              const response = await context.request.get(`${app}/api/auth/${route}?redirect=${encodeURIComponent(target)}`, { maxRedirects: 0 });
              expect(response.status(), `${route} → ${target}`).toBe(400);
            }
            // A path on the app is fine.
            const ok = await context.request.get(`${app}/api/auth/${route}?redirect=${encodeURIComponent('/protected?tab=1')}`, { maxRedirects: 0 });
            expect(ok.status()).toBe(302);
          }
          expect(authCookies(await context.cookies(app)).some(c => c.name.startsWith('CognitoIdentityServiceProvider.'))).toBe(false);
        } finally {
          await context.close();
        }
      });

      it('a sign-out started by another site is refused', async () => {
        const response = await fetch(`${app}/api/auth/sign-out`, { redirect: 'manual', headers: { 'sec-fetch-site': 'cross-site' } });
        expect(response.status).toBe(403);
      });

      it("a forged state, or another browser's code and state (login CSRF), is refused", async () => {
        // The attacker signs in with their own account and stops before the callback.
        const attacker = await browser.newContext();
        const victim = await browser.newContext();
        try {
          const attackerPage = await attacker.newPage();
          await attackerPage.route(`${app}/api/auth/sign-in-callback**`, route => route.abort());
          const stolen = attackerPage.waitForRequest(r => r.url().startsWith(`${app}/api/auth/sign-in-callback`));
          await attackerPage.goto(`${app}/api/auth/sign-in`);
          await attackerPage.waitForURL(url => url.pathname === '/login');
          await attackerPage.fill('#username', EMAIL);
          await attackerPage.fill('#password', PASSWORD);
          await attackerPage.click('button[name=signInSubmitButton]').catch(() => {});
          const callback = new URL((await stolen).url());

          // The victim has a sign-in of their own in progress: the attacker's state does not match it.
          const victimPage = await victim.newPage();
          await victimPage.goto(`${app}/api/auth/sign-in`);
          await victimPage.waitForURL(url => url.pathname === '/login');
          const forged = await victimPage.goto(callback.href);
          expect(forged!.status()).toBe(400);
          const bogus = await victimPage.goto(`${app}/api/auth/sign-in-callback?code=abc&state=forged`);
          expect(bogus!.status()).toBe(400);
          expect(authCookies(await victim.cookies(app)).some(c => c.name.startsWith('CognitoIdentityServiceProvider.'))).toBe(false);
          // The victim's own flow is intact (a forged callback does not clear it).
          expect((await victim.cookies(app)).some(c => c.name === 'com.amplify.server_auth.state')).toBe(true);
        } finally {
          await attacker.close();
          await victim.close();
        }
      });
    });
  });
}

/**
 * A newcomer runs `npm start` at the root (cognate-local on its default port, 9229) and an example's
 * documented commands in another terminal: the example's `npm run cognate-local` must not want the
 * same port, and the app's default config (no env vars set) must point at the server it starts, whose
 * seed accepts the app's default callback URL. Runs the npm script as written; the root server's port
 * is held by a stand-in listener when nothing else holds it.
 */
describe('each example runs next to the root `npm start`', () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const portOf = (script: string) => Number(/--port[ =](\d+)/.exec(script)?.[1] ?? 9229);

  for (const example of EXAMPLES) {
    it(`${example.label}: \`npm run cognate-local\` starts while 9229 is taken, and the app's default config reaches it`, async () => {
      const rootPort = portOf(JSON.parse(readFileSync(`${root}package.json`, 'utf8')).scripts.start);
      const script = JSON.parse(readFileSync(`${example.dir}package.json`, 'utf8')).scripts['cognate-local'] as string;
      expect(portOf(script)).not.toBe(rootPort);

      const standIn = createServer();
      const held = await new Promise<boolean>(resolve => {
        standIn.once('error', () => resolve(false));
        standIn.listen(rootPort, '127.0.0.1', () => resolve(true));
      });
      for (const name of ['COGNATE_LOCAL_URL', 'USER_POOL_ID', 'USER_POOL_CLIENT_ID', 'AMPLIFY_APP_ORIGIN']) delete process.env[name];
      const { config, appOrigin } = (await import(`${example.dir}src/amplify-config.ts`)) as typeof import('../../../examples/nextjs/src/amplify-config');
      const cognito = config.Auth!.Cognito!;
      const oauth = cognito.loginWith!.oauth!;
      const log: string[] = [];
      const child = spawn('npm', ['run', 'cognate-local'], { cwd: example.dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      child.stdout!.on('data', chunk => log.push(String(chunk)));
      child.stderr!.on('data', chunk => log.push(String(chunk)));
      try {
        const issuer = `${cognito.userPoolEndpoint}/${cognito.userPoolId}`;
        for (const started = Date.now(); ; ) {
          if (child.exitCode !== null) throw new Error(`npm run cognate-local exited ${child.exitCode}: ${log.join('')}`);
          // (A timeout per try: a request sent as the port opens can hang on today's cognate-local.)
          const answer = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(2_000) }).then(
            r => (r.ok ? r.json() : undefined),
            () => undefined,
          );
          if (answer) {
            expect(answer.issuer).toBe(issuer);
            break;
          }
          if (Date.now() - started > 30_000) throw new Error(`npm run cognate-local did not answer at ${issuer}: ${log.join('')}`);
          await new Promise(r => setTimeout(r, 100));
        }
        // The hosted UI at the configured domain takes the app's default callback URL.
        expect(oauth.redirectSignIn).toEqual([`${appOrigin}/api/auth/sign-in-callback`]);
        const authorize = await fetch(
          `http://${oauth.domain}/oauth2/authorize?${new URLSearchParams({ client_id: cognito.userPoolClientId, response_type: 'code', redirect_uri: oauth.redirectSignIn[0]!, scope: 'openid', state: 'x', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' })}`,
          { redirect: 'manual' },
        );
        expect(authorize.status).toBe(302);
        expect(new URL(authorize.headers.get('location')!, `http://${oauth.domain}`).pathname).toBe('/login');
      } finally {
        if (child.exitCode === null) {
          const exited = new Promise(resolve => child.once('exit', resolve));
          process.kill(-child.pid!, 'SIGTERM');
          await exited;
        }
        if (held) await new Promise(resolve => standIn.close(resolve));
      }
    }, 60_000);
  }
});
