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
  AdminCreateUserCommand,
  AdminGetUserCommand,
  ConfirmSignUpCommand,
  SignUpCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
  type CognitoIdentityProviderClient,
  type ChallengeNameType,
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
    Id,
    PoolName: Id,
    Domain: Id.toLowerCase().replace(/[^a-z0-9]/g, '-'),
    AutoVerifiedAttributes: ['email'],
    ...signIn,
    identityProviders: [
      {
        ProviderName: 'Google',
        ProviderType: 'Google',
        ProviderDetails: { client_id: 'x', client_secret: 'y', authorize_scopes: 'openid email' },
        AttributeMapping: { email: 'email', email_verified: 'email_verified' },
      },
    ],
    clients: [
      {
        ClientId,
        ClientName: 'spa',
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email'],
        CallbackURLs: [APP],
        SupportedIdentityProviders: ['COGNITO', 'Google'],
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      },
    ],
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
  const app = await client.send(
    new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
  );
  return { poolId, clientId: app.UserPoolClient!.ClientId! };
}

/** Creates a user with a verified email; `temporary` leaves them in FORCE_CHANGE_PASSWORD. Returns the Cognito username. */
async function makeUser({ poolId }: Setup, username: string, email: string, temporary = false): Promise<string> {
  const created = await client.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      TemporaryPassword: temporary ? 'Temp0rary!' : undefined,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
  if (!temporary) await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  return created.User!.Username!;
}

function signIn({ clientId }: Setup, login: string, password = PASSWORD) {
  return client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: login, PASSWORD: password } }));
}

function respond({ clientId }: Setup, ChallengeName: ChallengeNameType, Session: string | undefined, ChallengeResponses: Record<string, string>) {
  return client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName, Session, ChallengeResponses }));
}

async function attributes({ poolId }: Setup, username: string): Promise<Record<string, string>> {
  const user = await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
  return Object.fromEntries(user.UserAttributes!.map(a => [a.Name!, a.Value!]));
}

/** The victim's email and password sign in to the victim (tokens whose sub is the victim's). */
async function victimSignsIn(setup: Setup, email: string, sub: string): Promise<void> {
  const result = await signIn(setup, email);
  expect(result.AuthenticationResult?.IdToken).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
  expect(decodePayload(result.AuthenticationResult!.IdToken!).sub).toBe(sub);
}

