/**
 * Identity-pool credentials under injected faults: GetId and GetCredentialsForIdentity are retried
 * through throttling and dropped connections; a failure that outlasts the retries surfaces with the
 * service's error name; the user-pool session and the identity id are never lost.
 */
import type { RunningServer } from 'cognate-local';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { Amplify } from '../src/index.js';
import { cognitoUserPoolsTokenProvider, fetchAuthSession, signIn, signOut } from '../src/auth-cognito.js';
import { awsFetch, call, createPoolAndClient, faultStats, MapStorage, setFaults, startLocal } from './helpers.js';

let server: RunningServer;
const storage = new MapStorage();

const faults = (settings: Parameters<typeof setFaults>[1]) => setFaults(server.url, settings);

beforeAll(async () => {
  server = await startLocal();
  const pool = await createPoolAndClient(server.url);
  const res = await awsFetch(server.url, 'AWSCognitoIdentityService.CreateIdentityPool', {
    IdentityPoolName: 'faulty',
    AllowUnauthenticatedIdentities: true,
    CognitoIdentityProviders: [{ ProviderName: `cognito-idp.us-east-1.amazonaws.com/${pool.userPoolId}`, ClientId: pool.userPoolClientId }],
  });
  const { IdentityPoolId } = await res.json();
  // Cognito issues credentials only for a role the pool has.
  await awsFetch(server.url, 'AWSCognitoIdentityService.SetIdentityPoolRoles', {
    IdentityPoolId,
    Roles: { authenticated: 'arn:aws:iam::000000000000:role/cognate-authenticated', unauthenticated: 'arn:aws:iam::000000000000:role/cognate-unauthenticated' },
  });
  await call(server.url, 'AdminCreateUser', { UserPoolId: pool.userPoolId, Username: 'ivy', MessageAction: 'SUPPRESS' });
  await call(server.url, 'AdminSetUserPassword', { UserPoolId: pool.userPoolId, Username: 'ivy', Password: 'Passw0rd!', Permanent: true });
  Amplify.configure({
    Auth: { Cognito: { ...pool, userPoolEndpoint: server.url, identityPoolId: IdentityPoolId, identityPoolEndpoint: server.url, allowGuestAccess: true } },
  });
  cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
});
afterEach(async () => {
  await faults({});
  await signOut();
});
afterAll(() => server?.close());

it('guest and signed-in credentials come through a third of identity requests failing', async () => {
  await faults({ throttle: 0.2, drop: 0.13, seed: 99, operations: ['GetId', 'GetCredentialsForIdentity'] });
  const surfaced: string[] = [];
  /** As an app would: a failure that outlasted cognate's 3 attempts is retried once more by the caller. */
  const attempt = async (options?: { forceRefresh?: boolean }) => {
    for (;;) {
      try {
        return await fetchAuthSession(options);
      } catch (error) {
        surfaced.push((error as Error).name);
        expect(['TooManyRequestsException', 'NetworkError']).toContain((error as Error).name);
      }
    }
  };
  const guest = await attempt();
  expect(guest.credentials?.accessKeyId).toMatch(/^ASIA/);
  expect(guest.identityId).toMatch(/^us-east-1:/);
  await signIn({ username: 'ivy', password: 'Passw0rd!' });
  const signedIn = await attempt({ forceRefresh: true });
  expect(signedIn.credentials?.accessKeyId).toMatch(/^ASIA/);
  expect(signedIn.identityId).toBe(guest.identityId); // the guest identity is kept, as in Cognito
  const stats = await faultStats(server.url);
  expect(stats.injected.throttle + stats.injected.drop).toBeGreaterThan(surfaced.length);
});

it('credentials that keep failing surface the service error; the user-pool session is kept', async () => {
  await signIn({ username: 'ivy', password: 'Passw0rd!' });
  await faults({ unavailable: 1, operations: ['GetCredentialsForIdentity'] });
  await expect(fetchAuthSession({ forceRefresh: true })).rejects.toMatchObject({ name: 'ServiceUnavailableException' });
  expect([...storage.map.keys()].some(k => k.endsWith('.accessToken'))).toBe(true);
  await faults({});
  const session = await fetchAuthSession({ forceRefresh: true });
  expect(session.tokens?.accessToken?.toString()).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
  expect(session.credentials?.accessKeyId).toMatch(/^ASIA/);
});
