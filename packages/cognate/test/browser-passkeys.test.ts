/**
 * Passkeys in a real browser: headless Debian Chromium (playwright-core) with a CDP virtual
 * authenticator (CTAP2, internal, resident keys, user verification), a page served from
 * http://localhost:<port> (cognate-local's default relying party is `localhost`) that loads cognate's
 * built `dist/` bundled for the browser with esbuild (code splitting on, so the on-demand passkey
 * chunk is loaded for real), configured against cognate-local. A signed-in user registers a passkey,
 * a second registration on the same authenticator is `PasskeyAlreadyExists`, the passkey is listed,
 * the user signs out and back in with it (preferred WEB_AUTHN, and WEB_AUTHN chosen from the
 * selection), deletes it, and cannot sign in with it afterwards.
 */
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { CHROMIUM, launchBrowser } from '../../local/test/browser-harness.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './helpers.js';
import { env, PASSWORD, useServer } from './harness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

useServer();

let out: string;
let site: Server;
let siteUrl: string;
let browser: Browser;
let page: Page;
let cdp: CDPSession;
let authenticatorId: string;
let pool: { userPoolId: string; userPoolClientId: string };
const USERNAME = 'pia';

const PAGE = `<!doctype html><meta charset="utf-8"><title>passkeys</title>
<script type="module">import * as cognate from '/entry.js'; window.cognate = cognate; document.title = 'ready';</script>`;

/** Runs `body` in the page with `cognate-auth` (the bundle's exports) in scope; errors come back as `{error: name}`. */
function inPage<T>(body: string, arg?: unknown): Promise<T> {
  return page.evaluate(
    async ([source, a]) => {
      const fn = new Function('cognate', 'arg', `return (async () => { ${source} })();`);
      try {
        return await fn((window as unknown as { cognate: unknown }).cognate, a);
      } catch (error) {
        return { error: (error as Error).name, message: (error as Error).message };
      }
    },
    [body, arg] as const,
  ) as Promise<T>;
}

beforeAll(async () => {
  // cognate's built ESM (dist/), bundled for the browser as an app would: split, so the passkey chunk loads on demand.
  out = mkdtempSync(join(tmpdir(), 'cognate-passkeys-'));
  await build({
    stdin: {
      contents: "export * from './dist/auth.js'; export { Amplify } from './dist/index.js';",
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: out,
    entryNames: 'entry',
    logLevel: 'error',
  });
  site = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    const file = normalize(join(out, path));
    if (!file.startsWith(out) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(readFileSync(file));
  });
  site.keepAliveTimeout = 1;
  await new Promise<void>(resolve => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://localhost:${(site.address() as AddressInfo).port}/`;

  browser = await launchBrowser();
  const context = await browser.newContext();
  page = await context.newPage();
  cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  }));

  const created = await call(env.url, 'CreateUserPool', {
    PoolName: 'passkeys',
    Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
  });
  const userPoolId = created.UserPool.Id as string;
  const client = await call(env.url, 'CreateUserPoolClient', {
    UserPoolId: userPoolId,
    ClientName: 'web',
    ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    EnableTokenRevocation: true,
  });
  pool = { userPoolId, userPoolClientId: client.UserPoolClient.ClientId as string };
  await call(env.url, 'AdminCreateUser', {
    UserPoolId: userPoolId,
    Username: USERNAME,
    MessageAction: 'SUPPRESS',
    UserAttributes: [
      { Name: 'email', Value: 'pia@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ],
  });
  await call(env.url, 'AdminSetUserPassword', { UserPoolId: userPoolId, Username: USERNAME, Password: PASSWORD, Permanent: true });

  await page.goto(siteUrl);
  await page.waitForFunction(() => document.title === 'ready');
  await inPage('cognate.Amplify.configure({ Auth: { Cognito: arg } });', { ...pool, userPoolEndpoint: env.url });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>(resolve => (site ? site.close(() => resolve()) : resolve()));
  if (out) rmSync(out, { recursive: true, force: true });
});

/** The virtual authenticator's credentials, ids as base64url (as Cognito lists them). */
async function authenticatorCredentials(): Promise<string[]> {
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  return credentials.map(c => Buffer.from(c.credentialId, 'base64').toString('base64url'));
}

