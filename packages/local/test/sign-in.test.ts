/**
 * Sign-in behaviour an app depends on: SRP-6a driven over the raw SDK (email as username, so
 * USER_ID_FOR_SRP differs from what was typed), lockout and its reset, PreventUserExistenceErrors,
 * sessions that are single use and expire, and refresh-token rotation with reuse detection.
 */
import {
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  AdminCreateUserCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  ResendConfirmationCodeCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { computePasswordClaimSignature, formatSrpTimestamp, srpAToHex, startSrpSession } from '@cognate/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { decodePayload, errorOf, sdk, setClock, start } from './helpers.js';

let server: RunningServer;
let client: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;
let strictClientId: string;
let rotatingClientId: string;
const EMAIL = 'srp.user@example.com';
const PASSWORD = 'Srp-Passw0rd!';

async function clock(offsetSeconds: number) {
  await setClock(server.url, { offsetSeconds });
}

/** A full USER_SRP_AUTH sign-in as Amplify does it, over the SDK. */
async function srpSignIn(id: string, login: string, password: string) {
  const session = startSrpSession();
  const first = await client.send(
    new InitiateAuthCommand({ ClientId: id, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: login, SRP_A: srpAToHex(session.A) } }),
  );
  expect(first.ChallengeName).toBe('PASSWORD_VERIFIER');
  const p = first.ChallengeParameters!;
  const timestamp = formatSrpTimestamp();
  const signature = await computePasswordClaimSignature({
    poolName: poolId.split('_')[1]!,
    userId: p.USER_ID_FOR_SRP!,
    password,
    session,
    srpB: p.SRP_B!,
    salt: p.SALT!,
    secretBlock: p.SECRET_BLOCK!,
    timestamp,
  });
  const responses = { USERNAME: p.USER_ID_FOR_SRP!, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!, PASSWORD_CLAIM_SIGNATURE: signature, TIMESTAMP: timestamp };
  const out = await client.send(new RespondToAuthChallengeCommand({ ClientId: id, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: responses }));
  return { out, responses, challenge: p };
}

beforeAll(async () => {
  server = await start();
  client = sdk(server.url);
  const pool = await client.send(
    new CreateUserPoolCommand({ PoolName: 'sign-in', UsernameAttributes: ['email'], UsernameConfiguration: { CaseSensitive: false } }),
  );
  poolId = pool.UserPool!.Id!;
  const flows = ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const;
  clientId = (await client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'legacy', ExplicitAuthFlows: [...flows] }))).UserPoolClient!
    .ClientId!;
  strictClientId = (
    await client.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'strict', ExplicitAuthFlows: [...flows], PreventUserExistenceErrors: 'ENABLED' }),
    )
  ).UserPoolClient!.ClientId!;
  rotatingClientId = (
    await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'rotating',
        ExplicitAuthFlows: [...flows],
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 },
      }),
    )
  ).UserPoolClient!.ClientId!;
  await client.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: EMAIL,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: EMAIL },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
  await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: EMAIL, Password: PASSWORD, Permanent: true }));
});
afterAll(async () => {
  client?.destroy();
  await server?.close();
});

describe('USER_SRP_AUTH', () => {
  it('signs in by email; USER_ID_FOR_SRP is the generated username; case-insensitive login', async () => {
    const { out, challenge } = await srpSignIn(clientId, EMAIL.toUpperCase(), PASSWORD);
    expect(challenge.USER_ID_FOR_SRP).toMatch(/^[0-9a-f-]{36}$/);
    expect(challenge.SALT).toMatch(/^[0-9a-f]+$/);
    const access = decodePayload(out.AuthenticationResult!.AccessToken!);
    expect(access.username).toBe(challenge.USER_ID_FOR_SRP);
    expect(decodePayload(out.AuthenticationResult!.IdToken!).email).toBe(EMAIL);
  });

  it('refuses a wrong password and a replayed secret block', async () => {
    expect((await errorOf(srpSignIn(clientId, EMAIL, 'Wrong-Passw0rd!'))).name).toBe('NotAuthorizedException');
    const { responses } = await srpSignIn(clientId, EMAIL, PASSWORD);
    const replay = await errorOf(
      client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: responses })),
    );
    expect(replay.name).toBe('NotAuthorizedException');
  });
});

describe('PreventUserExistenceErrors', () => {
  it('LEGACY says the user does not exist; ENABLED answers like a wrong password, even through SRP', async () => {
    expect((await errorOf(srpSignIn(clientId, 'ghost@example.com', PASSWORD))).name).toBe('UserNotFoundException');
    const strict = await errorOf(srpSignIn(strictClientId, 'ghost@example.com', PASSWORD));
    expect(strict.name).toBe('NotAuthorizedException');
    expect(strict.message).toBe('Incorrect username or password.');
  });
});

