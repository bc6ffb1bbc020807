/**
 * PreventUserExistenceErrors ENABLED, through the AWS SDK: for every way of asking, an unknown
 * username and a known one get answers of the same shape, names and messages (Cognito's "Managing
 * user existence error responses"). SRP gets a salt and a UUID USER_ID_FOR_SRP that are stable per
 * username; USER_AUTH lists the pool's factors; locked-out, disabled and RESET_REQUIRED users answer
 * a wrong password as anyone does; ForgotPassword and ResendConfirmationCode give masks of the same
 * shape and the same limits; a confirmed user answers ConfirmSignUp and ResendConfirmationCode as an
 * unknown one does. Equal work: the unknown user's wrong password costs the same verifier
 * computation as a known user's, shown by timing (the fastest of 40 interleaved calls each, which
 * load can only slow, so the ratio holds on a busy machine; before, the unknown one took about half).
 */
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
  type ChallengeNameType,
} from '@aws-sdk/client-cognito-identity-provider';
import { computePasswordClaimSignature, formatSrpTimestamp, srpAToHex, startSrpSession } from '@cognate/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { call, errorOf, sdk, start, setClock } from './helpers.js';

let server: RunningServer;
let client: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;
let plainPoolId: string;
let plainClientId: string;
const PASSWORD = 'Known-Passw0rd!';
const WRONG = 'Wrong-Passw0rd!';
const GENERIC = ['NotAuthorizedException', 'Incorrect username or password.'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function clock(body: Record<string, unknown>) {
  await setClock(server.url, body);
}

async function outcome(promise: Promise<unknown>): Promise<string[]> {
  const error = await errorOf(promise);
  return [error.name, error.message];
}

async function createUser(pool: string, username: string, email: string, password = PASSWORD) {
  await client.send(
    new AdminCreateUserCommand({
      UserPoolId: pool,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
  await client.send(new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: username, Password: password, Permanent: true }));
}

const srpStart = (login: string, extra: Record<string, string> = {}, session = startSrpSession()) =>
  client.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: login, SRP_A: srpAToHex(session.A), ...extra } }),
  );

/** USER_SRP_AUTH to the end, as Amplify does it. */
async function srpSignIn(login: string, password: string) {
  const session = startSrpSession();
  const p = (await srpStart(login, {}, session)).ChallengeParameters!;
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
  return client.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: {
        USERNAME: p.USER_ID_FOR_SRP!,
        PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!,
        PASSWORD_CLAIM_SIGNATURE: signature,
        TIMESTAMP: timestamp,
      },
    }),
  );
}

const passwordAuth = (login: string, password: string, extra: Record<string, string> = {}) =>
  client.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: login, PASSWORD: password, ...extra } }),
  );
const userAuth = (login: string, extra: Record<string, string> = {}) =>
  client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: login, ...extra } }));
const respond = (ChallengeName: ChallengeNameType, Session: string | undefined, ChallengeResponses: Record<string, string>) =>
  client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName, Session, ChallengeResponses }));

beforeAll(async () => {
  server = await start();
  client = sdk(server.url);
  poolId = (
    await client.send(
      new CreateUserPoolCommand({
        PoolName: 'hidden',
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } },
      }),
    )
  ).UserPool!.Id!;
  clientId = (
    await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'strict',
        PreventUserExistenceErrors: 'ENABLED',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    )
  ).UserPoolClient!.ClientId!;
  for (const name of ['known', 'locked', 'reset', 'disabled']) await createUser(poolId, `${name}@example.com`, `${name}@example.com`);
  await client.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'reset@example.com' }));
  await client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'disabled@example.com' }));

  plainPoolId = (await client.send(new CreateUserPoolCommand({ PoolName: 'plain', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
  plainClientId = (
    await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: plainPoolId,
        ClientName: 'strict',
        PreventUserExistenceErrors: 'ENABLED',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    )
  ).UserPoolClient!.ClientId!;
  await createUser(plainPoolId, 'fran', 'fran@example.com');
  await createUser(plainPoolId, 'gina', 'gina@example.com');
  await client.send(
    new AdminCreateUserCommand({
      UserPoolId: plainPoolId,
      Username: 'nomail',
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: 'nomail@example.com' }],
    }),
  );
  await client.send(new AdminSetUserPasswordCommand({ UserPoolId: plainPoolId, Username: 'nomail', Password: PASSWORD, Permanent: true }));
});
afterAll(async () => {
  client?.destroy();
  await server?.close();
});

