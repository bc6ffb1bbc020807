/**
 * Refresh under contention with refresh-token rotation and no grace period, the setting where a
 * race makes Cognito refuse the older refresh token (RefreshTokenReuseException): several "tabs"
 * (independent contexts sharing one storage, as browser tabs share localStorage) all find the
 * session expired and refresh at once. Nobody may be signed out by the race; the stored session
 * stays usable. (Amplify clears the tokens on that error, so one tab's race signs every tab out.)
 */
import type { RunningServer } from 'cognate-local';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAuthContext } from '../src/context/auth-context.js';
import { HubClass } from '../src/hub/hub.js';
import { fetchAuthSessionOf } from '../src/apis/fetch-auth-session.js';
import { signInOf } from '../src/apis/sign-in.js';
import { call, MapStorage, startLocal } from './helpers.js';

let server: RunningServer;
let config: { Auth: { Cognito: { userPoolId: string; userPoolClientId: string; userPoolEndpoint: string } } };

beforeAll(async () => {
  server = await startLocal();
  const poolId = (await call(server.url, 'CreateUserPool', { PoolName: 'contention' })).UserPool.Id;
  const clientId = (
    await call(server.url, 'CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'tabs',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
    })
  ).UserPoolClient.ClientId;
  await call(server.url, 'AdminCreateUser', { UserPoolId: poolId, Username: 'tabby', MessageAction: 'SUPPRESS' });
  await call(server.url, 'AdminSetUserPassword', { UserPoolId: poolId, Username: 'tabby', Password: 'Passw0rd!', Permanent: true });
  config = { Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: server.url } } };
});
afterAll(() => server?.close());

function tab(storage: MapStorage) {
  return createAuthContext({ resourcesConfig: () => config, storage: () => storage, hub: new HubClass('tab') });
}

it('eight tabs refreshing one expired session at once: nobody is signed out', async () => {
  const storage = new MapStorage();
  const first = tab(storage);
  expect((await signInOf(first, { username: 'tabby', password: 'Passw0rd!' })).isSignedIn).toBe(true);
  for (let round = 0; round < 3; round++) {
    const drift = [...storage.map.keys()].find(k => k.endsWith('.clockDrift'))!;
    storage.map.set(drift, String(2 * 3600 * 1000)); // every tab now sees the session as expired
    await new Promise(r => setTimeout(r, 1050));
    const tabs = Array.from({ length: 8 }, () => tab(storage));
    const sessions = await Promise.all(tabs.map(t => fetchAuthSessionOf(t, {})));
    expect(sessions.every(s => s.tokens?.accessToken !== undefined)).toBe(true);
    // What is stored still works: the session refreshes again without the user signing in.
    const again = await fetchAuthSessionOf(tab(storage), { forceRefresh: true });
    expect(again.tokens?.accessToken?.toString()).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
  }
});
