/**
 * A bad configuration fails as it does with aws-amplify: the same error `name` and `message` from
 * `signIn` for a malformed user pool id or an endpoint without a scheme, never a raw `TypeError`.
 * Both libraries get the same config, pointed at one real cognate-local (or at what the typo makes
 * of it).
 */
import { Amplify as AmplifyReal } from 'aws-amplify';
import * as amplifyAuth from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider as amplifyTokenProvider } from 'aws-amplify/auth/cognito';
import type { RunningServer } from 'cognate-local';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as cognateAuth from '../src/auth-cognito.js';
import { AuthError } from '../src/errors/auth-error.js';
import { Amplify as AmplifyCognate } from '../src/index.js';
import { awsFetch, createPoolAndClient, MapStorage, startLocal } from './helpers.js';

let local: RunningServer;
let pool: { userPoolId: string; userPoolClientId: string };

beforeAll(async () => {
  local = await startLocal();
  pool = await createPoolAndClient(local.url);
  amplifyTokenProvider.setKeyValueStorage(new MapStorage());
  cognateAuth.cognitoUserPoolsTokenProvider.setKeyValueStorage(new MapStorage());
});
afterAll(async () => {
  await local?.close();
});

/** `signIn` under `cognito` with each library: what it threw (or `ok`). */
async function signInWith(cognito: Record<string, unknown>) {
  const results = [];
  for (const [amplify, auth] of [
    [AmplifyReal, amplifyAuth],
    [AmplifyCognate, cognateAuth],
  ] as const) {
    amplify.configure({ Auth: { Cognito: cognito as never } });
    try {
      await auth.signIn({ username: 'nobody', password: 'Passw0rd!' });
      results.push({ ok: true });
    } catch (error) {
      const e = error as Error;
      results.push({ name: e.name, message: e.message, isTypeError: e instanceof TypeError });
    }
  }
  return results;
}

const badPoolIds = ['bad', '_abc', 'us-east-1'];
for (const userPoolId of badPoolIds) {
  it(`a malformed user pool id (${JSON.stringify(userPoolId)}) with an endpoint: InvalidUserPoolId, as aws-amplify`, async () => {
    const [amplify, cognate] = await signInWith({ userPoolId, userPoolClientId: pool.userPoolClientId, userPoolEndpoint: local.url });
    expect(amplify).toEqual({ name: 'InvalidUserPoolId', message: 'Invalid user pool id provided.', isTypeError: false });
    expect(cognate).toEqual(amplify);
  });
}

it('a malformed user pool id without an endpoint: InvalidUserPoolId, as aws-amplify', async () => {
  const [amplify, cognate] = await signInWith({ userPoolId: 'bad', userPoolClientId: pool.userPoolClientId });
  expect(cognate).toEqual(amplify);
  expect(cognate).toMatchObject({ name: 'InvalidUserPoolId' });
});

it("an endpoint without a scheme gives aws-amplify's error, not a TypeError", async () => {
  const host = new URL(local.url).host; // 127.0.0.1:PORT
  for (const userPoolEndpoint of [host, `localhost:${new URL(local.url).port}`, 'not a url']) {
    const [amplify, cognate] = await signInWith({ ...pool, userPoolEndpoint });
    expect(cognate, userPoolEndpoint).toEqual(amplify);
    expect(cognate, userPoolEndpoint).toMatchObject({ isTypeError: false });
  }
  // And the error is cognate's one class, carrying what went wrong.
  AmplifyCognate.configure({ Auth: { Cognito: { ...pool, userPoolEndpoint: host } } });
  const error = await cognateAuth.signIn({ username: 'nobody', password: 'Passw0rd!' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AuthError);
  expect((error as AuthError).cause).toBeInstanceOf(TypeError);
});

it('the well-formed config still reaches the server (the same answer from both)', async () => {
  const [amplify, cognate] = await signInWith({ ...pool, userPoolEndpoint: local.url });
  expect(amplify).toMatchObject({ name: 'UserNotFoundException' });
  expect(cognate).toEqual(amplify);
});

/** `fetchAuthSession` for a guest under `cognito` with each library: what it threw (or the identity's shape). */
async function guestSessionWith(cognito: Record<string, unknown>) {
  const results = [];
  for (const [amplify, auth] of [
    [AmplifyReal, amplifyAuth],
    [AmplifyCognate, cognateAuth],
  ] as const) {
    amplify.configure({ Auth: { Cognito: cognito as never } });
    try {
      const session = await auth.fetchAuthSession();
      results.push({ ok: true, identityId: typeof session.identityId });
    } catch (error) {
      const e = error as Error;
      results.push({ name: e.name, message: e.message, isTypeError: e instanceof TypeError });
    }
  }
  return results;
}

it('the identity pool: a malformed id with an endpoint, or an endpoint without a scheme, fails as with aws-amplify', async () => {
  const createIdentityPool = async () => {
    const created = await awsFetch(local.url, 'AWSCognitoIdentityService.CreateIdentityPool', {
      IdentityPoolName: 'guests',
      AllowUnauthenticatedIdentities: true,
    });
    const { IdentityPoolId } = (await created.json()) as { IdentityPoolId: string };
    // Cognito issues credentials only for a role the pool has.
    await awsFetch(local.url, 'AWSCognitoIdentityService.SetIdentityPoolRoles', {
      IdentityPoolId,
      Roles: {
        authenticated: 'arn:aws:iam::000000000000:role/cognate-authenticated',
        unauthenticated: 'arn:aws:iam::000000000000:role/cognate-unauthenticated',
      },
    });
    return IdentityPoolId;
  };
  const identityPoolId = await createIdentityPool();
  const [okAmplify, okCognate] = await guestSessionWith({ identityPoolId, identityPoolEndpoint: local.url, allowGuestAccess: true });
  expect(okAmplify).toEqual({ ok: true, identityId: 'string' });
  expect(okCognate).toEqual(okAmplify);
  const [badId, badIdCognate] = await guestSessionWith({ identityPoolId: 'bad', identityPoolEndpoint: local.url, allowGuestAccess: true });
  expect(badId).toMatchObject({ name: 'InvalidIdentityPoolIdException' });
  expect(badIdCognate).toEqual(badId);
  // Another pool, so that neither library answers from the guest identity it keeps for the first.
  const [noScheme, noSchemeCognate] = await guestSessionWith({
    identityPoolId: await createIdentityPool(),
    identityPoolEndpoint: new URL(local.url).host,
    allowGuestAccess: true,
  });
  expect(noScheme).toMatchObject({ name: 'Unknown', isTypeError: false });
  expect(noSchemeCognate).toEqual(noScheme);
});