describe('USER_SRP_AUTH', () => {
  it('an unknown username gets a challenge like a known one: a UUID user id and a salt, both stable per username; fresh SRP_B and SECRET_BLOCK', async () => {
    const shape = (p: Record<string, string>) => ({
      keys: Object.keys(p).sort(),
      id: UUID.test(p.USER_ID_FOR_SRP!) && p.USERNAME === p.USER_ID_FOR_SRP,
      salt: /^[0-9a-f]{32}$/.test(p.SALT!),
      b: /^[0-9a-f]{700,770}$/.test(p.SRP_B!),
      block: Buffer.from(p.SECRET_BLOCK!, 'base64').length,
    });
    for (const login of ['known@example.com', 'ghost@example.com', 'Ghost@Example.com']) {
      const first = (await srpStart(login)).ChallengeParameters!;
      const second = (await srpStart(login)).ChallengeParameters!;
      expect(shape(first)).toEqual({ keys: ['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME', 'USER_ID_FOR_SRP'], id: true, salt: true, b: true, block: 64 });
      expect(shape(second)).toEqual(shape(first));
      expect([second.SALT, second.USER_ID_FOR_SRP]).toEqual([first.SALT, first.USER_ID_FOR_SRP]);
      expect(second.SRP_B).not.toBe(first.SRP_B);
      expect(second.SECRET_BLOCK).not.toBe(first.SECRET_BLOCK);
    }
    // Two unknown usernames differ from each other, as two users do.
    const [a, b] = [(await srpStart('ghost@example.com')).ChallengeParameters!, (await srpStart('phantom@example.com')).ChallengeParameters!];
    expect(a.SALT).not.toBe(b.SALT);
    expect(a.USER_ID_FOR_SRP).not.toBe(b.USER_ID_FOR_SRP);
  });

  it('the proof then fails as a wrong password does', async () => {
    expect(await outcome(srpSignIn('ghost@example.com', PASSWORD))).toEqual(GENERIC);
    expect(await outcome(srpSignIn('known@example.com', WRONG))).toEqual(GENERIC);
    expect((await srpSignIn('known@example.com', PASSWORD)).AuthenticationResult?.AccessToken).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
  });

  it('a DEVICE_KEY is refused alike for an unknown and a known user', async () => {
    const key = 'us-east-1_00000000-0000-4000-8000-000000000000';
    expect(await outcome(srpStart('ghost@example.com', { DEVICE_KEY: key }))).toEqual(await outcome(srpStart('known@example.com', { DEVICE_KEY: key })));
    expect(await outcome(passwordAuth('ghost@example.com', WRONG, { DEVICE_KEY: key }))).toEqual(['ResourceNotFoundException', 'Device does not exist.']);
    expect(await outcome(passwordAuth('known@example.com', WRONG, { DEVICE_KEY: key }))).toEqual(['ResourceNotFoundException', 'Device does not exist.']);
  });
});

describe('locked-out, disabled and RESET_REQUIRED users', () => {
  it('answer a wrong password, by USER_PASSWORD_AUTH or SRP, exactly as an unknown user does', async () => {
    await clock({ offsetSeconds: 0, frozen: true });
    try {
      for (let i = 0; i < 5; i++) await errorOf(passwordAuth('locked@example.com', WRONG));
      for (const login of ['ghost@example.com', 'known@example.com', 'locked@example.com', 'reset@example.com', 'disabled@example.com']) {
        expect([login, ...(await outcome(passwordAuth(login, WRONG)))]).toEqual([login, ...GENERIC]);
        // SRP: a challenge first, as for everyone, then the same failure.
        expect((await srpStart(login)).ChallengeName).toBe('PASSWORD_VERIFIER');
        expect([login, ...(await outcome(srpSignIn(login, WRONG)))]).toEqual([login, ...GENERIC]);
      }
      // With the right password: a disabled or RESET_REQUIRED user is told; a locked-out one is not,
      // or the lockout would tell right passwords from wrong ones.
      expect(await outcome(passwordAuth('locked@example.com', PASSWORD))).toEqual(GENERIC);
      expect(await outcome(srpSignIn('locked@example.com', PASSWORD))).toEqual(GENERIC);
      expect(await outcome(passwordAuth('disabled@example.com', PASSWORD))).toEqual(['NotAuthorizedException', 'User is disabled.']);
      expect((await outcome(passwordAuth('reset@example.com', PASSWORD)))[0]).toBe('PasswordResetRequiredException');
    } finally {
      await clock({ offsetSeconds: 0, frozen: false });
    }
  });
});

