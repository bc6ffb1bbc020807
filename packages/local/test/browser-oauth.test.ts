/**
 * cognate's signInWithRedirect in Chromium against cognate-local's hosted UI. A single-page app on
 * a second loopback origin loads cognate's browser bundle, configures OAuth with the domain
 * `localhost:<port>` (http: a loopback domain), and records every Hub `auth` event in
 * sessionStorage so the test sees them across navigations. Shown: the hosted sign-in with PKCE
 * (authorize parameters, what waits in localStorage, the tokens stored under Amplify's keys, the
 * Hub events in order, getCurrentUser waiting for the completion), the mock Google provider
 * creating a linked federated user, customState, a tampered and a replayed state refused, an
 * unlisted origin refused, signOut through /logout ending the hosted session, and the implicit
 * grant (tokens in the URL fragment, no refresh token).
 */
import { createHash } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { artifact, browserAvailable, launchBrowser, serveSite, type Site } from './browser-harness.js';
import { call, start } from './helpers.js';

/** The globals the test page sets (evaluated in the page; the type is erased before it gets there). */
interface TestPage {
  cognate: typeof import('cognate-auth/auth');
  currentUser?: unknown;
}

const POOL = 'us-east-1_BrowserOA1';
const CLIENT = 'browseroauthspa00000000001';
const GOOGLE_SUB = '10769150350006150715';
const KEY = `CognitoIdentityServiceProvider.${CLIENT}`;
/** A second app client that allows only the implicit grant; its SPA page is `/implicit`. */
const IMPLICIT_CLIENT = 'browseroauthimplicit000001';

let browser: Browser;
let local: RunningServer;
let spa: Site;
/** The hosted UI as the browser reaches it: `http://localhost:<port>`. */
let hosted: string;

function spaPage(url: URL): string {
  const implicit = url.pathname === '/implicit';
  const home = `${spa.url}${implicit ? '/implicit' : '/'}`;
  const redirectSignIn = url.searchParams.get('cfg') === 'elsewhere' ? ['https://app.example/'] : [home];
  const config = {
    Auth: {
      Cognito: {
        userPoolId: POOL,
        userPoolClientId: implicit ? IMPLICIT_CLIENT : CLIENT,
        userPoolEndpoint: hosted,
        loginWith: {
          oauth: {
            domain: `localhost:${local.port}`,
            scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
            redirectSignIn,
            redirectSignOut: [home],
            responseType: implicit ? 'token' : 'code',
          },
        },
      },
    },
  };
  return `<!doctype html><meta charset="utf-8"><title>SPA</title><h1>SPA</h1>
<script type="module">
import * as cognate from '/cognate.js';
window.cognate = cognate;
const log = (entry) => { const all = JSON.parse(sessionStorage.getItem('hub') || '[]'); all.push(entry); sessionStorage.setItem('hub', JSON.stringify(all)); };
cognate.Hub.listen('auth', ({ payload }) => log({ event: payload.event, data: payload.event === 'signInWithRedirect_failure' ? { name: payload.data.error.name, message: payload.data.error.message } : payload.data }));
cognate.Amplify.configure(${JSON.stringify(config)});
window.currentUser = cognate.getCurrentUser().then((user) => user, (error) => ({ error: error.name }));
addEventListener('pageshow', (event) => { if (event.persisted) log({ event: 'pageshow (from the back/forward cache)' }); });
</script>`;
}