describe("NEW_PASSWORD_REQUIRED with another user's email", () => {
  it('is AliasExistsException where email is the username, and the victim keeps signing in', async () => {
    const setup = await makePool('npr-username', { UsernameAttributes: ['email'] });
    const victim = await makeUser(setup, 'victim@example.com', 'victim@example.com');
    const attacker = await makeUser(setup, 'mallory@example.com', 'mallory@example.com', true);
    const victimBefore = await attributes(setup, victim);
    const challenged = await signIn(setup, 'mallory@example.com', 'Temp0rary!');
    expect(challenged.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const error = await errorOf(
      respond(setup, 'NEW_PASSWORD_REQUIRED', challenged.Session, {
        USERNAME: 'mallory@example.com',
        NEW_PASSWORD: PASSWORD,
        'userAttributes.email': 'victim@example.com',
      }),
    );
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
      USERNAME: 'mallory',
      NEW_PASSWORD: PASSWORD,
      'userAttributes.email': 'victim@example.com',
    });
    expect(done.AuthenticationResult).toEqual(
      expect.objectContaining({ AccessToken: expect.stringMatching(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/), TokenType: 'Bearer' }),
    );
    expect(await attributes(setup, 'mallory')).toMatchObject({ email: 'victim@example.com', email_verified: 'false' });
    await victimSignsIn(setup, 'victim@example.com', victimBefore.sub!);
    expect(await attributes(setup, 'victim')).toEqual(victimBefore);
    // The code went to the victim's mailbox; even with it, the alias stays the victim's.
    const verify = await errorOf(
      client.send(
        new VerifyUserAttributeCommand({
          AccessToken: done.AuthenticationResult!.AccessToken,
          AttributeName: 'email',
          Code: await lastCode(server.url, setup.poolId, 'mallory'),
        }),
      ),
    );
    expect(verify.name).toBe('AliasExistsException');
    await victimSignsIn(setup, 'victim@example.com', victimBefore.sub!);
    expect(await attributes(setup, 'victim')).toEqual(victimBefore);
  });

  it('is the same rule for a phone number as the username', async () => {
    const setup = await makePool('npr-phone', { UsernameAttributes: ['phone_number'], AutoVerifiedAttributes: ['phone_number'] });
    const create = async (phone: string, temporary: boolean) =>
      (
        await client.send(
          new AdminCreateUserCommand({
            UserPoolId: setup.poolId,
            Username: phone,
            MessageAction: 'SUPPRESS',
            TemporaryPassword: temporary ? 'Temp0rary!' : undefined,
            UserAttributes: [
              { Name: 'phone_number', Value: phone },
              { Name: 'phone_number_verified', Value: 'true' },
            ],
          }),
        )
      ).User!.Username!;
    const victim = await create('+15550000001', false);
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: setup.poolId, Username: victim, Password: PASSWORD, Permanent: true }));
    const attacker = await create('+15550000002', true);
    const victimBefore = await attributes(setup, victim);
    const challenged = await signIn(setup, '+15550000002', 'Temp0rary!');
    const error = await errorOf(
      respond(setup, 'NEW_PASSWORD_REQUIRED', challenged.Session, {
        USERNAME: '+15550000002',
        NEW_PASSWORD: PASSWORD,
        'userAttributes.phone_number': '+15550000001',
      }),
    );
    expect(error.name).toBe('AliasExistsException');
    expect(error.message).toBe('An account with the given phone_number already exists.');
    await victimSignsIn(setup, '+15550000001', victimBefore.sub!);
    expect(await attributes(setup, attacker)).toMatchObject({ phone_number: '+15550000002', phone_number_verified: 'true' });
  });

  it('keeps the old email until the new one is verified when the pool requires verification before update', async () => {
    const setup = await makePool('npr-pending', {
      AliasAttributes: ['email'],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
    });
    await makeUser(setup, 'victim', 'victim@example.com');
    await makeUser(setup, 'mallory', 'mallory@example.com', true);
    const victimBefore = await attributes(setup, 'victim');
    const challenged = await signIn(setup, 'mallory', 'Temp0rary!');
    const done = await respond(setup, 'NEW_PASSWORD_REQUIRED', challenged.Session, {
      USERNAME: 'mallory',
      NEW_PASSWORD: PASSWORD,
      'userAttributes.email': 'victim@example.com',
    });
    expect(done.AuthenticationResult).toEqual(
      expect.objectContaining({ AccessToken: expect.stringMatching(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/), TokenType: 'Bearer' }),
    );
    expect(await attributes(setup, 'mallory')).toMatchObject({ email: 'mallory@example.com', email_verified: 'true' });
    await victimSignsIn(setup, 'victim@example.com', victimBefore.sub!);
    expect(await attributes(setup, 'victim')).toEqual(victimBefore);
  });
});

