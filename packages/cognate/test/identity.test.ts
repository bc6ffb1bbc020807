/**
 * Identity pools against cognate-local: the same scenario through the real aws-amplify v6 and through
 * cognate — guest credentials, the guest identity kept when the guest signs in, credentials cached
 * and renewed on forceRefresh with the same identity id, a new guest after sign-out, and the user's
 * identity again at the next sign-in — must give the same observations. Then the server side:
 * `cognate-auth/node` with an identity pool (guest identity id in Amplify's cookie, linked at sign-in,
 * kept across a refresh).
 */
import { Amplify as AmplifyReal } from 'aws-amplify';
import * as amplifyAuth from 'aws-amplify/auth';
import * as amplifyCognito from 'aws-amplify/auth/cognito';
import { cognitoUserPoolsTokenProvider as amplifyTokenProvider } from 'aws-amplify/auth/cognito';
import type { RunningServer } from 'cognate-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cognateAuth from '../src/auth-cognito.js';
import { Amplify } from '../src/index.js';
import { createServerRunner } from '../src/node/index.js';
import { BrowserJar, uninstallDocument } from './browser-jar.js';
import { awsFetch, call, createPoolAndClient, MapStorage, setClock, startLocal } from './helpers.js';
import { serveNode, type Served } from './serve.js';

const PASSWORD = 'Corr3ct-Horse!';
let local: RunningServer;
// biome-ignore lint/suspicious/noExplicitAny: amplify_outputs-style JSON written by cognate-local, read by path
let config: any;
let identityPoolId: string;
const identityCalls: string[] = [];

// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON answer, read by each test field by field
async function identity(op: string, body: unknown): Promise<any> {
  const res = await awsFetch(local.url, `AWSCognitoIdentityService.${op}`, body);
  return res.json();
}

async function createUser(username: string) {
  const UserPoolId = config.Auth.Cognito.userPoolId;
  await call(local.url, 'AdminCreateUser', { UserPoolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: [] });
  await call(local.url, 'AdminSetUserPassword', { UserPoolId, Username: username, Password: PASSWORD, Permanent: true });
}

/** A fetch that records identity-pool operations. */
const countingFetch: typeof fetch = (input, init) => {
  const target = new Headers(init?.headers).get('x-amz-target') ?? '';
  if (target.startsWith('AWSCognitoIdentityService.')) identityCalls.push(target.split('.')[1]!);
  return fetch(input, init);
};

beforeAll(async () => {
  local = await startLocal();
  const pool = await createPoolAndClient(local.url);
  const created = await identity('CreateIdentityPool', {
    IdentityPoolName: 'cognate',
    AllowUnauthenticatedIdentities: true,
    CognitoIdentityProviders: [{ ProviderName: `cognito-idp.us-east-1.amazonaws.com/${pool.userPoolId}`, ClientId: pool.userPoolClientId }],
  });
  identityPoolId = created.IdentityPoolId;
  // Cognito issues credentials only for a role the pool has.
  await identity('SetIdentityPoolRoles', {
    IdentityPoolId: identityPoolId,
    Roles: { authenticated: 'arn:aws:iam::000000000000:role/cognate-authenticated', unauthenticated: 'arn:aws:iam::000000000000:role/cognate-unauthenticated' },
  });
  config = {
    Auth: { Cognito: { ...pool, userPoolEndpoint: local.url, identityPoolId, identityPoolEndpoint: local.url, allowGuestAccess: true } },
  };
});
afterAll(() => local?.close());

type Api = Pick<typeof cognateAuth, 'fetchAuthSession' | 'signIn' | 'signOut'>;