beforeAll(async () => {
  if (!browserAvailable()) return;
  // `no-cache`, not `no-store`: a no-store page never enters the back/forward cache.
  spa = await serveSite(url =>
    url.pathname === '/' || url.pathname === '/implicit'
      ? { body: spaPage(url), cacheControl: 'no-cache' }
      : url.pathname === '/blank'
        ? { body: '<!doctype html><title>blank</title>' }
        : undefined,
  );
  local = await start({
    config: {
      mockIdentityProviderUsers: [{ provider: 'Google', sub: GOOGLE_SUB, email: 'gina@gmail.test', name: 'Gina G' }],
      userPools: [
        {
          Id: POOL,
          PoolName: 'browser-oauth',
          Domain: 'browser-oauth',
          UsernameAttributes: ['email'],
          AutoVerifiedAttributes: ['email'],
          identityProviders: [
            {
              ProviderName: 'Google',
              ProviderType: 'Google',
              ProviderDetails: { client_id: 'x', client_secret: 'y', authorize_scopes: 'openid email' },
              AttributeMapping: { email: 'email', name: 'name' },
            },
          ],
          clients: [
            {
              ClientId: CLIENT,
              ClientName: 'spa',
              AllowedOAuthFlowsUserPoolClient: true,
              AllowedOAuthFlows: ['code'],
              AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
              CallbackURLs: [`${spa.url}/`],
              LogoutURLs: [`${spa.url}/`],
              SupportedIdentityProviders: ['COGNITO', 'Google'],
              ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
              EnableTokenRevocation: true,
            },
            {
              ClientId: IMPLICIT_CLIENT,
              ClientName: 'spa-implicit',
              AllowedOAuthFlowsUserPoolClient: true,
              AllowedOAuthFlows: ['implicit'],
              AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
              CallbackURLs: [`${spa.url}/implicit`],
              LogoutURLs: [`${spa.url}/implicit`],
              SupportedIdentityProviders: ['COGNITO'],
              ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
            },
          ],
          users: [{ Username: 'olive@example.com', Password: 'Passw0rd!', Attributes: { email: 'olive@example.com', name: 'Olive' } }],
        },
      ],
    },
  });
  hosted = `http://localhost:${local.port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await local?.close();
  await spa?.close();
});

const it_ = browserAvailable() ? it : it.skip;

async function openSpa(context: BrowserContext, query = '', path = '/'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${spa.url}${path}${query}`);
  await page.waitForFunction(() => 'currentUser' in window);
  return page;
}

function hub(page: Page): Promise<Array<{ event: string; data?: Record<string, unknown> }>> {
  return page.evaluate(() => JSON.parse(sessionStorage.getItem('hub') || '[]'));
}

function storage(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
}

/** Starts signInWithRedirect without waiting on the page (it navigates away). */
async function startRedirect(page: Page, input: unknown = undefined): Promise<URL> {
  const authorize = page.waitForRequest(r => r.url().includes('/oauth2/authorize'));
  await page.evaluate(
    arg => {
      void (window as unknown as TestPage).cognate.signInWithRedirect(arg);
    },
    input as Parameters<TestPage['cognate']['signInWithRedirect']>[0],
  );
  return new URL((await authorize).url());
}

async function signInOnHostedPage(page: Page, username = 'olive@example.com', password = 'Passw0rd!'): Promise<void> {
  await page.waitForURL(u => u.pathname === '/login');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('button[name="signInSubmitButton"]');
}

async function signedInOnSpa(page: Page): Promise<void> {
  await page.waitForURL(`${spa.url}/`);
  await page.waitForFunction(() =>
    JSON.parse(sessionStorage.getItem('hub') || '[]').some((e: { event: string }) => e.event === 'signedIn' || e.event === 'signInWithRedirect_failure'),
  );
}