describe("MFA_SETUP choosing EMAIL with another user's address", () => {
  async function emailMfaPool(name: string, extra: Record<string, unknown>): Promise<Setup> {
    const setup = await makePool(name, extra);
    await client.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: setup.poolId,
        MfaConfiguration: 'ON',
        EmailMfaConfiguration: { Message: 'code {####}' },
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    return setup;
  }

  /** Signs the victim in with their email: their own email-MFA code, then tokens for the victim. */
  async function victimSignsInWithMfa(setup: Setup, email: string, username: string, sub: string): Promise<void> {
    const challenged = await signIn(setup, email);
    expect(challenged.ChallengeName).toBe('EMAIL_OTP');
    expect(challenged.ChallengeParameters?.USER_ID_FOR_SRP).toBe(username);
    const done = await respond(setup, 'EMAIL_OTP', challenged.Session, {
      USERNAME: username,
      EMAIL_OTP_CODE: await lastCode(server.url, setup.poolId, username),
    });
    expect(decodePayload(done.AuthenticationResult!.IdToken!).sub).toBe(sub);
  }

  it('is AliasExistsException where email is the username; nothing moves', async () => {
    const setup = await emailMfaPool('mfa-username', { UsernameAttributes: ['email'] });
    const victim = await makeUser(setup, 'victim@example.com', 'victim@example.com');
    await client.send(
      new AdminSetUserMFAPreferenceCommand({ UserPoolId: setup.poolId, Username: victim, EmailMfaSettings: { Enabled: true, PreferredMfa: true } }),
    );
    const attacker = await makeUser(setup, 'mallory@example.com', 'mallory@example.com');
    const victimBefore = await attributes(setup, victim);
    const challenged = await signIn(setup, 'mallory@example.com');
    expect(challenged.ChallengeName).toBe('MFA_SETUP');
    const error = await errorOf(respond(setup, 'MFA_SETUP', challenged.Session, { USERNAME: 'mallory@example.com', EMAIL: 'victim@example.com' }));
    expect(error.name).toBe('AliasExistsException');
    expect(error.message).toBe('An account with the given email already exists.');
    await victimSignsInWithMfa(setup, 'victim@example.com', victim, victimBefore.sub!);
    expect(await attributes(setup, victim)).toEqual(victimBefore);
    expect(await attributes(setup, attacker)).toMatchObject({ email: 'mallory@example.com', email_verified: 'true' });
  });

  it('changes nothing before the code where email is an alias, and the code cannot take the alias', async () => {
    const setup = await emailMfaPool('mfa-alias', { AliasAttributes: ['email'] });
    await makeUser(setup, 'victim', 'victim@example.com');
    await client.send(
      new AdminSetUserMFAPreferenceCommand({ UserPoolId: setup.poolId, Username: 'victim', EmailMfaSettings: { Enabled: true, PreferredMfa: true } }),
    );
    await makeUser(setup, 'mallory', 'mallory@example.com');
    const victimBefore = await attributes(setup, 'victim');
    const malloryBefore = await attributes(setup, 'mallory');
    const challenged = await signIn(setup, 'mallory');
    expect(challenged.ChallengeName).toBe('MFA_SETUP');
    const otp = await respond(setup, 'MFA_SETUP', challenged.Session, { USERNAME: 'mallory', EMAIL: 'victim@example.com' });
    expect(otp.ChallengeName).toBe('EMAIL_OTP');
    expect(otp.ChallengeParameters?.CODE_DELIVERY_DESTINATION).toBe('v***@e***');
    // Pending: the code went to the new address; the account is untouched until it is entered.
    expect(await attributes(setup, 'mallory')).toEqual(malloryBefore);
    await victimSignsInWithMfa(setup, 'victim@example.com', 'victim', victimBefore.sub!);
    // The code (read from the victim's mailbox) still cannot move a verified alias to another account.
    const code = await lastCode(server.url, setup.poolId, 'mallory');
    const error = await errorOf(respond(setup, 'EMAIL_OTP', otp.Session, { USERNAME: 'mallory', EMAIL_OTP_CODE: code }));
    expect(error.name).toBe('AliasExistsException');
    expect(await attributes(setup, 'mallory')).toEqual(malloryBefore);
    expect(await attributes(setup, 'victim')).toEqual(victimBefore);
    await victimSignsInWithMfa(setup, 'victim@example.com', 'victim', victimBefore.sub!);
  });

  it("sets up email MFA on a new address of the user's own only after its code", async () => {
    const setup = await emailMfaPool('mfa-own', { AliasAttributes: ['email'] });
    await makeUser(setup, 'olga', 'olga@example.com');
    const challenged = await signIn(setup, 'olga');
    const otp = await respond(setup, 'MFA_SETUP', challenged.Session, { USERNAME: 'olga', EMAIL: 'olga.new@example.com' });
    expect(otp.ChallengeName).toBe('EMAIL_OTP');
    expect(await attributes(setup, 'olga')).toMatchObject({ email: 'olga@example.com', email_verified: 'true' });
    const wrong = await errorOf(
      respond(setup, 'EMAIL_OTP', otp.Session, {
        USERNAME: 'olga',
        EMAIL_OTP_CODE: '000000' === (await lastCode(server.url, setup.poolId, 'olga')) ? '111111' : '000000',
      }),
    );
    expect(wrong.name).toBe('CodeMismatchException');
    expect(await attributes(setup, 'olga')).toMatchObject({ email: 'olga@example.com', email_verified: 'true' });
    const done = await respond(setup, 'EMAIL_OTP', otp.Session, { USERNAME: 'olga', EMAIL_OTP_CODE: await lastCode(server.url, setup.poolId, 'olga') });
    expect(done.AuthenticationResult).toEqual(
      expect.objectContaining({ AccessToken: expect.stringMatching(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/), TokenType: 'Bearer' }),
    );
    expect(await attributes(setup, 'olga')).toMatchObject({ email: 'olga.new@example.com', email_verified: 'true' });
    const user = await client.send(new AdminGetUserCommand({ UserPoolId: setup.poolId, Username: 'olga' }));
    expect(user.PreferredMfaSetting).toBe('EMAIL_OTP');
    // The new address is the sign-in alias now, the old one no longer.
    expect((await signIn(setup, 'olga.new@example.com')).ChallengeName).toBe('EMAIL_OTP');
    expect((await errorOf(client.send(new AdminGetUserCommand({ UserPoolId: setup.poolId, Username: 'olga@example.com' })))).name).toBe(
      'UserNotFoundException',
    );
  });
});

