import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startCognateLocal } from 'cognate-local/testing';
import { createService } from '../src/service.mjs';

let cognito; // this file's own cognate-local: in memory, on a free port
let service;
let base;

beforeAll(async () => {
  cognito = await startCognateLocal();
  service = createService({ region: cognito.region, userPoolId: cognito.userPoolId, userPoolClientId: cognito.userPoolClientId, endpoint: cognito.url });
  await new Promise(resolve => service.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${service.address().port}`;
});
afterAll(async () => {
  service?.close();
  await cognito?.stop();
});
// Every test starts from the same state: no users but the ones it makes, the clock at now.
beforeEach(() => cognito.reset());

const get = async (path, accessToken) => {
  const response = await fetch(base + path, { headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {} });
  return { status: response.status, body: await response.json() };
};

it('knows the caller from their access token', async () => {
  await cognito.createUser({ username: 'ada', groups: ['staff'] });
  const { accessToken } = await cognito.tokensFor({ username: 'ada' });
  expect(await get('/me', accessToken)).toEqual({ status: 200, body: { username: 'ada', groups: ['staff'] } });
  expect((await get('/me')).status).toBe(401);
});

it('lets only admins read reports', async () => {
  await cognito.createUser({ username: 'ada' });
  await cognito.createUser({ username: 'grace', groups: ['admins'] });
  expect((await get('/reports', (await cognito.tokensFor({ username: 'ada' })).accessToken)).status).toBe(403);
  expect((await get('/reports', (await cognito.tokensFor({ username: 'grace' })).accessToken)).status).toBe(200);
});

it('refuses an expired session an hour later, and serves the refreshed one', async () => {
  await cognito.createUser({ username: 'ada', attributes: { email: 'ada@example.com', name: 'Ada' } });
  const tokens = await cognito.tokensFor({ username: 'ada' });
  expect(await get('/profile', tokens.accessToken)).toMatchObject({ status: 200, body: { name: 'Ada' } });

  await cognito.advanceClock(61 * 60 * 1000); // an hour and a minute, in no time
  expect(await get('/profile', tokens.accessToken)).toEqual({ status: 401, body: { error: 'Access Token has expired' } });

  // What an app does next: refresh the session, then call again.
  const idp = new CognitoIdentityProviderClient({ region: cognito.region, endpoint: cognito.url });
  const refreshed = await idp.send(
    new InitiateAuthCommand({ ClientId: cognito.userPoolClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.refreshToken } }),
  );
  expect((await get('/profile', refreshed.AuthenticationResult.AccessToken)).status).toBe(200);
});

it('reports a Cognito outage as 502, not as a sign-out', async () => {
  await cognito.createUser({ username: 'ada' });
  const { accessToken } = await cognito.tokensFor({ username: 'ada' });
  cognito.failNext('GetUser', 'InternalErrorException', { times: 3 }); // the SDK tries three times
  expect((await get('/profile', accessToken)).status).toBe(502);
  expect((await get('/profile', accessToken)).status).toBe(200);
});
