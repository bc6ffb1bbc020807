/**
 * cognate-local/testing's sessions as cognate-auth reads them: `outputs` configures cognate-auth
 * (endpoint included), `storageState()`'s localStorage entries are a signed-in session for its token
 * store, and the `ssr: true` cookies are one for its Node server runner.
 */
import { startCognateLocal, type CognateLocalHandle } from 'cognate-local/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Amplify } from '../src/index.js';
import { cognitoUserPoolsTokenProvider, fetchAuthSession, getCurrentUser } from '../src/auth-cognito.js';
import { createServerRunner } from '../src/node/index.js';

let local: CognateLocalHandle;

beforeAll(async () => {
  local = await startCognateLocal();
  await local.createUser({ username: 'ada', groups: ['admins'] });
});
afterAll(() => local?.stop());

it("outputs configure cognate-auth, and storageState's localStorage entries are a signed-in session for it", async () => {
  const state = await local.storageState({ username: 'ada', origin: 'http://localhost:3000' });
  const map = new Map(state.origins[0]!.localStorage.map(e => [e.name, e.value]));
  Amplify.configure(local.outputs);
  cognitoUserPoolsTokenProvider.setKeyValueStorage({
    setItem: async (k: string, v: string) => void map.set(k, v),
    getItem: async (k: string) => map.get(k) ?? null,
    removeItem: async (k: string) => void map.delete(k),
    clear: async () => map.clear(),
  });
  expect((await getCurrentUser()).username).toBe('ada');
  const session = await fetchAuthSession();
  expect(session.tokens?.accessToken.payload['cognito:groups']).toEqual(['admins']);
  // The refresh token is the server's: a forced refresh goes to cognate-local and writes new tokens.
  const refreshed = await fetchAuthSession({ forceRefresh: true });
  expect(refreshed.tokens?.accessToken.toString()).not.toBe(session.tokens?.accessToken.toString());
});

it("the ssr: true cookies are a signed-in session for cognate-auth/node's server runner", async () => {
  const state = await local.storageState({ username: 'ada', origin: 'http://localhost:3000', ssr: true });
  const runner = createServerRunner({ config: local.amplifyConfig });
  const handler = runner.fetch(async (_request, auth) => Response.json(await auth.getCurrentUser()));
  const cookie = state.cookies.map(c => `${c.name}=${c.value}`).join('; ');
  const signedIn = await handler(new Request('http://localhost:3000/me', { headers: { cookie } }));
  expect(signedIn.status).toBe(200);
  expect(await signedIn.json()).toMatchObject({ username: 'ada' });
  // Without the cookies, the same request is signed out.
  await expect(handler(new Request('http://localhost:3000/me'))).rejects.toMatchObject({ name: 'UserUnAuthenticatedException' });
});
