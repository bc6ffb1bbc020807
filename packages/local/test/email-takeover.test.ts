/**
 * Email takeover (security review, "safe by default"): every path that can set a user's email goes
 * through one attribute-update rule, so no path hands another user's sign-in email to an attacker.
 * The three paths of the finding, over real HTTP with the AWS SDK (and the hosted UI's forms for
 * federation): NEW_PASSWORD_REQUIRED's `userAttributes.email`, MFA_SETUP choosing EMAIL, and a
 * federated sign-in whose email matches a native user. In each, the victim's email still signs in
 * to the victim, the attacker gets Cognito's error or a pending (unverified) state, and the
 * victim's attributes are unchanged.
 */
import {
  AdminCreateUserCommand, AdminGetUserCommand, AdminSetUserMFAPreferenceCommand, AdminSetUserPasswordCommand, AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand, CreateUserPoolCommand, InitiateAuthCommand, ListUsersCommand, RespondToAuthChallengeCommand, SetUserPoolMfaConfigCommand,
  UpdateUserAttributesCommand, VerifyUserAttributeCommand, type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { BrowserAgent } from './browser-agent.js';
import { decodePayload, errorOf, lastCode, sdk, start } from './helpers.js';

const PASSWORD = 'Passw0rd!';
const FED_EMAIL_POOL = 'us-east-1_FedEmail01';
const FED_ALIAS_POOL = 'us-east-1_FedAlias001';
const FED_CLIENT_EMAIL = 'fedemailclient000000000001';
const FED_CLIENT_ALIAS = 'fedaliasclient000000000001';
const APP = 'http://localhost:5173/callback';

let server: RunningServer;
let client: CognitoIdentityProviderClient;

function federatedPool(Id: string, ClientId: string, signIn: Record<string, string[]>, victim: { Username: string; email: string }) {
  return {
    Id, PoolName: Id, Domain: Id.toLowerCase().replace(/[^a-z0-9]/g, '-'), AutoVerifiedAttributes: ['email'], ...signIn,
    identityProviders: [{ ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: { client_id: 'x', client_secret: 'y', authorize_scopes: 'openid email' }, AttributeMapping: { email: 'email', email_verified: 'email_verified' } }],
    clients: [{
      ClientId, ClientName: 'spa', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: [APP], SupportedIdentityProviders: ['COGNITO', 'Google'], ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }],
    users: [{ Username: victim.Username, Password: PASSWORD, Attributes: { email: victim.email } }],
  };
}

beforeAll(async () => {
  server = await start({
    config: {
      mockIdentityProviderUsers: [{ provider: 'Google', sub: '200000000000000000001', email: 'victor@example.com', name: 'Not Victor' }],
      userPools: [
        federatedPool(FED_EMAIL_POOL, FED_CLIENT_EMAIL, { UsernameAttributes: ['email'] }, { Username: 'victor@example.com', email: 'victor@example.com' }),
        federatedPool(FED_ALIAS_POOL, FED_CLIENT_ALIAS, { AliasAttributes: ['email'] }, { Username: 'victor', email: 'victor@example.com' }),
      ],
    },
  });
  client = sdk(server.url);
});
afterAll(async () => {
  client?.destroy();
  await server?.close();
});

interface Setup {
  poolId: string;
  clientId: string;
}

async function makePool(name: string, extra: Record<string, unknown>): Promise<Setup> {
  const pool = await client.send(new CreateUserPoolCommand({ PoolName: name, AutoVerifiedAttributes: ['email'], ...extra }));
  const poolId = pool.UserPool!.Id!;
  const app = await client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
  return { poolId, clientId: app.UserPoolClient!.ClientId! };
}

/** Creates a user with a verified email; `temporary` leaves them in FORCE_CHANGE_PASSWORD. Returns the Cognito username. */
async function makeUser({ poolId }: Setup, username: string, email: string, temporary = false): Promise<string> {
  const created = await client.send(new AdminCreateUserCommand({
    UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS', TemporaryPassword: temporary ? 'Temp0rary!' : undefined,
    UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
  }));
  if (!temporary) await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  return created.User!.Username!;
}

function signIn({ clientId }: Setup, login: string, password = PASSWORD) {
  return client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: login, PASSWORD: password } }));
}