describe('USER_AUTH', () => {
  it('an unknown username gets SELECT_CHALLENGE with the factors a known user has', async () => {
    const known = await userAuth('known@example.com');
    const ghost = await userAuth('ghost@example.com');
    expect(ghost.ChallengeName).toBe('SELECT_CHALLENGE');
    expect(ghost.AvailableChallenges).toEqual(known.AvailableChallenges);
    expect(ghost.AvailableChallenges).toEqual(['PASSWORD_SRP', 'PASSWORD', 'EMAIL_OTP']);
    expect(typeof ghost.Session).toBe('string');
  });

  it('each factor then fails as it does for a known user with a wrong answer', async () => {
    for (const login of ['known@example.com', 'ghost@example.com']) {
      const select = await userAuth(login);
      expect(await outcome(respond('SELECT_CHALLENGE', select.Session, { USERNAME: login, ANSWER: 'PASSWORD', PASSWORD: WRONG }))).toEqual(GENERIC);
      expect(await outcome(userAuth(login, { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: WRONG }))).toEqual(GENERIC);

      const srp = await userAuth(login, { PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: srpAToHex(startSrpSession().A) });
      expect(srp.ChallengeName).toBe('PASSWORD_VERIFIER');
      expect(srp.ChallengeParameters!.USER_ID_FOR_SRP).toMatch(UUID);

      const again = await userAuth(login);
      const otp = await respond('SELECT_CHALLENGE', again.Session, { USERNAME: login, ANSWER: 'EMAIL_OTP' });
      expect(otp.ChallengeName).toBe('EMAIL_OTP');
      expect(Object.keys(otp.ChallengeParameters!).sort()).toEqual(['CODE_DELIVERY_DELIVERY_MEDIUM', 'CODE_DELIVERY_DESTINATION', 'USER_ID_FOR_SRP']);
      expect(otp.ChallengeParameters!.CODE_DELIVERY_DESTINATION).toBe(`${login[0]}***@e***`);
      const wrong = (session: string | undefined) => outcome(respond('EMAIL_OTP', session, { USERNAME: login, EMAIL_OTP_CODE: '00000000' }));
      expect(await wrong(otp.Session)).toEqual(['CodeMismatchException', 'Invalid code or auth state for the user.']);
      expect(await wrong(otp.Session)).toEqual(['CodeMismatchException', 'Invalid code or auth state for the user.']);
      expect(await wrong(otp.Session)).toEqual(['NotAuthorizedException', 'Invalid session for the user.']);
    }
  });

  it('a disabled user is offered the same, and gets no code', async () => {
    const select = await userAuth('disabled@example.com');
    expect(select.AvailableChallenges).toEqual(['PASSWORD_SRP', 'PASSWORD', 'EMAIL_OTP']);
    const otp = await respond('SELECT_CHALLENGE', select.Session, { USERNAME: 'disabled@example.com', ANSWER: 'EMAIL_OTP' });
    expect(otp.ChallengeParameters!.CODE_DELIVERY_DESTINATION).toBe('d***@e***');
    const res = await fetch(`${server.url}/_local/messages?userPoolId=${poolId}&username=disabled@example.com`);
    expect(((await res.json()) as { messages: unknown[] }).messages).toEqual([]);
  });
});