/** The scenario; returns what must match between the libraries. */
async function scenario(api: Api, username: string) {
  const g1 = await api.fetchAuthSession();
  const g2 = await api.fetchAuthSession();
  await api.signIn({ username, password: PASSWORD });
  const u1 = await api.fetchAuthSession();
  const u2 = await api.fetchAuthSession();
  const u3 = await api.fetchAuthSession({ forceRefresh: true });
  const described = await identity('DescribeIdentity', { IdentityId: u1.identityId });
  await api.signOut();
  const g3 = await api.fetchAuthSession();
  await api.signIn({ username, password: PASSWORD });
  const u4 = await api.fetchAuthSession();
  await api.signOut();
  const shape = (s: typeof g1) => ({
    tokens: !!s.tokens,
    identityId: /^us-east-1:[0-9a-f-]{36}$/.test(s.identityId ?? ''),
    accessKeyId: /^ASIA[A-Z2-7]{16}$/.test(s.credentials?.accessKeyId ?? ''),
    secretAccessKey: s.credentials?.secretAccessKey.length,
    sessionToken: typeof s.credentials?.sessionToken,
    expiration: s.credentials?.expiration instanceof Date && s.credentials.expiration.getTime() > Date.now(),
  });
  return {
    shapes: [g1, u1, u3, g3, u4].map(shape),
    guestIdentityStable: g1.identityId === g2.identityId,
    guestCredentialsCached: g1.credentials?.accessKeyId === g2.credentials?.accessKeyId,
    signedInKeepsGuestIdentity: u1.identityId === g1.identityId,
    signedInGetsNewCredentials: u1.credentials?.accessKeyId !== g1.credentials?.accessKeyId,
    signedInCredentialsCached: u1.credentials?.accessKeyId === u2.credentials?.accessKeyId,
    forceRefreshSameIdentity: u3.identityId === u1.identityId,
    forceRefreshNewCredentials: u3.credentials?.accessKeyId !== u1.credentials?.accessKeyId,
    forceRefreshNewTokens: u3.tokens?.accessToken.toString() !== u1.tokens?.accessToken.toString(),
    linkedLogins: described.Logins,
    newGuestAfterSignOut: !!g3.identityId && g3.identityId !== u1.identityId && !g3.tokens,
    nextSignInSameIdentity: u4.identityId === u1.identityId,
  };
}

describe('fetchAuthSession credentials: cognate and aws-amplify agree', () => {
  it('guest → signed in → force refresh → signed out → signed in', async () => {
    await createUser('amp-identity');
    await createUser('cog-identity');
    await createUser('cog-calls');
    AmplifyReal.configure(config);
    amplifyTokenProvider.setKeyValueStorage(new MapStorage());
    const amplify = await scenario(amplifyAuth as unknown as Api, 'amp-identity');

    const storage = new MapStorage();
    Amplify.configure(config, { fetch: countingFetch });
    cognateAuth.cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
    const guestKey = `com.amplify.Cognito.${identityPoolId}.identityId`;
    identityCalls.length = 0;
    const guest = await cognateAuth.fetchAuthSession();
    expect(identityCalls).toEqual(['GetId', 'GetCredentialsForIdentity']);
    expect(storage.map.get(guestKey)).toBe(guest.identityId);
    await cognateAuth.fetchAuthSession();
    expect(identityCalls).toHaveLength(2);
    await cognateAuth.signIn({ username: 'cog-calls', password: PASSWORD });
    await cognateAuth.fetchAuthSession();
    // The guest id is reused with the user's login (no GetId), then forgotten from storage.
    expect(identityCalls.slice(2)).toEqual(['GetCredentialsForIdentity']);
    expect(storage.map.has(guestKey)).toBe(false);
    await cognateAuth.signOut();
    await cognateAuth.fetchAuthSession();
    await cognateAuth.signOut();

    const cognate = await scenario(cognateAuth, 'cog-identity');
    expect(cognate).toEqual(amplify);
    expect(cognate).toMatchObject({
      guestIdentityStable: true,
      signedInKeepsGuestIdentity: true,
      forceRefreshSameIdentity: true,
      newGuestAfterSignOut: true,
    });
  });

  it('without allowGuestAccess a signed-out session has no credentials, like Amplify', async () => {
    const noGuests = { Auth: { Cognito: { ...config.Auth.Cognito, allowGuestAccess: false } } };
    AmplifyReal.configure(noGuests);
    Amplify.configure(noGuests);
    const [a, c] = [await amplifyAuth.fetchAuthSession(), await cognateAuth.fetchAuthSession()];
    expect(c).toEqual(a);
    expect(c.credentials).toBeUndefined();
  });

  it('a pool never given roles: fetchAuthSession rejects with the same InvalidIdentityPoolConfigurationException in both, guest and signed in', async () => {
    await createUser('amp-roleless');
    await createUser('cog-roleless');
    const created = await identity('CreateIdentityPool', {
      IdentityPoolName: 'roleless',
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: [
        { ProviderName: `cognito-idp.us-east-1.amazonaws.com/${config.Auth.Cognito.userPoolId}`, ClientId: config.Auth.Cognito.userPoolClientId },
      ],
    });
    const roleless = { Auth: { Cognito: { ...config.Auth.Cognito, identityPoolId: created.IdentityPoolId } } };
    const outcome = async (api: Api, username: string) => {
      const failure = async () => {
        try {
          const session = await api.fetchAuthSession();
          return { credentials: !!session.credentials };
        } catch (error) {
          return { name: (error as Error).name, message: (error as Error).message };
        }
      };
      const guest = await failure();
      await api.signIn({ username, password: PASSWORD });
      const user = await failure();
      await api.signOut();
      return { guest, user };
    };
    AmplifyReal.configure(roleless);
    amplifyTokenProvider.setKeyValueStorage(new MapStorage());
    const amplify = await outcome(amplifyAuth as unknown as Api, 'amp-roleless');
    Amplify.configure(roleless);
    cognateAuth.cognitoUserPoolsTokenProvider.setKeyValueStorage(new MapStorage());
    const cognate = await outcome(cognateAuth, 'cog-roleless');
    const refused = {
      name: 'InvalidIdentityPoolConfigurationException',
      message: 'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
    };
    expect(amplify).toEqual({ guest: refused, user: refused });
    expect(cognate).toEqual(amplify);
  });
});