describe.skipIf(!existsSync(CHROMIUM))('passkeys in Chromium with a virtual authenticator', () => {
  let credentialId: string;

  it('a signed-in user registers a passkey; the same authenticator twice is PasskeyAlreadyExists', async () => {
    expect(await inPage('return cognate.associateWebAuthnCredential();')).toEqual({ error: 'UserUnAuthenticatedException', message: expect.any(String) });
    const signedIn = await inPage(
      `return cognate.signIn({ username: arg.u, password: arg.p, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD' } });`,
      { u: USERNAME, p: PASSWORD },
    );
    expect(signedIn).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect(await inPage('return cognate.associateWebAuthnCredential();')).toBeUndefined();
    const onAuthenticator = await authenticatorCredentials();
    expect(onAuthenticator).toHaveLength(1);
    credentialId = onAuthenticator[0]!;
    expect(await inPage('return cognate.associateWebAuthnCredential();')).toMatchObject({
      error: 'PasskeyAlreadyExists',
      message: 'Passkey already exists in authenticator.',
    });
  });

  it("lists it with Amplify's shape", async () => {
    const listed = await inPage<{ credentials: Record<string, unknown>[]; nextToken?: string }>(
      'const out = await cognate.listWebAuthnCredentials(); return { ...out, credentials: out.credentials.map((c) => ({ ...c, createdAt: c.createdAt instanceof Date ? c.createdAt.toISOString() : c.createdAt })) };',
    );
    expect(listed.nextToken).toBeUndefined();
    expect(listed.credentials).toEqual([
      {
        credentialId,
        relyingPartyId: 'localhost',
        authenticatorAttachment: 'platform',
        authenticatorTransports: ['internal'],
        createdAt: expect.stringMatching(/^\d{4}-/),
      },
    ]);
  });

  it('signs out, then signs in with the passkey (preferred WEB_AUTHN, and chosen from the selection)', async () => {
    await inPage('return cognate.signOut();');
    const preferred = await inPage(
      `return cognate.signIn({ username: arg, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } });`,
      USERNAME,
    );
    expect(preferred).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect(await inPage('const u = await cognate.getCurrentUser(); return [u.username, u.signInDetails];')).toEqual([
      USERNAME,
      { loginId: USERNAME, authFlowType: 'USER_AUTH' },
    ]);
    await inPage('return cognate.signOut();');

    const selection = await inPage(`return cognate.signIn({ username: arg, options: { authFlowType: 'USER_AUTH' } });`, USERNAME);
    expect(selection).toEqual({
      isSignedIn: false,
      nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['PASSWORD_SRP', 'PASSWORD', 'WEB_AUTHN'] },
    });
    expect(await inPage(`return cognate.confirmSignIn({ challengeResponse: 'WEB_AUTHN' });`)).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    const session = await inPage<{ sub: string }>('const s = await cognate.fetchAuthSession(); return { sub: s.tokens.accessToken.payload.username };');
    expect(session.sub).toBe(USERNAME);
  });

  it('deletes it, and cannot sign in with it afterwards', async () => {
    expect(await inPage('return cognate.deleteWebAuthnCredential({ credentialId: arg });', credentialId)).toBeUndefined();
    expect(await inPage('return cognate.listWebAuthnCredentials();')).toEqual({ credentials: [] });
    await inPage('return cognate.signOut();');
    // The passkey is still on the authenticator; Cognito no longer accepts it.
    expect(await authenticatorCredentials()).toEqual([credentialId]);
    const preferred = await inPage(
      `return cognate.signIn({ username: arg, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } });`,
      USERNAME,
    );
    expect(preferred).toEqual({
      isSignedIn: false,
      nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['PASSWORD_SRP', 'PASSWORD'] },
    });
    expect(await inPage(`return cognate.confirmSignIn({ challengeResponse: 'WEB_AUTHN' });`)).toMatchObject({ error: 'InvalidParameterException' });
    expect(await inPage('return cognate.getCurrentUser();')).toMatchObject({ error: 'UserUnAuthenticatedException' });
  });
});