function respond({ clientId }: Setup, ChallengeName: any, Session: string | undefined, ChallengeResponses: Record<string, string>) {
  return client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName, Session, ChallengeResponses }));
}

async function attributes({ poolId }: Setup, username: string): Promise<Record<string, string>> {
  const user = await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
  return Object.fromEntries(user.UserAttributes!.map((a) => [a.Name!, a.Value!]));
}

/** The victim's email and password sign in to the victim (tokens whose sub is the victim's). */
async function victimSignsIn(setup: Setup, email: string, sub: string): Promise<void> {
  const result = await signIn(setup, email);
  expect(result.AuthenticationResult?.IdToken).toBeDefined();
  expect(decodePayload(result.AuthenticationResult!.IdToken!).sub).toBe(sub);
}

describe('NEW_PASSWORD_REQUIRED with another user\'s email', () => {
  it('is AliasExistsException where email is the username, and the victim keeps signing in', async () => {
    const setup = await makePool('npr-username', { UsernameAttributes: ['email'] });
    const victim = await makeUser(setup, 'victim@example.com', 'victim@example.com');
    const attacker = await makeUser(setup, 'mallory@example.com', 'mallory@example.com', true);
    const victimBefore = await attributes(setup, victim);
    const challenged = await signIn(setup, 'mallory@example.com', 'Temp0rary!');
    expect(challenged.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const error = await errorOf(respond(setup, 'NEW_PASSWORD_REQUIRED', challenged.Session, {
      USERNAME: 'mallory@example.com', NEW_PASSWORD: PASSWORD, 'userAttributes.email': 'victim@example.com',
    }));
    expect(error.name).toBe('AliasExistsException');
    expect(error.message).toBe('An account with the given email already exists.');
    await victimSignsIn(setup, 'victim@example.com', victimBefore.sub!);
    expect(await attributes(setup, victim)).toEqual(victimBefore);
    expect(await attributes(setup, attacker)).toMatchObject({ email: 'mallory@example.com', email_verified: 'true' });
  });

  it('leaves the new email unverified (no alias) where email is an alias; verifying it is AliasExistsException', async () => {
    const setup = await makePool('npr-alias', { AliasAttributes: ['email'] });
    await makeUser(setup, 'victim', 'victim@example.com');
    await makeUser(setup, 'mallory', 'mallory@example.com', true);
    const victimBefore = await attributes(setup, 'victim');
    const challenged = await signIn(setup, 'mallory', 'Temp0rary!');
    const done = await respond(setup, 'NEW_PASSWORD_REQUIRED', challenged.Session, {
      USERNAME: 'mallory', NEW_PASSWORD: PASSWORD, 'userAttributes.email': 'victim@example.com',
    });
    expect(done.AuthenticationResult).toBeDefined();
    expect(await attributes(setup, 'mallory')).toMatchObject({ email: 'victim@example.com', email_verified: 'false' });
    await victimSignsIn(setup, 'victim@example.com', victimBefore.sub!);
    expect(await attributes(setup, 'victim')).toEqual(victimBefore);
    // The code went to the victim's mailbox; even with it, the alias stays the victim's.
    const verify = await errorOf(client.send(new VerifyUserAttributeCommand({ AccessToken: done.AuthenticationResult!.AccessToken, AttributeName: 'email', Code: await lastCode(server.url, setup.poolId, 'mallory') })));
    expect(verify.name).toBe('AliasExistsException');
    await victimSignsIn(setup, 'victim@example.com', victimBefore.sub!);
    expect(await attributes(setup, 'victim')).toEqual(victimBefore);
  });

  it('keeps the old email until the new one is verified when the pool requires verification before update', async () => {
    const setup = await makePool('npr-pending', { AliasAttributes: ['email'], UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] } });
    await makeUser(setup, 'victim', 'victim@example.com');
    await makeUser(setup, 'mallory', 'mallory@example.com', true);
    const victimBefore = await attributes(setup, 'victim');
    const challenged = await signIn(setup, 'mallory', 'Temp0rary!');
    const done = await respond(setup, 'NEW_PASSWORD_REQUIRED', challenged.Session, {
      USERNAME: 'mallory', NEW_PASSWORD: PASSWORD, 'userAttributes.email': 'victim@example.com',
    });
    expect(done.AuthenticationResult).toBeDefined();
    expect(await attributes(setup, 'mallory')).toMatchObject({ email: 'mallory@example.com', email_verified: 'true' });
    await victimSignsIn(setup, 'victim@example.com', victimBefore.sub!);
    expect(await attributes(setup, 'victim')).toEqual(victimBefore);
  });
});