describe("a credentials provider of the app's own (Amplify.configure libraryOptions.Auth)", () => {
  type Lib = { Amplify: { configure(config: unknown, options?: unknown): void }; auth: Api; cognito: typeof cognateAuth };
  const libs: Record<'aws-amplify' | 'cognate', Lib> = {
    'aws-amplify': { Amplify: AmplifyReal, auth: amplifyAuth as unknown as Api, cognito: amplifyCognito as unknown as typeof cognateAuth },
    cognate: { Amplify, auth: cognateAuth, cognito: cognateAuth },
  };

  it('CognitoAWSCredentialsAndIdentityIdProvider over a DefaultIdentityIdStore of another storage, as Amplify documents it', async () => {
    const seen: Record<string, unknown> = {};
    for (const [name, lib] of Object.entries(libs)) {
      const identityStorage = new MapStorage();
      const tokenStorage = new MapStorage();
      const provider = new lib.cognito.CognitoAWSCredentialsAndIdentityIdProvider(new lib.cognito.DefaultIdentityIdStore(identityStorage));
      lib.cognito.cognitoUserPoolsTokenProvider.setKeyValueStorage(tokenStorage);
      lib.Amplify.configure(config, { Auth: { tokenProvider: lib.cognito.cognitoUserPoolsTokenProvider, credentialsProvider: provider } });
      const guest = await lib.auth.fetchAuthSession();
      const again = await lib.auth.fetchAuthSession();
      seen[name] = {
        guestIdentity: /^us-east-1:/.test(guest.identityId ?? ''),
        credentials: !!guest.credentials?.accessKeyId,
        cached: again.credentials?.accessKeyId === guest.credentials?.accessKeyId,
        storedInProvidersStorage: [...identityStorage.map.entries()].map(([k, v]) => [k, v === guest.identityId]),
        tokenStorageUntouched: tokenStorage.map.size,
      };
      await provider.clearCredentialsAndIdentityId();
      (seen[name] as Record<string, unknown>).clearedFromStorage = identityStorage.map.size;
    }
    expect(seen.cognate).toEqual(seen['aws-amplify']);
    expect(seen.cognate).toEqual({
      guestIdentity: true,
      credentials: true,
      cached: true,
      storedInProvidersStorage: [[`com.amplify.Cognito.${identityPoolId}.identityId`, true]],
      tokenStorageUntouched: 0,
      clearedFromStorage: 0,
    });
  });

  it('an identity id store written for Amplify (no pool argument, setAuthConfig) works with either provider', async () => {
    const seen: Record<string, unknown> = {};
    for (const [name, lib] of Object.entries(libs)) {
      const calls: string[] = [];
      let pool: string | undefined;
      let saved: { id: string; type: 'guest' | 'primary' } | null = null;
      const store = {
        setAuthConfig(authConfig: { Cognito?: { identityPoolId?: string } }) {
          pool = authConfig.Cognito?.identityPoolId;
          calls.push('setAuthConfig');
        },
        async loadIdentityId() {
          calls.push('load');
          return saved;
        },
        async storeIdentityId(identity: { id: string; type: 'guest' | 'primary' }) {
          calls.push(`store ${identity.type}`);
          saved = identity;
        },
        async clearIdentityId() {
          calls.push('clear');
          saved = null;
        },
      };
      const provider = new lib.cognito.CognitoAWSCredentialsAndIdentityIdProvider(store as never);
      lib.cognito.cognitoUserPoolsTokenProvider.setKeyValueStorage(new MapStorage());
      lib.Amplify.configure(config, { Auth: { tokenProvider: lib.cognito.cognitoUserPoolsTokenProvider, credentialsProvider: provider } });
      const first = await lib.auth.fetchAuthSession();
      seen[name] = {
        pool,
        saved: (saved as { id: string } | null)?.id === first.identityId,
        stored: calls.includes('store guest'),
        loaded: calls.includes('load'),
      };
    }
    expect(seen.cognate).toEqual(seen['aws-amplify']);
    expect(seen.cognate).toEqual({ pool: identityPoolId, saved: true, stored: true, loaded: true });
  });

  it('cognitoCredentialsProvider passed back in is the default provider: the guest id lands in the token storage', async () => {
    const storage = new MapStorage();
    cognateAuth.cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
    Amplify.configure(config, {
      Auth: { tokenProvider: cognateAuth.cognitoUserPoolsTokenProvider, credentialsProvider: cognateAuth.cognitoCredentialsProvider },
    });
    const guest = await cognateAuth.fetchAuthSession();
    expect(guest.identityId).toMatch(/^us-east-1:/);
    expect(storage.map.get(`com.amplify.Cognito.${identityPoolId}.identityId`)).toBe(guest.identityId);
    await cognateAuth.cognitoCredentialsProvider.clearCredentialsAndIdentityId();
    expect(storage.map.has(`com.amplify.Cognito.${identityPoolId}.identityId`)).toBe(false);
    Amplify.configure(config);
  });
});

