/**
 * Session interop: aws-amplify and cognate share one storage. A session written by either is read,
 * refreshed and ended by the other, because both use Amplify's key names and value formats.
 */
import { Amplify as AmplifyReal } from 'aws-amplify';
import * as amplifyAuth from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider as amplifyTokenProvider } from 'aws-amplify/auth/cognito';
import type { RunningServer } from 'cognate-local';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as cognateAuth from '../src/auth-cognito.js';
import { Amplify as AmplifyCognate } from '../src/index.js';
import { call, createPoolAndClient, MapStorage, startLocal } from './helpers.js';

let server: RunningServer;
const storage = new MapStorage();
const PASSWORD = 'Corr3ct-Horse!';
const EMAIL = 'shared@example.com';

beforeAll(async () => {
  server = await startLocal();
  // Email as the sign-in name: tokens are stored under the canonical username, not the email.
  const pool = await createPoolAndClient(server.url, { UsernameAttributes: ['email'] });
  await call(server.url, 'AdminCreateUser', {
    UserPoolId: pool.userPoolId,
    Username: EMAIL,
    MessageAction: 'SUPPRESS',
    UserAttributes: [
      { Name: 'email', Value: EMAIL },
      { Name: 'email_verified', Value: 'true' },
    ],
  });
  await call(server.url, 'AdminSetUserPassword', { UserPoolId: pool.userPoolId, Username: EMAIL, Password: PASSWORD, Permanent: true });
  const config = { Auth: { Cognito: { ...pool, userPoolEndpoint: server.url } } };
  AmplifyReal.configure(config);
  amplifyTokenProvider.setKeyValueStorage(storage);
  AmplifyCognate.configure(config);
  cognateAuth.cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
});
afterAll(() => server?.close());

it('cognate reads, refreshes and ends a session written by aws-amplify', async () => {
  await amplifyAuth.signIn({ username: EMAIL, password: PASSWORD });
  const keysByAmplify = [...storage.map.keys()].sort();
  const amplifyUser = await amplifyAuth.getCurrentUser();
  expect(await cognateAuth.getCurrentUser()).toEqual(amplifyUser);
  const amplifySession = await amplifyAuth.fetchAuthSession();
  const cognateSession = await cognateAuth.fetchAuthSession();
  expect(cognateSession.tokens?.accessToken.toString()).toBe(amplifySession.tokens?.accessToken.toString());
  expect(cognateSession.tokens?.idToken?.toString()).toBe(amplifySession.tokens?.idToken?.toString());
  expect(cognateSession.userSub).toBe(amplifySession.userSub);
  expect(await cognateAuth.fetchUserAttributes()).toEqual(await amplifyAuth.fetchUserAttributes());

  await new Promise(r => setTimeout(r, 1100));
  const refreshed = await cognateAuth.fetchAuthSession({ forceRefresh: true });
  expect(refreshed.tokens?.accessToken.toString()).not.toBe(amplifySession.tokens?.accessToken.toString());
  expect((await amplifyAuth.fetchAuthSession()).tokens?.accessToken.toString()).toBe(refreshed.tokens?.accessToken.toString());
  expect([...storage.map.keys()].sort()).toEqual(keysByAmplify);

  await cognateAuth.signOut();
  expect((await amplifyAuth.fetchAuthSession()).tokens).toBeUndefined();
  expect(storage.map.size).toBe(0);
});

it('aws-amplify reads, refreshes and ends a session written by cognate, under the same keys', async () => {
  await amplifyAuth.signIn({ username: EMAIL, password: PASSWORD });
  const keysByAmplify = [...storage.map.keys()].sort();
  const valuesByAmplify = Object.fromEntries([...storage.map].filter(([k]) => /LastAuthUser|signInDetails/.test(k)));
  await amplifyAuth.signOut();

  await cognateAuth.signIn({ username: EMAIL, password: PASSWORD });
  expect([...storage.map.keys()].sort()).toEqual(keysByAmplify);
  expect(Object.fromEntries([...storage.map].filter(([k]) => /LastAuthUser|signInDetails/.test(k)))).toEqual(valuesByAmplify);
  const cognateUser = await cognateAuth.getCurrentUser();
  expect(await amplifyAuth.getCurrentUser()).toEqual(cognateUser);
  expect(cognateUser.username).not.toBe(EMAIL);
  expect(cognateUser.signInDetails).toEqual({ loginId: EMAIL, authFlowType: 'USER_SRP_AUTH' });
  const cognateSession = await cognateAuth.fetchAuthSession();
  expect((await amplifyAuth.fetchAuthSession()).tokens?.accessToken.toString()).toBe(cognateSession.tokens?.accessToken.toString());
  expect(await amplifyAuth.fetchUserAttributes()).toEqual(await cognateAuth.fetchUserAttributes());

  await new Promise(r => setTimeout(r, 1100));
  const refreshed = await amplifyAuth.fetchAuthSession({ forceRefresh: true });
  expect((await cognateAuth.fetchAuthSession()).tokens?.accessToken.toString()).toBe(refreshed.tokens?.accessToken.toString());

  await amplifyAuth.signOut();
  expect((await cognateAuth.fetchAuthSession()).tokens).toBeUndefined();
  await expect(cognateAuth.signIn({ username: EMAIL, password: 'Wr0ng-Passw0rd!' })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
});
