/**
 * Limits on one-time codes, through the AWS SDK: a user can be sent only so many codes
 * (ForgotPassword, ResendConfirmationCode, GetUserAttributeVerificationCode) in an hour, and wrong
 * guesses are counted per user and hour, not per code, so a fresh code brings no fresh guesses.
 * Past the limit Cognito answers LimitExceededException "Attempt limit exceeded, please try after
 * some time."; the server's clock is moved to show the window ends.
 */
import {
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  VerifyUserAttributeCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { errorOf, lastCode, sdk, start, setClock } from './helpers.js';

let server: RunningServer;
let client: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;
const LIMIT = ['LimitExceededException', 'Attempt limit exceeded, please try after some time.'];

async function clock(offsetSeconds: number) {
  await setClock(server.url, { offsetSeconds });
}

async function signUp(username: string, confirm = true) {
  await client.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: username,
      Password: 'Passw0rd!1',
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    }),
  );
  if (confirm)
    await client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: await lastCode(server.url, poolId, username) }));
}

const wrongFor = (code: string) => (code === '000000' ? '111111' : '000000');
const outcome = async (promise: Promise<unknown>) => {
  const error = await errorOf(promise);
  return [error.name, error.message];
};

beforeAll(async () => {
  server = await start();
  client = sdk(server.url);
  poolId = (await client.send(new CreateUserPoolCommand({ PoolName: 'code-limits', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
  clientId = (
    await client.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    )
  ).UserPoolClient!.ClientId!;
});
afterEach(() => clock(0));
afterAll(async () => {
  client?.destroy();
  await server?.close();
});

describe('code requests', () => {
  it('ForgotPassword: five codes an hour, then LimitExceededException until the hour is over', async () => {
    await signUp('fay');
    const forgot = () => client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'fay' }));
    for (let i = 0; i < 5; i++) expect((await forgot()).CodeDeliveryDetails?.DeliveryMedium).toBe('EMAIL');
    expect(await outcome(forgot())).toEqual(LIMIT);
    expect(await outcome(forgot())).toEqual(LIMIT);
    await clock(3601);
    expect((await forgot()).CodeDeliveryDetails?.DeliveryMedium).toBe('EMAIL');
    const code = await lastCode(server.url, poolId, 'fay');
    await client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'fay', ConfirmationCode: code, Password: 'Brandnew1!' }));
  });

  it('ResendConfirmationCode and GetUserAttributeVerificationCode have the same limit', async () => {
    await signUp('ned', false);
    const resend = () => client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'ned' }));
    for (let i = 0; i < 5; i++) await resend();
    expect(await outcome(resend())).toEqual(LIMIT);

    await signUp('vic');
    const verify = async () => {
      const { AccessToken } = (
        await client.send(
          new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'vic', PASSWORD: 'Passw0rd!1' } }),
        )
      ).AuthenticationResult!;
      return client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }));
    };
    for (let i = 0; i < 5; i++) await verify();
    expect(await outcome(verify())).toEqual(LIMIT);
    await clock(3601);
    await verify();
  });
});

describe('wrong codes', () => {
  it('are counted per user across re-sent codes: ten wrong guesses an hour, then even the right code waits', async () => {
    await signUp('gil');
    const forgot = () => client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'gil' }));
    const confirm = (code: string) =>
      client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'gil', ConfirmationCode: code, Password: 'Brandnew1!' }));
    const names: string[] = [];
    for (let round = 0; round < 2; round++) {
      await forgot();
      const wrong = wrongFor(await lastCode(server.url, poolId, 'gil'));
      for (let i = 0; i < 5; i++) names.push((await errorOf(confirm(wrong))).name);
    }
    expect(names).toEqual([
      ...Array(4).fill('CodeMismatchException'),
      'TooManyFailedAttemptsException',
      ...Array(4).fill('CodeMismatchException'),
      'TooManyFailedAttemptsException',
    ]);
    // A third code brings no fresh guesses: the budget is the user's, for the hour.
    await forgot();
    const third = await lastCode(server.url, poolId, 'gil');
    expect(await outcome(confirm(wrongFor(third)))).toEqual(LIMIT);
    expect(await outcome(confirm(third))).toEqual(LIMIT);
    await clock(3601);
    await forgot();
    await confirm(await lastCode(server.url, poolId, 'gil'));
  });

  it('ConfirmSignUp and VerifyUserAttribute count wrong codes the same way', async () => {
    await signUp('una', false);
    const confirm = (code: string) => client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'una', ConfirmationCode: code }));
    for (let round = 0; round < 2; round++) {
      await client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'una' }));
      const wrong = wrongFor(await lastCode(server.url, poolId, 'una'));
      for (let i = 0; i < 5; i++) await errorOf(confirm(wrong));
    }
    await client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'una' }));
    expect(await outcome(confirm(await lastCode(server.url, poolId, 'una')))).toEqual(LIMIT);

    await signUp('val');
    const { AccessToken } = (
      await client.send(
        new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'val', PASSWORD: 'Passw0rd!1' } }),
      )
    ).AuthenticationResult!;
    const verify = (Code: string) => client.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code }));
    for (let round = 0; round < 2; round++) {
      await client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }));
      const wrong = wrongFor(await lastCode(server.url, poolId, 'val'));
      for (let i = 0; i < 5; i++) await errorOf(verify(wrong));
    }
    await client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }));
    expect(await outcome(verify(await lastCode(server.url, poolId, 'val')))).toEqual(LIMIT);
  });
});