describe('signInWithRedirect in Chromium', () => {
  it_('hosted UI sign-in with PKCE ends signed in, with the tokens under Amplify keys and the Hub events in order', async () => {
    const context = await browser.newContext();
    const page = await openSpa(context);
    expect(await page.evaluate(() => (window as unknown as TestPage).currentUser)).toEqual({ error: 'UserUnAuthenticatedException' });
    const authorize = await startRedirect(page);
    expect(authorize.origin).toBe(hosted);
    expect([...authorize.searchParams.keys()]).toEqual([
      'redirect_uri',
      'response_type',
      'client_id',
      'identity_provider',
      'scope',
      'state',
      'code_challenge',
      'code_challenge_method',
    ]);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      redirect_uri: `${spa.url}/`,
      response_type: 'code',
      client_id: CLIENT,
      identity_provider: 'COGNITO',
      scope: 'openid email profile aws.cognito.signin.user.admin',
      code_challenge_method: 'S256',
    });
    const state = authorize.searchParams.get('state')!;
    expect(state).toMatch(/^[A-Za-z0-9]{32}$/);

    // While the hosted page is up, the app's origin holds the flow (read from a second tab).
    const other = await context.newPage();
    await other.goto(`${spa.url}/blank`);
    const waiting = await storage(other);
    expect(waiting[`${KEY}.inflightOAuth`]).toBe('true');
    expect(waiting[`${KEY}.oauthState`]).toBe(state);
    const verifier = waiting[`${KEY}.oauthPKCE`]!;
    expect(verifier).toMatch(/^[A-Za-z0-9]{128}$/);
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(authorize.searchParams.get('code_challenge'));
    expect(Number(waiting[`${KEY}.inflightOAuthDeadline`])).toBeGreaterThan(Date.now());
    await other.close();

    await page.waitForURL(u => u.pathname === '/login');
    await page.screenshot({ path: artifact('hosted-login.png') });
    await signInOnHostedPage(page);
    await signedInOnSpa(page);
    expect(page.url()).toBe(`${spa.url}/`);
    const events = await hub(page);
    expect(events.map(e => e.event)).toEqual(['signInWithRedirect', 'signedIn']);
    const user = events[1]!.data;
    // An email-as-username pool: the username (`cognito:username`) is a generated id, not the email.
    expect(user).toEqual({ username: expect.stringMatching(/^[0-9a-f-]{36}$/), userId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    // getCurrentUser, called right after configure on the callback page, waited for the completion.
    expect(await page.evaluate(() => (window as unknown as TestPage).currentUser)).toEqual(user);

    const stored = await storage(page);
    const lastAuthUser = stored[`${KEY}.LastAuthUser`]!;
    expect(lastAuthUser).toBe(user.username); // the access token's `username` claim
    for (const field of ['accessToken', 'idToken', 'refreshToken', 'clockDrift']) expect(stored[`${KEY}.${lastAuthUser}.${field}`], field).toBeTruthy();
    expect(stored[`${KEY}.${lastAuthUser}.oauthMetadata`]).toBe('{"oauthSignIn":true}');
    expect(stored[`${KEY}.oauthSignIn`]).toBe('true,false');
    for (const gone of ['inflightOAuth', 'inflightOAuthDeadline', 'oauthState', 'oauthPKCE']) expect(stored[`${KEY}.${gone}`], gone).toBeUndefined();
    const session = await page.evaluate(async () => {
      const { tokens } = await (window as unknown as TestPage).cognate.fetchAuthSession();
      return { scope: tokens.accessToken.payload.scope, email: tokens.idToken.payload.email };
    });
    expect(session).toEqual({ scope: 'openid email profile aws.cognito.signin.user.admin', email: 'olive@example.com' });
    // The hosted session cookie lives on the hosted UI's host.
    expect((await context.cookies(hosted)).some(c => c.name === 'cognito')).toBe(true);
    await context.close();
  });

  it_('customState comes back as customOAuthState before signInWithRedirect and signedIn', async () => {
    const context = await browser.newContext();
    const page = await openSpa(context);
    const customState = 'return-to:/orders?id=7&tab=a-b';
    const authorize = await startRedirect(page, { customState });
    const state = authorize.searchParams.get('state')!;
    expect(state).toMatch(/^[A-Za-z0-9]{32}-[0-9a-f]+$/);
    expect(Buffer.from(state.split('-')[1]!, 'hex').toString('latin1')).toBe(customState);
    await signInOnHostedPage(page);
    await signedInOnSpa(page);
    const events = await hub(page);
    expect(events.map(e => e.event)).toEqual(['customOAuthState', 'signInWithRedirect', 'signedIn']);
    expect(events[0]!.data).toBe(customState);
    await context.close();
  });

  it_('signs in with the mock Google provider and creates a linked federated user', async () => {
    const context = await browser.newContext();
    const page = await openSpa(context);
    const authorize = await startRedirect(page, { provider: 'Google' });
    expect(authorize.searchParams.get('identity_provider')).toBe('Google');
    await page.waitForURL(u => u.pathname === '/_local/idp/authorize');
    await page.click('button:has-text("Gina G")');
    await signedInOnSpa(page);
    const events = await hub(page);
    expect(events.map(e => e.event)).toEqual(['signInWithRedirect', 'signedIn']);
    expect(events[1]!.data.username).toBe(`Google_${GOOGLE_SUB}`);
    const claims = await page.evaluate(async () => (await (window as unknown as TestPage).cognate.fetchAuthSession()).tokens.idToken.payload);
    expect(claims).toMatchObject({ email: 'gina@gmail.test', 'cognito:username': `Google_${GOOGLE_SUB}` });
    expect(claims.identities[0]).toMatchObject({ providerName: 'Google', userId: GOOGLE_SUB });
    const user = await call(local.url, 'AdminGetUser', { UserPoolId: POOL, Username: `Google_${GOOGLE_SUB}` });
    expect(user.body.UserStatus).toBe('EXTERNAL_PROVIDER');
    expect(JSON.parse(user.body.UserAttributes.find((a: { Name: string }) => a.Name === 'identities').Value)[0]).toMatchObject({
      providerName: 'Google',
      userId: GOOGLE_SUB,
    });
    await context.close();
  });

  it_('refuses a tampered state, then a replayed one, and stays signed out', async () => {
    const context = await browser.newContext();
    const page = await openSpa(context);
    // The hosted UI's answer (the 302 after the password) is caught on its way to the app and its state swapped.
    let genuine: string | undefined;
    await context.route(
      url => url.origin === hosted && url.pathname === '/login',
      async route => {
        if (route.request().method() !== 'POST') return route.continue();
        const response = await route.fetch({ maxRedirects: 0 });
        const back = new URL(response.headers().location!);
        genuine = back.href;
        back.searchParams.set('state', `forged${back.searchParams.get('state')!.slice(6)}`);
        await route.fulfill({ response, headers: { ...response.headers(), location: back.href } });
      },
    );
    await startRedirect(page);
    await signInOnHostedPage(page);
    await page.waitForFunction(() =>
      JSON.parse(sessionStorage.getItem('hub') || '[]').some((e: { event: string }) => e.event === 'signInWithRedirect_failure'),
    );
    expect(await hub(page)).toEqual([
      { event: 'signInWithRedirect_failure', data: { name: 'oauthSignInError', message: 'An error occurred while validating the state.' } },
    ]);
    expect(await page.evaluate(() => (window as unknown as TestPage).currentUser)).toEqual({ error: 'UserUnAuthenticatedException' });
    const stored = await storage(page);
    expect(Object.keys(stored).filter(k => k.startsWith(KEY))).toEqual([]);

    // A new flow, answered with the earlier callback (its code and state): refused too.
    await page.evaluate(() => sessionStorage.removeItem('hub'));
    await startRedirect(page);
    await page.goto(genuine!);
    await page.waitForFunction(() => JSON.parse(sessionStorage.getItem('hub') || '[]').length > 0);
    expect((await hub(page)).map(e => [e.event, e.data?.message])).toEqual([['signInWithRedirect_failure', 'An error occurred while validating the state.']]);
    expect(await page.evaluate(() => (window as unknown as TestPage).currentUser)).toEqual({ error: 'UserUnAuthenticatedException' });
    await context.close();
  });

  it_('refuses to start from an origin the config does not list, and the hosted UI refuses an unlisted redirect_uri', async () => {
    const context = await browser.newContext();
    const page = await openSpa(context, '?cfg=elsewhere');
    const error = await page.evaluate(() =>
      (window as unknown as TestPage).cognate.signInWithRedirect().then(
        () => null,
        (e: Error) => ({ name: e.name, message: e.message }),
      ),
    );
    expect(error).toEqual({
      name: 'InvalidOriginException',
      message: 'redirect is coming from a different origin. The oauth flow needs to be initiated from the same origin',
    });
    const refused = await page.goto(
      `${hosted}/oauth2/authorize?${new URLSearchParams({ client_id: CLIENT, redirect_uri: 'https://evil.example/', response_type: 'code', scope: 'openid', state: 'x' })}`,
    );
    expect(refused!.status()).toBe(400);
    expect(page.url()).toContain(hosted);
    expect(await page.textContent('body')).toContain('redirect_mismatch');
    await context.close();
  });

  it_('signOut clears the local session, then ends the hosted session through /logout', async () => {
    const context = await browser.newContext();
    const page = await openSpa(context);
    await startRedirect(page);
    await signInOnHostedPage(page);
    await signedInOnSpa(page);
    expect((await context.cookies(hosted)).some(c => c.name === 'cognito')).toBe(true);
    await page.evaluate(() => sessionStorage.removeItem('hub'));

    const logout = page.waitForRequest(r => r.url().includes('/logout'));
    await page.evaluate(() => {
      void (window as unknown as TestPage).cognate.signOut();
    });
    const logoutUrl = (await logout).url();
    expect(logoutUrl).toBe(`${hosted}/logout?client_id=${CLIENT}&logout_uri=${encodeURIComponent(`${spa.url}/`)}`);
    await page.waitForURL(`${spa.url}/`);
    await page.waitForFunction(() => 'currentUser' in window);
    expect((await hub(page)).map(e => e.event)).toEqual(['signedOut']);
    expect(await page.evaluate(() => (window as unknown as TestPage).currentUser)).toEqual({ error: 'UserUnAuthenticatedException' });
    expect(Object.keys(await storage(page)).filter(k => k.startsWith(KEY))).toEqual([]);
    expect((await context.cookies(hosted)).some(c => c.name === 'cognito')).toBe(false);

    // With the hosted session gone, the next redirect sign-in asks for the password again.
    await startRedirect(page);
    await page.waitForURL(u => u.pathname === '/login');
    await context.close();
  });

  it_('the implicit grant: tokens come back in the fragment, are stored without a refresh token, and the URL is cleaned', async () => {
    const context = await browser.newContext();
    const page = await openSpa(context, '', '/implicit');
    const authorize = await startRedirect(page);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      redirect_uri: `${spa.url}/implicit`,
      response_type: 'token',
      client_id: IMPLICIT_CLIENT,
    });
    // No PKCE for the implicit grant (as Amplify): there is no code to exchange.
    expect(authorize.searchParams.has('code_challenge')).toBe(false);
    // The hosted UI's redirect back carries the tokens in the fragment (the page cleans it at once).
    const redirect = page.waitForResponse(r => (r.headers().location ?? '').startsWith(`${spa.url}/implicit#`));
    await signInOnHostedPage(page);
    const landed = new URLSearchParams(new URL((await redirect).headers().location!).hash.slice(1));
    expect(landed.get('token_type')).toBe('Bearer');
    expect(landed.get('state')).toBe(authorize.searchParams.get('state'));
    expect([...landed.keys()].sort()).toEqual(['access_token', 'expires_in', 'id_token', 'state', 'token_type']);
    await page.waitForFunction(() =>
      JSON.parse(sessionStorage.getItem('hub') || '[]').some((e: { event: string }) => e.event === 'signedIn' || e.event === 'signInWithRedirect_failure'),
    );
    expect((await hub(page)).map(e => e.event)).toEqual(['signInWithRedirect', 'signedIn']);
    // The fragment with the tokens is gone from the address bar and history entry.
    await expect.poll(() => page.url()).toBe(`${spa.url}/implicit`);

    const key = `CognitoIdentityServiceProvider.${IMPLICIT_CLIENT}`;
    const stored = await storage(page);
    const user = stored[`${key}.LastAuthUser`]!;
    expect(stored[`${key}.${user}.accessToken`]).toBe(landed.get('access_token'));
    expect(stored[`${key}.${user}.idToken`]).toBe(landed.get('id_token'));
    expect(stored[`${key}.${user}.refreshToken`]).toBeUndefined();
    const session = await page.evaluate(async () => {
      const { tokens } = await (window as unknown as TestPage).cognate.fetchAuthSession();
      const user = await (window as unknown as TestPage).cognate.getCurrentUser();
      return { email: tokens.idToken.payload.email, clientId: tokens.accessToken.payload.client_id, userId: user.userId };
    });
    expect(session).toEqual({ email: 'olive@example.com', clientId: IMPLICIT_CLIENT, userId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    // Without a refresh token a forced refresh cannot happen: Amplify's TokenRefreshException.
    const refresh = await page.evaluate(() =>
      (window as unknown as TestPage).cognate.fetchAuthSession({ forceRefresh: true }).then(
        () => 'refreshed',
        (e: Error) => e.name,
      ),
    );
    expect(refresh).toBe('TokenRefreshException');
    await context.close();
  });

  it_('coming back from the hosted UI without signing in (back button, page from the bfcache) cancels the flow', async () => {
    const withCache = await launchBrowser({ bfcache: true });
    const context = await withCache.newContext();
    const page = await openSpa(context);
    await startRedirect(page);
    await page.waitForURL(u => u.pathname === '/login');
    // A page restored from the cache fires no load event: wait for the navigation to commit only.
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForFunction(
      () => JSON.parse(sessionStorage.getItem('hub') || '[]').some((e: { event: string }) => e.event === 'signInWithRedirect_failure'),
      undefined,
      { timeout: 10_000 },
    );
    const events = await hub(page);
    // The page came back from the back/forward cache (pageshow persisted), not as a new load.
    expect(events.map(e => e.event)).toEqual(['pageshow (from the back/forward cache)', 'signInWithRedirect_failure']);
    expect(events[1]!.data).toEqual({ name: 'OAuthSignInException', message: 'User cancelled OAuth flow.' });
    const stored = await storage(page);
    expect(stored[`${KEY}.inflightOAuth`]).toBeUndefined();
    // Not stuck: reads no longer wait for a flow, and a new sign-in can start.
    expect(
      await page.evaluate(() =>
        (window as unknown as TestPage).cognate.getCurrentUser().then(
          () => 'user',
          (e: Error) => e.name,
        ),
      ),
    ).toBe('UserUnAuthenticatedException');
    await withCache.close();
  });
});
