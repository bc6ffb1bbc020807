/**
 * The storage implementations of `cognate-auth/utils` carry a real session against cognate-local:
 * sign in, read the session back, sign out leaves nothing behind.
 */
import type { RunningServer } from 'cognate-local';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cognitoUserPoolsTokenProvider, fetchAuthSession, getCurrentUser, signIn, signOut, signUp, confirmSignUp } from '../src/auth-cognito.js';
import { Amplify } from '../src/index.js';
import { defaultStorage, InMemoryStorage, sessionStorage, sharedInMemoryStorage } from '../src/utils.js';
import { createPoolAndClient, lastCode, startLocal } from './helpers.js';

let server: RunningServer;
let pool: { userPoolId: string; userPoolClientId: string };
const PASSWORD = 'Corr3ct-Horse!';

beforeAll(async () => {
  server = await startLocal();
  pool = await createPoolAndClient(server.url);
  Amplify.configure({ Auth: { Cognito: { ...pool, userPoolEndpoint: server.url } } });
  await signUp({ username: 'stored', password: PASSWORD, options: { userAttributes: { email: 'stored@example.com' } } });
  await confirmSignUp({ username: 'stored', confirmationCode: await lastCode(server.url, pool.userPoolId, 'stored') });
});
afterAll(async () => {
  await server?.close();
});

const storages = { defaultStorage, sessionStorage, InMemoryStorage: new InMemoryStorage(), sharedInMemoryStorage };
for (const [name, storage] of Object.entries(storages)) {
  it(`${name} keeps the session`, async () => {
    cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
    await signIn({ username: 'stored', password: PASSWORD });
    expect((await getCurrentUser()).username).toBe('stored');
    expect(await storage.getItem(`CognitoIdentityServiceProvider.${pool.userPoolClientId}.LastAuthUser`)).toBe('stored');
    expect((await fetchAuthSession()).tokens?.accessToken?.toString()).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
    await signOut();
    expect((await fetchAuthSession()).tokens).toBeUndefined();
    expect(await storage.getItem(`CognitoIdentityServiceProvider.${pool.userPoolClientId}.LastAuthUser`)).toBeNull();
  });
}