describe('lockout', () => {
  it('locks the user out after repeated failures, and lets them back in when the lockout expires', async () => {
    const auth = (password: string) =>
      client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: EMAIL, PASSWORD: password } }));
    // Stop the server clock: the first lockout lasts one second, which a slow run could outlive.
    await setClock(server.url, { offsetSeconds: 0, frozen: true });
    for (let i = 0; i < 5; i++) expect((await errorOf(auth('Bad-Passw0rd!'))).message).toBe('Incorrect username or password.');
    const locked = await errorOf(auth(PASSWORD));
    expect(locked.name).toBe('NotAuthorizedException');
    expect(locked.message).toBe('Password attempts exceeded');
    await clock(5);
    expect((await auth(PASSWORD)).AuthenticationResult).toEqual(
      expect.objectContaining({ AccessToken: expect.stringMatching(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/), TokenType: 'Bearer' }),
    );
    await setClock(server.url, { offsetSeconds: 0, frozen: false });
    // Success reset the counter: one more failure does not lock again.
    await errorOf(auth('Bad-Passw0rd!'));
    expect((await auth(PASSWORD)).AuthenticationResult).toEqual(
      expect.objectContaining({ AccessToken: expect.stringMatching(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/), TokenType: 'Bearer' }),
    );
  });
});

describe('challenge sessions', () => {
  it('are single use and expire after AuthSessionValidity', async () => {
    await client.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'temp@example.com', TemporaryPassword: 'Temp-Passw0rd1!', MessageAction: 'SUPPRESS' }),
    );
    const begin = () =>
      client.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'temp@example.com', PASSWORD: 'Temp-Passw0rd1!' },
        }),
      );
    const respond = (Session: string | undefined, password = 'New-Passw0rd1!') =>
      client.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session,
          ChallengeResponses: { USERNAME: 'temp@example.com', NEW_PASSWORD: password },
        }),
      );
    const first = await begin();
    await clock(181);
    const expired = await errorOf(respond(first.Session));
    await clock(0);
    expect(expired.message).toBe('Invalid session for the user, session is expired.');
    const second = await begin();
    expect((await errorOf(respond(second.Session, 'weak'))).name).toBe('InvalidPasswordException');
    expect((await respond(second.Session)).AuthenticationResult).toEqual(
      expect.objectContaining({ AccessToken: expect.stringMatching(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/), TokenType: 'Bearer' }),
    );
    expect((await errorOf(respond(second.Session))).message).toBe('Invalid session for the user, session can only be used once.');
  });
});

describe('code requests for a user who does not exist', () => {
  it('say so by default; with PreventUserExistenceErrors they answer as if the user existed', async () => {
    for (const login of ['ghost@example.com', 'ghost']) {
      const requests = (ClientId: string) => [
        client.send(new ForgotPasswordCommand({ ClientId, Username: login })),
        client.send(new ResendConfirmationCodeCommand({ ClientId, Username: login })),
        client.send(new ConfirmSignUpCommand({ ClientId, Username: login, ConfirmationCode: '123456' })),
        client.send(new ConfirmForgotPasswordCommand({ ClientId, Username: login, ConfirmationCode: '123456', Password: PASSWORD })),
      ];
      for (const request of requests(clientId)) {
        const error = await errorOf(request);
        expect([error.name, error.message]).toEqual(['UserNotFoundException', 'Username/client id combination not found.']);
      }
      const [forgot, resend, confirm, reset] = requests(strictClientId);
      // An email login is masked as it would be for a user with that email; another gets a made-up address, stable per username.
      const simulated = {
        Destination: login.includes('@') ? 'g***@e***' : expect.stringMatching(/^[a-z]\*\*\*@[a-z]\*\*\*$/),
        DeliveryMedium: 'EMAIL',
        AttributeName: 'email',
      };
      expect((await forgot).CodeDeliveryDetails).toEqual(simulated);
      expect((await resend).CodeDeliveryDetails).toEqual(simulated);
      expect((await errorOf(confirm)).name).toBe('CodeMismatchException');
      expect((await errorOf(reset)).name).toBe('CodeMismatchException');
    }
  });
});

