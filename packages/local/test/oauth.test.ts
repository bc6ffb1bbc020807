/**
 * OAuth2 and the hosted UI over real HTTP: authorization code with PKCE, the hosted session (SSO,
 * prompt=login / none), implicit grant, refresh and client_credentials grants with Basic and body
 * client authentication, userInfo, revoke, logout, federated sign-in through the mock provider,
 * MFA on the hosted pages, and the RFC 6749 errors (redirect mismatch, scopes, PKCE, reuse, CSRF).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { BrowserAgent } from './browser-agent.js';
import { call, decodePayload, lastCode, setClock, start } from './helpers.js';

const POOL = 'us-east-1_OAuthTest1';
const SPA = 'oauthspaclient000000000001';
const CONFIDENTIAL = 'oauthconfidential000000001';
const APP = 'http://localhost:5173/callback';
let server: RunningServer;
let secret: string;

beforeAll(async () => {
  server = await start({
    config: {
      mockIdentityProviderUsers: [{ provider: 'Google', sub: '10769150350006150715', email: 'gina@gmail.test', name: 'Gina G' }],
      userPools: [
        {
          Id: POOL,
          PoolName: 'oauth',
          Domain: 'oauth-test',
          UsernameAttributes: ['email'],
          AutoVerifiedAttributes: ['email'],
          resourceServers: [
            {
              Identifier: 'api',
              Name: 'API',
              Scopes: [
                { ScopeName: 'read', ScopeDescription: 'read' },
                { ScopeName: 'write', ScopeDescription: 'write' },
              ],
            },
          ],
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
              ClientId: SPA,
              ClientName: 'spa',
              AllowedOAuthFlowsUserPoolClient: true,
              AllowedOAuthFlows: ['code', 'implicit'],
              AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
              CallbackURLs: [APP],
              LogoutURLs: ['http://localhost:5173/'],
              SupportedIdentityProviders: ['COGNITO', 'Google'],
              ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
            },
            {
              ClientId: CONFIDENTIAL,
              ClientName: 'backend',
              GenerateSecret: true,
              AllowedOAuthFlowsUserPoolClient: true,
              AllowedOAuthFlows: ['code', 'client_credentials'],
              AllowedOAuthScopes: ['openid', 'api/read', 'api/write'],
              CallbackURLs: ['https://backend.example/cb'],
              SupportedIdentityProviders: ['COGNITO'],
            },
          ],
          users: [
            { Username: 'olive@example.com', Password: 'Passw0rd!', Attributes: { email: 'olive@example.com', name: 'Olive' } },
            { Username: 'mfa@example.com', Password: 'Passw0rd!', Attributes: { email: 'mfa@example.com' } },
          ],
        },
      ],
    },
  });
  secret = (await call(server.url, 'DescribeUserPoolClient', { UserPoolId: POOL, ClientId: CONFIDENTIAL })).body.UserPoolClient.ClientSecret;
});
afterAll(() => server?.close());

function pkce() {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(extra: Record<string, string> = {}, challenge?: string): string {
  const q = new URLSearchParams({
    client_id: SPA,
    redirect_uri: APP,
    response_type: 'code',
    scope: 'openid email profile aws.cognito.signin.user.admin',
    state: 'st-123',
    ...extra,
  });
  if (challenge) {
    q.set('code_challenge', challenge);
    q.set('code_challenge_method', 'S256');
  }
  return `${server.url}/oauth2/authorize?${q}`;
}

async function signInOnHostedPage(agent: BrowserAgent, url: string, username = 'olive@example.com', password = 'Passw0rd!'): Promise<Response> {
  const toLogin = await agent.get(url);
  expect(toLogin.status).toBe(302);
  const loginUrl = new URL(toLogin.headers.get('location')!, server.url).href;
  const page = await agent.get(loginUrl);
  expect(page.status).toBe(200);
  return agent.submit(loginUrl, await page.text(), { username, password });
}

function exchange(code: string, verifier?: string, extra: Record<string, string> = {}) {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: SPA,
    code,
    redirect_uri: APP,
    ...(verifier ? { code_verifier: verifier } : {}),
    ...extra,
  });
  return fetch(`${server.url}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
}

describe('authorization code with PKCE', () => {
  it('signs in on the hosted page and exchanges the code once', async () => {
    const agent = new BrowserAgent();
    const { verifier, challenge } = pkce();
    const done = await signInOnHostedPage(agent, authorizeUrl({}, challenge));
    expect(done.status).toBe(302);
    const back = new URL(done.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(APP);
    expect(back.searchParams.get('state')).toBe('st-123');
    expect(agent.cookies.has('cognito')).toBe(true);
    const code = back.searchParams.get('code')!;
    const res = await exchange(code, verifier);
    expect(res.status).toBe(200);
    const tokens = await res.json();
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(decodePayload(tokens.access_token)).toMatchObject({ scope: 'openid email profile aws.cognito.signin.user.admin', version: 2, client_id: SPA });
    expect(decodePayload(tokens.id_token)).toMatchObject({ email: 'olive@example.com', aud: SPA });
    expect((await exchange(code, verifier)).status).toBe(400);

    const info = await fetch(`${server.url}/oauth2/userInfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(await info.json()).toMatchObject({ email: 'olive@example.com', email_verified: 'true', name: 'Olive', sub: decodePayload(tokens.id_token).sub });

    const refreshed = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: SPA, refresh_token: tokens.refresh_token }),
    });
    const again = await refreshed.json();
    expect(again.refresh_token).toBeUndefined();
    expect(decodePayload(again.access_token).scope).toBe('openid email profile aws.cognito.signin.user.admin');

    const revoked = await fetch(`${server.url}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: SPA, token: tokens.refresh_token }),
    });
    expect(revoked.status).toBe(200);
    const afterRevoke = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: SPA, refresh_token: tokens.refresh_token }),
    });
    expect(await afterRevoke.json()).toEqual({ error: 'invalid_grant' });
  });

  it('refuses a wrong or missing PKCE verifier and a different redirect_uri', async () => {
    const { challenge } = pkce();
    const code = () =>
      signInOnHostedPage(new BrowserAgent(), authorizeUrl({}, challenge)).then(r => new URL(r.headers.get('location')!).searchParams.get('code')!);
    expect(await (await exchange(await code(), pkce().verifier)).json()).toMatchObject({ error: 'invalid_grant' });
    expect(await (await exchange(await code())).json()).toMatchObject({ error: 'invalid_grant' });
    expect(await (await exchange(await code(), undefined, { redirect_uri: 'http://localhost:5173/other' })).json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('uses the hosted session for the next authorize, honours prompt=login and prompt=none', async () => {
    const agent = new BrowserAgent();
    await signInOnHostedPage(agent, authorizeUrl());
    const sso = await agent.get(authorizeUrl());
    expect(new URL(sso.headers.get('location')!).searchParams.get('code')).toBeTruthy();
    const forced = await agent.get(authorizeUrl({ prompt: 'login' }));
    expect(forced.headers.get('location')).toMatch(/^\/login\?/);
    const silent = await new BrowserAgent().get(authorizeUrl({ prompt: 'none' }));
    expect(new URL(silent.headers.get('location')!).searchParams.get('error')).toBe('login_required');
    const out = await agent.get(`${server.url}/logout?client_id=${SPA}&logout_uri=${encodeURIComponent('http://localhost:5173/')}`);
    expect(out.headers.get('location')).toBe('http://localhost:5173/');
    expect(agent.cookies.has('cognito')).toBe(false);
    expect((await agent.get(authorizeUrl())).headers.get('location')).toMatch(/^\/login\?/);
    expect((await agent.get(`${server.url}/logout?client_id=${SPA}&logout_uri=${encodeURIComponent('https://evil.example/')}`)).status).toBe(400);
  });

  it('implicit grant puts tokens in the fragment', async () => {
    const done = await signInOnHostedPage(new BrowserAgent(), authorizeUrl({ response_type: 'token', nonce: 'n-1' }));
    const fragment = new URLSearchParams(new URL(done.headers.get('location')!).hash.slice(1));
    expect(fragment.get('state')).toBe('st-123');
    expect(decodePayload(fragment.get('id_token')!).nonce).toBe('n-1');
    expect(fragment.get('refresh_token')).toBeNull();
  });
});

describe('refresh_token grant', () => {
  let rotating: string;
  const refresh = (token: string, clientId = rotating) =>
    fetch(`${server.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, refresh_token: token }),
    });
  const clock = (offsetSeconds: number) => setClock(server.url, { offsetSeconds });

  beforeAll(async () => {
    const created = await call(server.url, 'CreateUserPoolClient', {
      UserPoolId: POOL,
      ClientName: 'rotating',
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: [APP],
      SupportedIdentityProviders: ['COGNITO'],
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 },
    });
    expect(created.status).toBe(200);
    rotating = created.body.UserPoolClient.ClientId;
  });

  it('rotates: the old refresh token works within the grace period, a retry does not extend it, then invalid_grant', async () => {
    const { verifier, challenge } = pkce();
    const done = await signInOnHostedPage(new BrowserAgent(), authorizeUrl({ client_id: rotating, scope: 'openid email' }, challenge));
    const code = new URL(done.headers.get('location')!).searchParams.get('code')!;
    const tokens = await (await exchange(code, verifier, { client_id: rotating })).json();
    const first: string = tokens.refresh_token;
    const rotated = await (await refresh(first)).json();
    expect(rotated.refresh_token).toMatch(/^eyJ[\w-]+(\.[\w-]+){4}$/);
    expect(rotated.refresh_token).not.toBe(first);
    expect(rotated.id_token).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
    expect(decodePayload(rotated.access_token)).toMatchObject({ scope: 'openid email', version: 2, client_id: rotating });
    try {
      await clock(5);
      const retry = await refresh(first);
      expect(retry.status).toBe(200);
      expect((await retry.json()).refresh_token).toMatch(/^eyJ[\w-]+(\.[\w-]+){4}$/);
      await clock(11);
      const reused = await refresh(first);
      expect(reused.status).toBe(400);
      expect(await reused.json()).toEqual({ error: 'invalid_grant' });
      // Reuse detection: the replay ended the family, the rotated-in token with it.
      expect((await refresh(rotated.refresh_token)).status).toBe(400);
    } finally {
      await clock(0);
    }
  });

  it('refuses a disabled or deleted user with a bare invalid_grant; without openid there is no id_token', async () => {
    const login = 'refresh@example.com';
    await call(server.url, 'AdminCreateUser', {
      UserPoolId: POOL,
      Username: login,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: login }],
    });
    await call(server.url, 'AdminSetUserPassword', { UserPoolId: POOL, Username: login, Password: 'Passw0rd!', Permanent: true });
    const signIn = await call(server.url, 'InitiateAuth', {
      ClientId: rotating,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: login, PASSWORD: 'Passw0rd!' },
    });
    const token: string = signIn.body.AuthenticationResult.RefreshToken;
    const ok = await (await refresh(token)).json();
    expect(ok.id_token).toBeUndefined();
    expect(decodePayload(ok.access_token)).toMatchObject({ scope: 'aws.cognito.signin.user.admin', version: 2 });
    expect(await (await refresh(token, SPA)).json()).toEqual({ error: 'invalid_grant' });
    await call(server.url, 'AdminDisableUser', { UserPoolId: POOL, Username: login });
    const disabled = await refresh(ok.refresh_token);
    expect([disabled.status, await disabled.json()]).toEqual([400, { error: 'invalid_grant' }]);
    await call(server.url, 'AdminEnableUser', { UserPoolId: POOL, Username: login });
    expect((await refresh(ok.refresh_token)).status).toBe(200);
    await call(server.url, 'AdminDeleteUser', { UserPoolId: POOL, Username: login });
    expect(await (await refresh(ok.refresh_token)).json()).toEqual({ error: 'invalid_grant' });
  });
});

describe('authorize errors', () => {
  it('shows an error page for an unknown client or a redirect_uri not registered, never redirecting there', async () => {
    const mismatch = await fetch(authorizeUrl({ redirect_uri: 'https://evil.example/cb' }), { redirect: 'manual' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.headers.get('location')).toBeNull();
    expect(await mismatch.text()).toContain('redirect_mismatch');
    expect((await fetch(authorizeUrl({ client_id: 'nope' }), { redirect: 'manual' })).status).toBe(400);
  });

  it('reports scope, response type and PKCE method problems at the redirect URI', async () => {
    const error = async (extra: Record<string, string>) =>
      new URL((await fetch(authorizeUrl(extra), { redirect: 'manual' })).headers.get('location')!).searchParams;
    expect((await error({ scope: 'openid api/write' })).get('error')).toBe('invalid_scope');
    expect((await error({ response_type: 'id_token' })).get('error')).toBe('unsupported_response_type');
    const plain = await error({ code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' });
    expect(plain.get('error')).toBe('invalid_request');
    expect(plain.get('state')).toBe('st-123');
  });

  it('rejects a form post without the CSRF token', async () => {
    const agent = new BrowserAgent();
    const login = new URL((await agent.get(authorizeUrl())).headers.get('location')!, server.url).href;
    await agent.get(login);
    const forged = await fetch(login, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=olive%40example.com&password=Passw0rd!',
    });
    expect(forged.status).toBe(400);
    expect(forged.headers.get('location')).toBeNull();
  });

  it('says so on a wrong password, without redirecting', async () => {
    const res = await signInOnHostedPage(new BrowserAgent(), authorizeUrl(), 'olive@example.com', 'Wrong-Passw0rd');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Incorrect username or password.');
  });
});

describe('client credentials', () => {
  it('issues an access token for resource-server scopes, with Basic or body authentication', async () => {
    const basic = `Basic ${Buffer.from(`${CONFIDENTIAL}:${secret}`).toString('base64')}`;
    const res = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=api%2Fread',
    });
    const body = await res.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(body.id_token).toBeUndefined();
    expect(decodePayload(body.access_token)).toMatchObject({ sub: CONFIDENTIAL, client_id: CONFIDENTIAL, scope: 'api/read', token_use: 'access' });
    const post = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CONFIDENTIAL, client_secret: secret }),
    });
    expect(decodePayload((await post.json()).access_token).scope).toBe('api/read api/write');
    // Such a token is not a user's: Cognito's user APIs refuse it.
    expect((await call(server.url, 'GetUser', { AccessToken: body.access_token })).body.__type).toBe('NotAuthorizedException');
  });

  it('refuses a wrong secret, a public client and an unknown scope', async () => {
    const wrong = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${CONFIDENTIAL}:nope`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'invalid_client' });
    const pub = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${SPA}`,
    });
    expect(await pub.json()).toEqual({ error: 'unauthorized_client' });
    const scope = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CONFIDENTIAL, client_secret: secret, scope: 'api/delete' }),
    });
    expect(await scope.json()).toEqual({ error: 'invalid_scope' });
    const grant = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: SPA }),
    });
    expect(await grant.json()).toEqual({ error: 'unsupported_grant_type' });
  });
});

describe('federated sign-in through the mock provider', () => {
  it('links a Google user and signs them in', async () => {
    const agent = new BrowserAgent();
    const { verifier, challenge } = pkce();
    const toIdp = await agent.get(authorizeUrl({ identity_provider: 'Google' }, challenge));
    const idpUrl = new URL(toIdp.headers.get('location')!, server.url).href;
    expect(idpUrl).toContain('/_local/idp/authorize');
    const idpPage = await agent.get(idpUrl);
    const html = await idpPage.text();
    expect(html).toContain('Gina G');
    const chosen = await agent.submit(idpUrl, html, { sub: '10769150350006150715' });
    const response = await agent.get(new URL(chosen.headers.get('location')!, server.url).href);
    const back = new URL(response.headers.get('location')!);
    const tokens = await (await exchange(back.searchParams.get('code')!, verifier)).json();
    const id = decodePayload(tokens.id_token);
    expect(id['cognito:username']).toBe('Google_10769150350006150715');
    expect(id.email).toBe('gina@gmail.test');
    expect(id.identities[0]).toMatchObject({ providerName: 'Google', userId: '10769150350006150715', primary: true });
    const user = await call(server.url, 'AdminGetUser', { UserPoolId: POOL, Username: 'Google_10769150350006150715' });
    expect(user.body.UserStatus).toBe('EXTERNAL_PROVIDER');
  });

  it('refuses a provider the client does not support', async () => {
    const res = await fetch(authorizeUrl({ identity_provider: 'Facebook' }), { redirect: 'manual' });
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });
});

describe('hosted pages', () => {
  it('asks for the TOTP code of a user with MFA', async () => {
    const signIn = await call(server.url, 'AdminInitiateAuth', {
      UserPoolId: POOL,
      ClientId: SPA,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'mfa@example.com', PASSWORD: 'Passw0rd!' },
    });
    expect(signIn.body.__type).toBe('InvalidParameterException'); // the SPA client does not allow admin password auth
    await call(server.url, 'UpdateUserPoolClient', {
      UserPoolId: POOL,
      ClientId: SPA,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code', 'implicit'],
      AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
      CallbackURLs: [APP],
      LogoutURLs: ['http://localhost:5173/'],
      SupportedIdentityProviders: ['COGNITO', 'Google'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH'],
    });
    const access = (
      await call(server.url, 'AdminInitiateAuth', {
        UserPoolId: POOL,
        ClientId: SPA,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'mfa@example.com', PASSWORD: 'Passw0rd!' },
      })
    ).body.AuthenticationResult.AccessToken;
    const { SecretCode } = (await call(server.url, 'AssociateSoftwareToken', { AccessToken: access })).body;
    const totp = (step: number) => {
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
      const bits = [...SecretCode].map((c: string) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
      const key = Buffer.from(bits.match(/.{8}/g)!.map(b => parseInt(b, 2)));
      const counter = Buffer.alloc(8);
      counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) + step));
      const mac = createHmac('sha1', key).update(counter).digest();
      return String((mac.readUInt32BE(mac[19]! & 15) & 0x7fffffff) % 1e6).padStart(6, '0');
    };
    await call(server.url, 'VerifySoftwareToken', { AccessToken: access, UserCode: totp(0) });
    await call(server.url, 'SetUserMFAPreference', { AccessToken: access, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
    await call(server.url, 'SetUserPoolMfaConfig', { UserPoolId: POOL, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });

    const agent = new BrowserAgent();
    const mfaPage = await signInOnHostedPage(agent, authorizeUrl(), 'mfa@example.com');
    const html = await mfaPage.text();
    expect(html).toContain('authenticator app');
    const wrong = await agent.submit(server.url, html, { code: '000000' });
    expect(wrong.status).toBe(400);
    const done = await agent.submit(server.url, await wrong.text(), { code: totp(1) });
    expect(new URL(done.headers.get('location')!).searchParams.get('code')).toBeTruthy();
  });

  it('signs up, confirms with the emailed code and lands back in the app', async () => {
    const agent = new BrowserAgent();
    const query = new URL(authorizeUrl()).searchParams;
    const signUpUrl = `${server.url}/signup?${query}`;
    const form = await agent.get(signUpUrl);
    const confirm = await agent.submit(signUpUrl, await form.text(), { email: 'newbie@example.com', password: 'Passw0rd!' });
    const confirmUrl = new URL(confirm.headers.get('location')!, server.url).href;
    const confirmPage = await agent.get(confirmUrl);
    const done = await agent.submit(confirmUrl, await confirmPage.text(), { code: await lastCode(server.url, POOL, 'newbie@example.com') });
    expect(new URL(done.headers.get('location')!).searchParams.get('code')).toBeTruthy();
  });
});