describe('server side (cognate/node) with an identity pool', () => {
  let server: Served;
  beforeAll(async () => {
    const runner = createServerRunner({ config, runtimeOptions: { fetch: countingFetch } });
    server = await serveNode(async (req, res) => {
      const session = await runner.auth(req, res).fetchAuthSession();
      res.setHeader('content-type', 'application/json').end(
        JSON.stringify({
          identityId: session.identityId,
          accessKeyId: session.credentials?.accessKeyId,
          username: session.tokens?.accessToken.payload.username,
        }),
      );
    });
  });
  afterAll(() => server?.close());

  it('guest identity in a cookie, linked at sign-in, kept across a refresh, new guest after sign-out', async () => {
    const jar = new BrowserJar();
    const guestCookie = encodeURIComponent(`com.amplify.Cognito.${identityPoolId}.identityId`);
    identityCalls.length = 0;
    const guest = await (await jar.fetch(`${server.url}/`)).json();
    expect(guest.identityId).toMatch(/^us-east-1:/);
    expect(guest.username).toBeUndefined();
    expect(jar.cookies.get(guestCookie)).toBe(guest.identityId);
    expect(identityCalls).toEqual(['GetId', 'GetCredentialsForIdentity']);
    const again = await (await jar.fetch(`${server.url}/`)).json();
    expect(again.identityId).toBe(guest.identityId);
    expect(identityCalls.slice(2)).toEqual(['GetCredentialsForIdentity']);

    // The browser signs in (tokens issued an hour ago, so the server will also have to refresh).
    await createUser('server-identity');
    await setClock(local.url, { offsetSeconds: -3700 });
    jar.install();
    try {
      Amplify.configure(config, { ssr: true });
      await cognateAuth.signIn({ username: 'server-identity', password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    } finally {
      uninstallDocument();
      await setClock(local.url, { offsetSeconds: 0 });
    }
    const user = await (await jar.fetch(`${server.url}/`)).json();
    expect(user.username).toBe('server-identity');
    expect(user.identityId).toBe(guest.identityId);
    // Linked: the guest cookie is gone, and the login now maps to that identity.
    expect(jar.cookies.has(guestCookie)).toBe(false);
    const userAgain = await (await jar.fetch(`${server.url}/`)).json();
    expect(userAgain.identityId).toBe(guest.identityId);

    // Signed out (cookies gone): a new guest.
    const fresh = await (await new BrowserJar().fetch(`${server.url}/`)).json();
    expect(fresh.identityId).not.toBe(guest.identityId);
  });
});