describe('refresh tokens', () => {
  it('rotation returns a new refresh token; the old one works only within the grace period', async () => {
    const { out } = await srpSignIn(rotatingClientId, EMAIL, PASSWORD);
    const first = out.AuthenticationResult!.RefreshToken!;
    const rotated = await client.send(new GetTokensFromRefreshTokenCommand({ ClientId: rotatingClientId, RefreshToken: first }));
    const second = rotated.AuthenticationResult!.RefreshToken!;
    expect(second).toMatch(/^eyJ[\w-]+(\.[\w-]+){4}$/);
    expect(second).not.toBe(first);
    expect((await client.send(new GetTokensFromRefreshTokenCommand({ ClientId: rotatingClientId, RefreshToken: first }))).AuthenticationResult).toEqual(
      expect.objectContaining({ AccessToken: expect.stringMatching(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/), TokenType: 'Bearer' }),
    );
    await clock(11);
    expect((await errorOf(client.send(new GetTokensFromRefreshTokenCommand({ ClientId: rotatingClientId, RefreshToken: first })))).name).toBe(
      'RefreshTokenReuseException',
    );
    // Reuse detection: the replayed token ended its family, the rotated-in token with it.
    const ended = await errorOf(client.send(new GetTokensFromRefreshTokenCommand({ ClientId: rotatingClientId, RefreshToken: second })));
    expect([ended.name, ended.message]).toEqual(['NotAuthorizedException', 'Refresh Token has been revoked']);
    // REFRESH_TOKEN_AUTH, which neither rotates nor detects reuse, is refused on a rotating client,
    // even for the rotated-away token that GetTokensFromRefreshToken now refuses.
    for (const token of [first, second]) {
      const refused = await errorOf(
        client.send(new InitiateAuthCommand({ ClientId: rotatingClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: token } })),
      );
      expect(refused.name).toBe('InvalidParameterException');
      expect(refused.message).toContain('GetTokensFromRefreshToken');
    }
    await clock(0);
  });

  it('a retry within the grace period does not extend it; a disabled or deleted user is refused', async () => {
    const login = 'refresh.gone@example.com';
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: login,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: login },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: login, Password: PASSWORD, Permanent: true }));
    const signIn = await client.send(
      new InitiateAuthCommand({ ClientId: rotatingClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: login, PASSWORD } }),
    );
    const first = signIn.AuthenticationResult!.RefreshToken!;
    const refresh = (RefreshToken: string) => client.send(new GetTokensFromRefreshTokenCommand({ ClientId: rotatingClientId, RefreshToken }));
    const second = (await refresh(first)).AuthenticationResult!.RefreshToken!;
    await clock(5);
    expect((await refresh(first)).AuthenticationResult!.RefreshToken).toMatch(/^eyJ[\w-]+(\.[\w-]+){4}$/);
    await client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: login }));
    const disabled = await errorOf(refresh(second));
    expect([disabled.name, disabled.message]).toEqual(['NotAuthorizedException', 'User is disabled.']);
    await client.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: login }));
    expect((await refresh(second)).AuthenticationResult).toEqual(
      expect.objectContaining({ AccessToken: expect.stringMatching(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/), TokenType: 'Bearer' }),
    );
    await clock(11);
    const reused = await errorOf(refresh(first));
    expect([reused.name, reused.message]).toEqual(['RefreshTokenReuseException', 'Refresh token has already been used.']);
    await clock(0);
    // The reuse ended the family; a new sign-in's token is refused once the user is deleted.
    const again = await client.send(
      new InitiateAuthCommand({ ClientId: rotatingClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: login, PASSWORD } }),
    );
    await client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: login }));
    const gone = await errorOf(refresh(again.AuthenticationResult!.RefreshToken!));
    expect([gone.name, gone.message]).toEqual(['NotAuthorizedException', 'Refresh Token has been revoked']);
  });

  it('without rotation, no new refresh token; another client cannot use it; expired tokens fail', async () => {
    const { out } = await srpSignIn(clientId, EMAIL, PASSWORD);
    const token = out.AuthenticationResult!.RefreshToken!;
    const refreshed = await client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: token }));
    expect(refreshed.AuthenticationResult?.RefreshToken).toBeUndefined();
    expect((await errorOf(client.send(new GetTokensFromRefreshTokenCommand({ ClientId: strictClientId, RefreshToken: token })))).name).toBe(
      'NotAuthorizedException',
    );
    await clock(31 * 86400);
    const expired = await errorOf(client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: token })));
    await clock(0);
    expect(expired.message).toBe('Refresh Token has expired');
  });

  it('access tokens expire', async () => {
    const { out } = await srpSignIn(clientId, EMAIL, PASSWORD);
    await clock(3601);
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser' },
      body: JSON.stringify({ AccessToken: out.AuthenticationResult!.AccessToken }),
    });
    await clock(0);
    expect(await res.json()).toEqual({ __type: 'NotAuthorizedException', message: 'Access Token has expired' });
  });
});
