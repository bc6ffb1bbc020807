/**
 * USER_AUTH (choice-based sign-in) through the AWS SDK: SELECT_CHALLENGE with AvailableChallenges,
 * PREFERRED_CHALLENGE, PASSWORD and PASSWORD_SRP first factors (MFA still applies after a password),
 * EMAIL_OTP (8 digits) and SMS_OTP, the pool's allowed first factors, passwordless sign-up, and
 * signing in with the session ConfirmSignUp returns.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
  type ChallengeNameType,
} from '@aws-sdk/client-cognito-identity-provider';
import { computePasswordClaimSignature, formatSrpTimestamp, srpAToHex, startSrpSession } from '@cognate/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { decodePayload, errorOf, lastCode, sdk, start } from './helpers.js';

let server: RunningServer;
let client: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;
let passwordOnlyClient: string;
let passwordOnlyPool: string;

const start_ = (username: string, extra: Record<string, string> = {}, id = clientId, Session?: string) =>
  client.send(
    new InitiateAuthCommand({ ClientId: id, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: username, ...extra }, ...(Session ? { Session } : {}) }),
  );
const respond = (ChallengeName: ChallengeNameType, Session: string | undefined, ChallengeResponses: Record<string, string>, id = clientId) =>
  client.send(new RespondToAuthChallengeCommand({ ClientId: id, ChallengeName, Session, ChallengeResponses }));

beforeAll(async () => {
  server = await start();
  client = sdk(server.url);
  const pool = await client.send(
    new CreateUserPoolCommand({
      PoolName: 'choice',
      AutoVerifiedAttributes: ['email'],
      UsernameAttributes: ['email'],
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] } },
    }),
  );
  poolId = pool.UserPool!.Id!;
  clientId = (
    await client.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    )
  ).UserPoolClient!.ClientId!;
  for (const [email, phone] of [
    ['both@example.com', '+15555550100'],
    ['mail@example.com', undefined],
  ] as const) {
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
          ...(phone
            ? [
                { Name: 'phone_number', Value: phone },
                { Name: 'phone_number_verified', Value: 'true' },
              ]
            : []),
        ],
      }),
    );
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: email, Password: 'Passw0rd!', Permanent: true }));
  }
  const other = await client.send(new CreateUserPoolCommand({ PoolName: 'password-only' }));
  passwordOnlyPool = other.UserPool!.Id!;
  passwordOnlyClient = (
    await client.send(
      new CreateUserPoolClientCommand({ UserPoolId: passwordOnlyPool, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_PASSWORD_AUTH'] }),
    )
  ).UserPoolClient!.ClientId!;
  await client.send(
    new AdminCreateUserCommand({
      UserPoolId: passwordOnlyPool,
      Username: 'pat',
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: 'pat@example.com' },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
  await client.send(new AdminSetUserPasswordCommand({ UserPoolId: passwordOnlyPool, Username: 'pat', Password: 'Passw0rd!', Permanent: true }));
});
afterAll(async () => {
  client?.destroy();
  await server?.close();
});

describe('selection', () => {
  it('lists the factors the user can use, and the pool allows', async () => {
    const both = await start_('both@example.com');
    expect(both.ChallengeName).toBe('SELECT_CHALLENGE');
    expect(both.AvailableChallenges).toEqual(['PASSWORD_SRP', 'PASSWORD', 'EMAIL_OTP', 'SMS_OTP']);
    expect((await start_('mail@example.com')).AvailableChallenges).toEqual(['PASSWORD_SRP', 'PASSWORD', 'EMAIL_OTP']);
    expect((await start_('pat', {}, passwordOnlyClient)).AvailableChallenges).toEqual(['PASSWORD_SRP', 'PASSWORD']);
  });

  it('answers PASSWORD with the password, and refuses a factor that is not offered', async () => {
    const select = await start_('mail@example.com');
    const done = await respond('SELECT_CHALLENGE', select.Session, { USERNAME: 'mail@example.com', ANSWER: 'PASSWORD', PASSWORD: 'Passw0rd!' });
    expect(done.AuthenticationResult?.AccessToken).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
    const again = await start_('mail@example.com');
    expect((await errorOf(respond('SELECT_CHALLENGE', again.Session, { USERNAME: 'mail@example.com', ANSWER: 'SMS_OTP' }))).name).toBe(
      'InvalidParameterException',
    );
  });

  it('answers EMAIL_OTP with an 8-digit code to the email; a wrong code can be retried', async () => {
    const select = await start_('both@example.com');
    const otp = await respond('SELECT_CHALLENGE', select.Session, { USERNAME: 'both@example.com', ANSWER: 'EMAIL_OTP' });
    expect(otp.ChallengeName).toBe('EMAIL_OTP');
    expect(otp.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'b***@e***' });
    const code = await lastCode(server.url, poolId, 'both@example.com');
    expect(code).toMatch(/^\d{8}$/);
    const wrong = code === '00000000' ? '11111111' : '00000000';
    expect((await errorOf(respond('EMAIL_OTP', otp.Session, { USERNAME: 'both@example.com', EMAIL_OTP_CODE: wrong }))).name).toBe('CodeMismatchException');
    const done = await respond('EMAIL_OTP', otp.Session, { USERNAME: 'both@example.com', EMAIL_OTP_CODE: code });
    expect(decodePayload(done.AuthenticationResult!.IdToken!).email).toBe('both@example.com');
  });
});

describe('preferred challenge', () => {
  it('SMS_OTP goes straight to the code', async () => {
    const otp = await start_('both@example.com', { PREFERRED_CHALLENGE: 'SMS_OTP' });
    expect(otp.ChallengeName).toBe('SMS_OTP');
    expect(otp.ChallengeParameters?.CODE_DELIVERY_DESTINATION).toBe('+*******0100');
    const done = await respond('SMS_OTP', otp.Session, { USERNAME: 'both@example.com', SMS_OTP_CODE: await lastCode(server.url, poolId, 'both@example.com') });
    expect(done.AuthenticationResult).toEqual(
      expect.objectContaining({ AccessToken: expect.stringMatching(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/), TokenType: 'Bearer' }),
    );
  });

  it('PASSWORD signs in at once; a wrong password is refused', async () => {
    expect((await start_('mail@example.com', { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'Passw0rd!' })).AuthenticationResult).toEqual(
      expect.objectContaining({ AccessToken: expect.stringMatching(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/), TokenType: 'Bearer' }),
    );
    expect((await errorOf(start_('mail@example.com', { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'Nope-12345' }))).name).toBe('NotAuthorizedException');
  });

  it('PASSWORD_SRP continues with PASSWORD_VERIFIER', async () => {
    const srp = startSrpSession();
    const first = await start_('mail@example.com', { PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: srpAToHex(srp.A) });
    expect(first.ChallengeName).toBe('PASSWORD_VERIFIER');
    const p = first.ChallengeParameters!;
    const timestamp = formatSrpTimestamp();
    const signature = await computePasswordClaimSignature({
      poolName: poolId.split('_')[1]!,
      userId: p.USER_ID_FOR_SRP!,
      password: 'Passw0rd!',
      session: srp,
      srpB: p.SRP_B!,
      salt: p.SALT!,
      secretBlock: p.SECRET_BLOCK!,
      timestamp,
    });
    const done = await respond('PASSWORD_VERIFIER', undefined, {
      USERNAME: p.USER_ID_FOR_SRP!,
      PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!,
      PASSWORD_CLAIM_SIGNATURE: signature,
      TIMESTAMP: timestamp,
    });
    expect(done.AuthenticationResult).toEqual(
      expect.objectContaining({ AccessToken: expect.stringMatching(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/), TokenType: 'Bearer' }),
    );
  });

  it('a factor the pool does not allow falls back to selection', async () => {
    const res = await start_('pat', { PREFERRED_CHALLENGE: 'EMAIL_OTP' }, passwordOnlyClient);
    expect(res.ChallengeName).toBe('SELECT_CHALLENGE');
  });

  it('needs ALLOW_USER_AUTH on the client', async () => {
    const id = (await client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'srp-only', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] })))
      .UserPoolClient!.ClientId!;
    expect((await errorOf(start_('mail@example.com', {}, id))).name).toBe('InvalidParameterException');
  });
});

describe('passwordless sign-up', () => {
  it('signs up without a password, confirms, and signs in with the confirmation session', async () => {
    const up = await client.send(
      new SignUpCommand({ ClientId: clientId, Username: 'new@example.com', UserAttributes: [{ Name: 'email', Value: 'new@example.com' }] }),
    );
    expect(up.Session).toMatch(/^[\w-]{20,}$/);
    const confirmed = await client.send(
      new ConfirmSignUpCommand({
        ClientId: clientId,
        Username: 'new@example.com',
        ConfirmationCode: await lastCode(server.url, poolId, 'new@example.com'),
        Session: up.Session,
      }),
    );
    expect(confirmed.Session).toMatch(/^[\w-]{20,}$/);
    const signedIn = await start_('new@example.com', {}, clientId, confirmed.Session);
    expect(decodePayload(signedIn.AuthenticationResult!.IdToken!).email).toBe('new@example.com');
    expect((await errorOf(start_('new@example.com', {}, clientId, confirmed.Session))).name).toBe('NotAuthorizedException');
    const later = await start_('new@example.com');
    expect(later.AvailableChallenges).toEqual(['EMAIL_OTP']);
  });

  it('a pool that only allows passwords requires one at sign-up', async () => {
    const error = await errorOf(client.send(new SignUpCommand({ ClientId: passwordOnlyClient, Username: 'nopass' })));
    expect(error.name).toBe('InvalidParameterException');
  });
});
