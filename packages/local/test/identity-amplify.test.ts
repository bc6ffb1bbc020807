/**
 * The real aws-amplify v6 credentials provider against cognate-local's identity pools, configured
 * with `identityPoolEndpoint` and guest access: guest credentials, then the same identity once the
 * guest signs in (Cognito links the login to it), a new guest after sign-out, and the user's
 * identity again at the next sign-in (Cognito merges the new guest into it).
 */
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { call, start } from './helpers.js';

let server: RunningServer;
let userPoolId: string;
let identityPoolId: string;
const email = 'identity-user@example.com';
const password = 'Amplify-Passw0rd!';
const ROLES = { authenticated: 'arn:aws:iam::000000000000:role/amplify-auth', unauthenticated: 'arn:aws:iam::000000000000:role/amplify-unauth' };

const identity = (op: string, body: unknown) => call(server.url, op, body, `AWSCognitoIdentityService.${op}`);

beforeAll(async () => {
  server = await start();
  const pool = await call(server.url, 'CreateUserPool', { PoolName: 'amplify-identity', UsernameAttributes: ['email'] });
  userPoolId = pool.body.UserPool.Id;
  const app = await call(server.url, 'CreateUserPoolClient', {
    UserPoolId: userPoolId,
    ClientName: 'web',
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  const clientId = app.body.UserPoolClient.ClientId;
  await call(server.url, 'AdminCreateUser', {
    UserPoolId: userPoolId,
    Username: email,
    MessageAction: 'SUPPRESS',
    UserAttributes: [
      { Name: 'email', Value: email },
      { Name: 'email_verified', Value: 'true' },
    ],
  });
  await call(server.url, 'AdminSetUserPassword', { UserPoolId: userPoolId, Username: email, Password: password, Permanent: true });
  // Configured in Cognito's spelling; Amplify sends the provider name derived from cognate-local's issuer.
  const created = await identity('CreateIdentityPool', {
    IdentityPoolName: 'amplify',
    AllowUnauthenticatedIdentities: true,
    CognitoIdentityProviders: [{ ProviderName: `cognito-idp.us-east-1.amazonaws.com/${userPoolId}`, ClientId: clientId }],
  });
  identityPoolId = created.body.IdentityPoolId;
  // Cognito issues credentials only for a role the pool has.
  await identity('SetIdentityPoolRoles', { IdentityPoolId: identityPoolId, Roles: ROLES });
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId,
        userPoolClientId: clientId,
        userPoolEndpoint: server.url,
        identityPoolId,
        identityPoolEndpoint: server.url,
        allowGuestAccess: true,
      },
    },
  });
});
afterAll(() => server?.close());

it('guest credentials → sign-in keeps the identity → sign-out gets a new guest → sign-in merges back', async () => {
  const guest = await fetchAuthSession();
  expect(guest.tokens).toBeUndefined();
  expect(guest.identityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
  expect(guest.credentials?.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
  expect(guest.credentials?.secretAccessKey).toHaveLength(40);
  expect(guest.credentials?.expiration).toBeInstanceOf(Date);
  expect((await fetchAuthSession()).identityId).toBe(guest.identityId);

  expect(await signIn({ username: email, password })).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  const user = await fetchAuthSession();
  expect(user.tokens?.idToken?.toString()).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
  expect(user.identityId).toBe(guest.identityId);
  expect(user.credentials?.accessKeyId).not.toBe(guest.credentials?.accessKeyId);
  const described = await identity('DescribeIdentity', { IdentityId: user.identityId });
  expect(described.body.Logins).toEqual([`cognito-idp.us-east-1.amazonaws.com/${userPoolId}`]);

  const forced = await fetchAuthSession({ forceRefresh: true });
  expect(forced.identityId).toBe(user.identityId);
  expect(forced.credentials?.accessKeyId).not.toBe(user.credentials?.accessKeyId);

  await signOut();
  const nextGuest = await fetchAuthSession();
  expect(nextGuest.tokens).toBeUndefined();
  expect(nextGuest.identityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
  expect(nextGuest.identityId).not.toBe(user.identityId);

  await signIn({ username: email, password });
  const again = await fetchAuthSession();
  expect(again.identityId).toBe(user.identityId);
  const merged = await identity('DescribeIdentity', { IdentityId: nextGuest.identityId });
  expect(merged.body.__type).toBe('ResourceNotFoundException');
  await signOut();
});

it('surfaces Cognito errors: guest access turned off', async () => {
  const { body: pool } = await identity('DescribeIdentityPool', { IdentityPoolId: identityPoolId });
  await identity('UpdateIdentityPool', { ...pool, AllowUnauthenticatedIdentities: false });
  try {
    await expect(fetchAuthSession()).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Unauthenticated access is not supported for this identity pool.',
    });
  } finally {
    await identity('UpdateIdentityPool', pool);
  }
});

it('a pool without roles gives no credentials: fetchAuthSession rejects with the error Amplify surfaces against AWS, for guests and users', async () => {
  const roleless = {
    name: 'InvalidIdentityPoolConfigurationException',
    message: 'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
  };
  await identity('SetIdentityPoolRoles', { IdentityPoolId: identityPoolId, Roles: {} });
  try {
    expect((await identity('GetIdentityPoolRoles', { IdentityPoolId: identityPoolId })).body.Roles ?? {}).toEqual({});
    await expect(fetchAuthSession()).rejects.toMatchObject(roleless);
    await signIn({ username: email, password });
    await expect(fetchAuthSession()).rejects.toMatchObject(roleless);
    await signOut();
  } finally {
    await identity('SetIdentityPoolRoles', { IdentityPoolId: identityPoolId, Roles: ROLES });
  }
  // With roles again, the same session gets credentials.
  expect((await fetchAuthSession()).credentials?.accessKeyId).toMatch(/^ASIA/);
});
