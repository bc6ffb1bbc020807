/**
 * Account operations through the AWS SDK: forgot/confirm/change password (policy and history),
 * admin reset, attribute updates with verification codes, attribute deletion, account deletion,
 * and code expiry, reuse and attempt limits.
 */
import {
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserAttributesCommand,
  DeleteUserCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { errorName, lastCode, sdk, setClock, start } from './helpers.js';

let server: RunningServer;
let client: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;

async function clock(offsetSeconds: number) {
  await setClock(server.url, { offsetSeconds });
}

async function newUser(username: string, password = 'Passw0rd!1') {
  await client.send(
    new SignUpCommand({ ClientId: clientId, Username: username, Password: password, UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }),
  );
  await client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: await lastCode(server.url, poolId, username) }));
}

async function signIn(username: string, password: string) {
  const out = await client.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }),
  );
  return out.AuthenticationResult!;
}

beforeAll(async () => {
  server = await start();
  client = sdk(server.url);
  const pool = await client.send(
    new CreateUserPoolCommand({
      PoolName: 'accounts',
      AutoVerifiedAttributes: ['email'],
      Policies: { PasswordPolicy: { MinimumLength: 8, RequireNumbers: true, PasswordHistorySize: 2 } },
    }),
  );
  poolId = pool.UserPool!.Id!;
  const app = await client.send(
    new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
  );
  clientId = app.UserPoolClient!.ClientId!;
});
afterAll(async () => {
  client?.destroy();
  await server?.close();
});

describe('passwords', () => {
  it('forgot password: code to the verified email, wrong code, reset, old password refused', async () => {
    await newUser('fran');
    const out = await client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'fran' }));
    expect(out.CodeDeliveryDetails).toEqual({ Destination: 'f***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const code = await lastCode(server.url, poolId, 'fran');
    const wrong = code === '123456' ? '654321' : '123456';
    expect(
      await errorName(client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'fran', ConfirmationCode: wrong, Password: 'Brandnew1' }))),
    ).toBe('CodeMismatchException');
    expect(
      await errorName(client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'fran', ConfirmationCode: code, Password: 'weak' }))),
    ).toBe('InvalidPasswordException');
    await client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'fran', ConfirmationCode: code, Password: 'Brandnew1' }));
    expect(await errorName(signIn('fran', 'Passw0rd!1'))).toBe('NotAuthorizedException');
    expect((await signIn('fran', 'Brandnew1')).AccessToken).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
    expect(
      await errorName(client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'fran', ConfirmationCode: code, Password: 'Brandnew2' }))),
    ).toBe('CodeMismatchException');
  });

  it('codes expire, and too many wrong tries burn them', async () => {
    await newUser('gus');
    await client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'gus' }));
    const code = await lastCode(server.url, poolId, 'gus');
    await clock(3601);
    expect(
      await errorName(client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'gus', ConfirmationCode: code, Password: 'Brandnew1' }))),
    ).toBe('ExpiredCodeException');
    await clock(0);
    await client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'gus' }));
    const fresh = await lastCode(server.url, poolId, 'gus');
    const wrong = fresh === '000000' ? '111111' : '000000';
    const names = [];
    for (let i = 0; i < 5; i++)
      names.push(
        await errorName(client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'gus', ConfirmationCode: wrong, Password: 'Brandnew1' }))),
      );
    expect(names).toEqual([
      'CodeMismatchException',
      'CodeMismatchException',
      'CodeMismatchException',
      'CodeMismatchException',
      'TooManyFailedAttemptsException',
    ]);
    expect(
      await errorName(client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'gus', ConfirmationCode: fresh, Password: 'Brandnew1' }))),
    ).toBe('CodeMismatchException');
  });

  it('change password checks the old one, the policy and the history', async () => {
    await newUser('hal');
    const { AccessToken } = await signIn('hal', 'Passw0rd!1');
    expect(await errorName(client.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: 'Nope12345', ProposedPassword: 'Second12' })))).toBe(
      'NotAuthorizedException',
    );
    expect(await errorName(client.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: 'Passw0rd!1', ProposedPassword: 'nonumbers' })))).toBe(
      'InvalidPasswordException',
    );
    await client.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: 'Passw0rd!1', ProposedPassword: 'Second12' }));
    expect(await errorName(client.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: 'Second12', ProposedPassword: 'Passw0rd!1' })))).toBe(
      'PasswordHistoryPolicyViolationException',
    );
    await client.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: 'Second12', ProposedPassword: 'Third123' }));
    expect((await signIn('hal', 'Third123')).AccessToken).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
  });

  it('admin reset makes sign-in answer PasswordResetRequiredException until the reset', async () => {
    await newUser('ida');
    await client.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'ida' }));
    expect(await errorName(signIn('ida', 'Passw0rd!1'))).toBe('PasswordResetRequiredException');
    const code = await lastCode(server.url, poolId, 'ida');
    await client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'ida', ConfirmationCode: code, Password: 'Reset1234' }));
    expect((await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ida' }))).UserStatus).toBe('CONFIRMED');
    expect((await signIn('ida', 'Reset1234')).AccessToken).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
  });
});

describe('attributes', () => {
  it('a new email is unverified until its code is confirmed', async () => {
    await newUser('jo');
    const { AccessToken } = await signIn('jo', 'Passw0rd!1');
    const out = await client.send(
      new UpdateUserAttributesCommand({
        AccessToken,
        UserAttributes: [
          { Name: 'email', Value: 'jo.new@example.com' },
          { Name: 'name', Value: 'Jo' },
        ],
      }),
    );
    expect(out.CodeDeliveryDetailsList).toEqual([{ Destination: 'j***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }]);
    let me = await client.send(new GetUserCommand({ AccessToken }));
    expect(me.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'false' });
    expect(me.UserAttributes).toContainEqual({ Name: 'name', Value: 'Jo' });
    await client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }));
    const code = await lastCode(server.url, poolId, 'jo');
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await errorName(client.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: wrong })))).toBe('CodeMismatchException');
    await client.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: code }));
    me = await client.send(new GetUserCommand({ AccessToken }));
    expect(me.UserAttributes).toContainEqual({ Name: 'email', Value: 'jo.new@example.com' });
    expect(me.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' });
    expect(await errorName(client.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'sub', Value: 'x' }] })))).toBe(
      'InvalidParameterException',
    );
    expect(await errorName(client.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'custom:nope', Value: 'x' }] })))).toBe(
      'InvalidParameterException',
    );
    await client.send(new DeleteUserAttributesCommand({ AccessToken, UserAttributeNames: ['name'] }));
    me = await client.send(new GetUserCommand({ AccessToken }));
    expect(me.UserAttributes?.some(a => a.Name === 'name')).toBe(false);
  });

  it('DeleteUser removes the account and its tokens stop working', async () => {
    await newUser('kim');
    const { AccessToken } = await signIn('kim', 'Passw0rd!1');
    await client.send(new DeleteUserCommand({ AccessToken }));
    expect(await errorName(client.send(new GetUserCommand({ AccessToken })))).toBe('NotAuthorizedException');
    expect(await errorName(client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'kim' })))).toBe('UserNotFoundException');
  });
});