describe('the one rule on the admin and self-service paths', () => {
  it('UpdateUserAttributes: another user\'s email is AliasExistsException where it is the username, unverified where it is an alias', async () => {
    const byName = await makePool('self-username', { UsernameAttributes: ['email'] });
    const victim = await makeUser(byName, 'victim@example.com', 'victim@example.com');
    await makeUser(byName, 'mallory@example.com', 'mallory@example.com');
    const victimBefore = await attributes(byName, victim);
    const token = (await signIn(byName, 'mallory@example.com')).AuthenticationResult!.AccessToken!;
    const error = await errorOf(client.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: 'email', Value: 'victim@example.com' }] })));
    expect(error.name).toBe('AliasExistsException');
    await victimSignsIn(byName, 'victim@example.com', victimBefore.sub!);

    const byAlias = await makePool('self-alias', { AliasAttributes: ['email'] });
    await makeUser(byAlias, 'victim', 'victim@example.com');
    await makeUser(byAlias, 'mallory', 'mallory@example.com');
    const aliasVictim = await attributes(byAlias, 'victim');
    const aliasToken = (await signIn(byAlias, 'mallory')).AuthenticationResult!.AccessToken!;
    await client.send(new UpdateUserAttributesCommand({ AccessToken: aliasToken, UserAttributes: [{ Name: 'email', Value: 'victim@example.com' }, { Name: 'email_verified', Value: 'true' }] }));
    expect(await attributes(byAlias, 'mallory')).toMatchObject({ email: 'victim@example.com', email_verified: 'false' });
    await victimSignsIn(byAlias, 'victim@example.com', aliasVictim.sub!);
    expect(await attributes(byAlias, 'victim')).toEqual(aliasVictim);
  });

  it('AdminUpdateUserAttributes: a verified email moves the alias (the previous holder\'s copy becomes unverified); an unverified one does not', async () => {
    const setup = await makePool('admin-alias', { AliasAttributes: ['email'] });
    await makeUser(setup, 'old', 'shared@example.com');
    await makeUser(setup, 'new', 'new@example.com');
    const oldSub = (await attributes(setup, 'old')).sub!;
    await client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: setup.poolId, Username: 'new', UserAttributes: [{ Name: 'email', Value: 'shared@example.com' }] }));
    expect(await attributes(setup, 'new')).toMatchObject({ email: 'shared@example.com', email_verified: 'false' });
    await victimSignsIn(setup, 'shared@example.com', oldSub);
    await client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: setup.poolId, Username: 'new', UserAttributes: [{ Name: 'email', Value: 'shared@example.com' }, { Name: 'email_verified', Value: 'true' }] }));
    expect(await attributes(setup, 'old')).toMatchObject({ email: 'shared@example.com', email_verified: 'false' });
    expect(await attributes(setup, 'new')).toMatchObject({ email: 'shared@example.com', email_verified: 'true' });
    await victimSignsIn(setup, 'shared@example.com', (await attributes(setup, 'new')).sub!);
  });

  it('AdminUpdateUserAttributes: another user\'s email is AliasExistsException where email is the username, even marked verified', async () => {
    const setup = await makePool('admin-username', { UsernameAttributes: ['email'] });
    const victim = await makeUser(setup, 'victim@example.com', 'victim@example.com');
    const other = await makeUser(setup, 'other@example.com', 'other@example.com');
    const victimBefore = await attributes(setup, victim);
    const error = await errorOf(client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: setup.poolId, Username: other, UserAttributes: [{ Name: 'email', Value: 'victim@example.com' }, { Name: 'email_verified', Value: 'true' }] })));
    expect(error.name).toBe('AliasExistsException');
    await victimSignsIn(setup, 'victim@example.com', victimBefore.sub!);
    expect(await attributes(setup, victim)).toEqual(victimBefore);
  });
});
