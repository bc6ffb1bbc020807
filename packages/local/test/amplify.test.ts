/**
 * The real aws-amplify v6, configured with `userPoolEndpoint`, against cognate-local: sign-up,
 * confirmation, sign-in with its default SRP flow, sessions, forced refresh and global sign-out.
 */
import { Amplify } from 'aws-amplify';
import { confirmSignUp, fetchAuthSession, getCurrentUser, signIn, signOut, signUp } from 'aws-amplify/auth';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { call, decodePayload, lastCode, start } from './helpers.js';

let server: RunningServer;
let poolId: string;

beforeAll(async () => {
  server = await start();
  const pool = await call(server.url, 'CreateUserPool', { PoolName: 'amplify', UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] });
  poolId = pool.body.UserPool.Id;
  const app = await call(server.url, 'CreateUserPoolClient', {
    UserPoolId: poolId,
    ClientName: 'amplify',
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  Amplify.configure({ Auth: { Cognito: { userPoolId: poolId, userPoolClientId: app.body.UserPoolClient.ClientId, userPoolEndpoint: server.url } } });
});
afterAll(() => server?.close());

it('signUp → confirmSignUp → signIn (SRP) → fetchAuthSession → forceRefresh → signOut({global})', async () => {
  const email = 'amplify-user@example.com';
  const password = 'Amplify-Passw0rd!';
  const up = await signUp({ username: email, password, options: { userAttributes: { email } } });
  expect(up.isSignUpComplete).toBe(false);
  expect(up.nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
  const confirmed = await confirmSignUp({ username: email, confirmationCode: await lastCode(server.url, poolId, email) });
  expect(confirmed.isSignUpComplete).toBe(true);

  const result = await signIn({ username: email, password });
  expect(result).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  const user = await getCurrentUser();
  expect(user.signInDetails?.loginId).toBe(email);

  const session = await fetchAuthSession();
  const idPayload = session.tokens?.idToken?.payload;
  expect(idPayload?.email).toBe(email);
  expect(session.tokens?.accessToken.payload.username).toBe(user.username);

  await new Promise(r => setTimeout(r, 1100));
  const refreshed = await fetchAuthSession({ forceRefresh: true });
  expect(refreshed.tokens?.accessToken.toString()).not.toBe(session.tokens?.accessToken.toString());
  expect(refreshed.tokens!.accessToken.payload.iat!).toBeGreaterThan(session.tokens!.accessToken.payload.iat!);

  const accessToken = refreshed.tokens!.accessToken.toString();
  await signOut({ global: true });
  expect((await fetchAuthSession()).tokens).toBeUndefined();
  const after = await call(server.url, 'GetUser', { AccessToken: accessToken });
  expect(after.body.__type).toBe('NotAuthorizedException');
  expect(decodePayload(accessToken).origin_jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

it('maps wrong passwords and unknown users to Cognito error names', async () => {
  await expect(signIn({ username: 'amplify-user@example.com', password: 'Wr0ng-Passw0rd!' })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  await expect(signIn({ username: 'nobody@example.com', password: 'Wr0ng-Passw0rd!' })).rejects.toMatchObject({ name: 'UserNotFoundException' });
});