describe('federated sign-in whose email matches a native user', () => {
  function pkce() {
    const verifier = randomBytes(48).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  }

  /** Through the hosted UI's real forms: authorize → mock Google → idpresponse → back at the app. */
  async function federatedCallback(clientId: string, fields: Record<string, string>): Promise<{ callback: URL; verifier: string }> {
    const agent = new BrowserAgent();
    const { verifier, challenge } = pkce();
    const q = new URLSearchParams({
      client_id: clientId,
      redirect_uri: APP,
      response_type: 'code',
      scope: 'openid email',
      state: 's',
      identity_provider: 'Google',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const toIdp = await agent.get(`${server.url}/oauth2/authorize?${q}`);
    const idpUrl = new URL(toIdp.headers.get('location')!, server.url).href;
    const page = await agent.get(idpUrl);
    const html = await page.text();
    // Every form on the page posts to the same action; an empty `sub` is the typed-email form.
    const chosen = await agent.submit(idpUrl, html, { sub: '', ...fields });
    expect(chosen.status).toBe(302);
    const back = await agent.get(new URL(chosen.headers.get('location')!, server.url).href);
    expect(back.status).toBe(302);
    return { callback: new URL(back.headers.get('location')!), verifier };
  }

  /** A federated sign-in to the end: the authorization code exchanged for tokens; the ID token's claims. */
  // biome-ignore lint/suspicious/noExplicitAny: ID token claims (JSON), read by path
  async function federatedSignIn(clientId: string, fields: Record<string, string>): Promise<Record<string, any>> {
    const { callback, verifier } = await federatedCallback(clientId, fields);
    expect(callback.searchParams.get('error')).toBeNull();
    const tokens = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: clientId,
        code: callback.searchParams.get('code')!,
        redirect_uri: APP,
        code_verifier: verifier,
      }),
    });
    return decodePayload(((await tokens.json()) as { id_token: string }).id_token);
  }

  for (const [kind, poolId, clientId, victim] of [
    ['email as username', FED_EMAIL_POOL, FED_CLIENT_EMAIL, undefined],
    ['email as alias', FED_ALIAS_POOL, FED_CLIENT_ALIAS, 'victor'],
  ] as const) {
    it(`gets its own Provider_sub user and never the native user's email sign-in (${kind})`, async () => {
      const setup = { poolId, clientId };
      const native = (await client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'email = "victor@example.com"' }))).Users!.find(
        u => u.UserStatus === 'CONFIRMED',
      )!;
      const victimName = victim ?? native.Username!;
      const victimBefore = await attributes(setup, victimName);
      // A typed email (any provider account claiming the victim's address) and a seeded provider user with it.
      const typed = await federatedSignIn(clientId, { email: 'Victor@Example.com' });
      const seeded = await federatedSignIn(clientId, { sub: '200000000000000000001' });
      for (const claims of [typed, seeded]) {
        expect(claims['cognito:username']).toMatch(/^Google_/);
        expect(claims.sub).not.toBe(victimBefore.sub);
      }
      expect(seeded['cognito:username']).toBe('Google_200000000000000000001');
      await victimSignsIn(setup, 'victor@example.com', victimBefore.sub!);
      expect(await attributes(setup, victimName)).toEqual(victimBefore);
      expect((await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'victor@example.com' }))).Username).toBe(victimName);
      // The federated users keep the provider's email as a profile attribute, not as a sign-in name.
      expect(await attributes(setup, 'Google_200000000000000000001')).toMatchObject({ email: 'victor@example.com' });
      expect((await errorOf(signIn(setup, 'Google_200000000000000000001'))).name).toBe('NotAuthorizedException');
    });
  }

  it('never signs a provider identity in to a native user who happens to have its Provider_sub name', async () => {
    const setup = { poolId: FED_ALIAS_POOL, clientId: FED_CLIENT_ALIAS };
    // The mock provider's subject for a typed email (what its sign-in page derives).
    const sub = createHash('sha256')
      .update('Google:eve@example.com')
      .digest('base64url')
      .slice(0, 21)
      .replace(/[^0-9a-zA-Z]/g, '0');
    const native = await makeUser(setup, `Google_${sub}`, 'native-eve@example.com');
    const before = await attributes(setup, native);
    const { callback } = await federatedCallback(FED_CLIENT_ALIAS, { email: 'eve@example.com' });
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('code')).toBeNull();
    expect(await attributes(setup, native)).toEqual(before);
    expect((await client.send(new AdminGetUserCommand({ UserPoolId: FED_ALIAS_POOL, Username: native }))).UserStatus).toBe('CONFIRMED');
    await victimSignsIn(setup, 'native-eve@example.com', before.sub!);
  });
});