describe('code requests', () => {
  it('ForgotPassword: the same mask shape for unknown, disabled and unverified users, stable per username', async () => {
    const forgot = (ClientId: string, Username: string) => client.send(new ForgotPasswordCommand({ ClientId, Username })).then(r => r.CodeDeliveryDetails);
    expect(await forgot(clientId, 'known@example.com')).toEqual({ Destination: 'k***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    expect(await forgot(clientId, 'ghost@example.com')).toEqual({ Destination: 'g***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    expect(await forgot(clientId, 'disabled@example.com')).toEqual({ Destination: 'd***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const mask = /^[a-z]\*\*\*@[a-z]\*\*\*$/;
    for (const login of ['fran', 'ghost', 'nomail']) {
      const first = await forgot(plainClientId, login);
      expect(first).toEqual({ Destination: expect.stringMatching(mask), DeliveryMedium: 'EMAIL', AttributeName: 'email' });
      expect(await forgot(plainClientId, login)).toEqual(first);
    }
  });

  it('an unknown user has the same limits as a known one: codes sent, and wrong codes entered', async () => {
    for (const login of ['gina', 'nobody']) {
      const forgot = () => client.send(new ForgotPasswordCommand({ ClientId: plainClientId, Username: login }));
      for (let i = 0; i < 4; i++) await forgot();
      const names: string[] = [];
      for (let i = 0; i < 5; i++)
        names.push(
          (
            await errorOf(
              client.send(new ConfirmForgotPasswordCommand({ ClientId: plainClientId, Username: login, ConfirmationCode: '000000', Password: 'Brandnew1!' })),
            )
          ).name,
        );
      expect([login, ...names]).toEqual([login, ...Array(4).fill('CodeMismatchException'), 'TooManyFailedAttemptsException']);
      await forgot();
      expect([login, ...(await outcome(forgot()))]).toEqual([login, 'LimitExceededException', 'Attempt limit exceeded, please try after some time.']);
    }
  });

  it('ConfirmForgotPassword checks the new password first for everyone; a user with nowhere to send a code is hidden too', async () => {
    for (const login of ['fran', 'nobody']) {
      const weak = await outcome(
        client.send(new ConfirmForgotPasswordCommand({ ClientId: plainClientId, Username: login, ConfirmationCode: '000000', Password: 'weak' })),
      );
      expect([login, weak[0]]).toEqual([login, 'InvalidPasswordException']);
    }
    await client.send(new SignUpCommand({ ClientId: plainClientId, Username: 'unreachable', Password: PASSWORD }));
    const resend = (Username: string) => client.send(new ResendConfirmationCodeCommand({ ClientId: plainClientId, Username })).then(r => r.CodeDeliveryDetails);
    for (const login of ['unreachable', 'nobody2'])
      expect(await resend(login)).toEqual({ Destination: expect.stringMatching(/^[a-z]\*\*\*@[a-z]\*\*\*$/), DeliveryMedium: 'EMAIL', AttributeName: 'email' });
  });

  it('a confirmed user answers ResendConfirmationCode and ConfirmSignUp as an unknown one does', async () => {
    for (const login of ['known@example.com', 'ghost@example.com']) {
      const resent = await client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: login }));
      expect(resent.CodeDeliveryDetails).toEqual({ Destination: `${login[0]}***@e***`, DeliveryMedium: 'EMAIL', AttributeName: 'email' });
      expect(await outcome(client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: login, ConfirmationCode: '000000' })))).toEqual([
        'CodeMismatchException',
        'Invalid verification code provided, please try again.',
      ]);
    }
  });
});

describe('equal work', () => {
  it('a wrong password costs an unknown user what it costs a known one (fastest of 40 interleaved calls each)', async () => {
    const attempt = async (login: string) => {
      const t = performance.now();
      const { status } = await call(server.url, 'InitiateAuth', {
        ClientId: plainClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: login, PASSWORD: WRONG },
      });
      const ms = performance.now() - t;
      expect(status).toBe(400);
      return ms;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    await clock({ offsetSeconds: 0, frozen: true });
    try {
      for (let i = 0; i < 45; i++) {
        // Each failure would lock fran out a little longer; past the longest lockout she is not locked.
        await clock({ offsetSeconds: i * 1000, frozen: true });
        const k = await attempt('fran');
        const u = await attempt(`nobody${i % 5}`);
        if (i >= 5) known.push(k), unknown.push(u);
      }
    } finally {
      await clock({ offsetSeconds: 0, frozen: false });
    }
    const ratio = Math.min(...unknown) / Math.min(...known);
    expect(ratio).toBeGreaterThan(0.7);
    expect(ratio).toBeLessThan(1.5);
  });
});