describe("ConfirmSignUp and AdminCreateUser with another user's verified email (alias pools)", () => {
  it('ConfirmSignUp is AliasExistsException; ForceAliasCreation moves the alias, as documented', async () => {
    const setup = await makePool('confirm-alias', { AliasAttributes: ['email'] });
    await makeUser(setup, 'victim', 'victim@example.com');
    const victimBefore = await attributes(setup, 'victim');
    await client.send(
      new SignUpCommand({
        ClientId: setup.clientId,
        Username: 'newcomer',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'victim@example.com' }],
      }),
    );
    const code = await lastCode(server.url, setup.poolId, 'newcomer');
    const error = await errorOf(client.send(new ConfirmSignUpCommand({ ClientId: setup.clientId, Username: 'newcomer', ConfirmationCode: code })));
    expect(error.name).toBe('AliasExistsException');
    expect(error.message).toBe('An account with the given email already exists.');
    await victimSignsIn(setup, 'victim@example.com', victimBefore.sub!);
    expect(await attributes(setup, 'victim')).toEqual(victimBefore);
    expect((await client.send(new AdminGetUserCommand({ UserPoolId: setup.poolId, Username: 'newcomer' }))).UserStatus).toBe('UNCONFIRMED');
    // The same code with ForceAliasCreation: the new account takes the alias, the old one keeps the email unverified.
    await client.send(new ConfirmSignUpCommand({ ClientId: setup.clientId, Username: 'newcomer', ConfirmationCode: code, ForceAliasCreation: true }));
    expect(await attributes(setup, 'victim')).toEqual({ ...victimBefore, email_verified: 'false' });
    await victimSignsIn(setup, 'victim@example.com', (await attributes(setup, 'newcomer')).sub!);
  });

  it('AdminCreateUser with email_verified true is AliasExistsException unless ForceAliasCreation', async () => {
    const setup = await makePool('create-alias', { AliasAttributes: ['email'] });
    await makeUser(setup, 'victim', 'victim@example.com');
    const victimBefore = await attributes(setup, 'victim');
    const create = (Username: string, ForceAliasCreation?: boolean) =>
      client.send(
        new AdminCreateUserCommand({
          UserPoolId: setup.poolId,
          Username,
          MessageAction: 'SUPPRESS',
          ForceAliasCreation,
          UserAttributes: [
            { Name: 'email', Value: 'victim@example.com' },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      );
    expect((await errorOf(create('second'))).name).toBe('AliasExistsException');
    expect((await errorOf(client.send(new AdminGetUserCommand({ UserPoolId: setup.poolId, Username: 'second' })))).name).toBe('UserNotFoundException');
    await victimSignsIn(setup, 'victim@example.com', victimBefore.sub!);
    expect(await attributes(setup, 'victim')).toEqual(victimBefore);
    await create('third', true);
    expect(await attributes(setup, 'victim')).toEqual({ ...victimBefore, email_verified: 'false' });
    expect((await client.send(new AdminGetUserCommand({ UserPoolId: setup.poolId, Username: 'victim@example.com' }))).Username).toBe('third');
  });
});

describe('the one rule on the admin and self-service paths', () => {
  it("UpdateUserAttributes: another user's email is AliasExistsException where it is the username, unverified where it is an alias", async () => {
    const byName = await makePool('self-username', { UsernameAttributes: ['email'] });
    const victim = await makeUser(byName, 'victim@example.com', 'victim@example.com');
    await makeUser(byName, 'mallory@example.com', 'mallory@example.com');
    const victimBefore = await attributes(byName, victim);
    const token = (await signIn(byName, 'mallory@example.com')).AuthenticationResult!.AccessToken!;
    const error = await errorOf(
      client.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: 'email', Value: 'victim@example.com' }] })),
    );
    expect(error.name).toBe('AliasExistsException');
    await victimSignsIn(byName, 'victim@example.com', victimBefore.sub!);

    const byAlias = await makePool('self-alias', { AliasAttributes: ['email'] });
    await makeUser(byAlias, 'victim', 'victim@example.com');
    await makeUser(byAlias, 'mallory', 'mallory@example.com');
    const aliasVictim = await attributes(byAlias, 'victim');
    const aliasToken = (await signIn(byAlias, 'mallory')).AuthenticationResult!.AccessToken!;
    await client.send(
      new UpdateUserAttributesCommand({
        AccessToken: aliasToken,
        UserAttributes: [
          { Name: 'email', Value: 'victim@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    expect(await attributes(byAlias, 'mallory')).toMatchObject({ email: 'victim@example.com', email_verified: 'false' });
    await victimSignsIn(byAlias, 'victim@example.com', aliasVictim.sub!);
    expect(await attributes(byAlias, 'victim')).toEqual(aliasVictim);
  });

  it("AdminUpdateUserAttributes: a verified email moves the alias (the previous holder's copy becomes unverified); an unverified one does not", async () => {
    const setup = await makePool('admin-alias', { AliasAttributes: ['email'] });
    await makeUser(setup, 'old', 'shared@example.com');
    await makeUser(setup, 'new', 'new@example.com');
    const oldSub = (await attributes(setup, 'old')).sub!;
    await client.send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: setup.poolId, Username: 'new', UserAttributes: [{ Name: 'email', Value: 'shared@example.com' }] }),
    );
    expect(await attributes(setup, 'new')).toMatchObject({ email: 'shared@example.com', email_verified: 'false' });
    await victimSignsIn(setup, 'shared@example.com', oldSub);
    await client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: setup.poolId,
        Username: 'new',
        UserAttributes: [
          { Name: 'email', Value: 'shared@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    expect(await attributes(setup, 'old')).toMatchObject({ email: 'shared@example.com', email_verified: 'false' });
    expect(await attributes(setup, 'new')).toMatchObject({ email: 'shared@example.com', email_verified: 'true' });
    await victimSignsIn(setup, 'shared@example.com', (await attributes(setup, 'new')).sub!);
  });

  it('AdminUpdateUserAttributes honours AttributesRequireVerificationBeforeUpdate unless it sets email_verified true', async () => {
    const setup = await makePool('admin-pending', {
      AliasAttributes: ['email'],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
    });
    await makeUser(setup, 'pat', 'pat@example.com');
    await client.send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: setup.poolId, Username: 'pat', UserAttributes: [{ Name: 'email', Value: 'pat.new@example.com' }] }),
    );
    expect(await attributes(setup, 'pat')).toMatchObject({ email: 'pat@example.com', email_verified: 'true' });
    const token = (await signIn(setup, 'pat@example.com')).AuthenticationResult!.AccessToken!;
    await client.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: 'email', Code: await lastCode(server.url, setup.poolId, 'pat') }));
    expect(await attributes(setup, 'pat')).toMatchObject({ email: 'pat.new@example.com', email_verified: 'true' });
    await client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: setup.poolId,
        Username: 'pat',
        UserAttributes: [
          { Name: 'email', Value: 'pat.third@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    expect(await attributes(setup, 'pat')).toMatchObject({ email: 'pat.third@example.com', email_verified: 'true' });
  });

  it('NEW_PASSWORD_REQUIRED writes only attributes the app client may write', async () => {
    const setup = await makePool('npr-writable', { AliasAttributes: ['email'] });
    const app = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: setup.poolId,
        ClientName: 'limited',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        WriteAttributes: ['name'],
      }),
    );
    const limited = { poolId: setup.poolId, clientId: app.UserPoolClient!.ClientId! };
    await makeUser(setup, 'nora', 'nora@example.com', true);
    const challenged = await signIn(limited, 'nora', 'Temp0rary!');
    const error = await errorOf(
      respond(limited, 'NEW_PASSWORD_REQUIRED', challenged.Session, { USERNAME: 'nora', NEW_PASSWORD: PASSWORD, 'userAttributes.email': 'other@example.com' }),
    );
    expect(error.name).toBe('NotAuthorizedException');
    expect(error.message).toBe('A client attempted to write unauthorized attribute');
    expect(await attributes(setup, 'nora')).toMatchObject({ email: 'nora@example.com', email_verified: 'true' });
    const again = await signIn(limited, 'nora', 'Temp0rary!');
    const done = await respond(limited, 'NEW_PASSWORD_REQUIRED', again.Session, { USERNAME: 'nora', NEW_PASSWORD: PASSWORD, 'userAttributes.name': 'Nora' });
    expect(done.AuthenticationResult).toEqual(
      expect.objectContaining({ AccessToken: expect.stringMatching(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/), TokenType: 'Bearer' }),
    );
    expect(await attributes(setup, 'nora')).toMatchObject({ name: 'Nora', email: 'nora@example.com' });
  });

  it("AdminUpdateUserAttributes: another user's email is AliasExistsException where email is the username, even marked verified", async () => {
    const setup = await makePool('admin-username', { UsernameAttributes: ['email'] });
    const victim = await makeUser(setup, 'victim@example.com', 'victim@example.com');
    const other = await makeUser(setup, 'other@example.com', 'other@example.com');
    const victimBefore = await attributes(setup, victim);
    const error = await errorOf(
      client.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: setup.poolId,
          Username: other,
          UserAttributes: [
            { Name: 'email', Value: 'victim@example.com' },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      ),
    );
    expect(error.name).toBe('AliasExistsException');
    await victimSignsIn(setup, 'victim@example.com', victimBefore.sub!);
    expect(await attributes(setup, victim)).toEqual(victimBefore);
  });
});
