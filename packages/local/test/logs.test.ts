/**
 * No secret in any log line: passwords, tokens, refresh tokens, SRP values and session ids never
 * reach cognate-local's console output. (Delivered codes are printed on purpose: the console is the
 * local outbox that stands in for email and SMS.)
 */
import { expect, it } from 'vitest';
import { call, start } from './helpers.js';

it('logs no password, token or session, even when requests fail', async () => {
  const lines: string[] = [];
  const server = await start({ log: line => lines.push(line) });
  try {
    const poolId = (await call(server.url, 'CreateUserPool', { PoolName: 'logs', AutoVerifiedAttributes: ['email'] })).body.UserPool.Id;
    const clientId = (
      await call(server.url, 'CreateUserPoolClient', {
        UserPoolId: poolId,
        ClientName: 'c',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      })
    ).body.UserPoolClient.ClientId;
    const password = 'Very-Secret-Passw0rd!';
    await call(server.url, 'SignUp', {
      ClientId: clientId,
      Username: 'lara',
      Password: password,
      UserAttributes: [{ Name: 'email', Value: 'lara@example.com' }],
    });
    await call(server.url, 'AdminConfirmSignUp', { UserPoolId: poolId, Username: 'lara' });
    const tokens = (
      await call(server.url, 'InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'lara', PASSWORD: password } })
    ).body.AuthenticationResult;
    await call(server.url, 'InitiateAuth', {
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'lara', PASSWORD: `${password}-wrong` },
    });
    await call(server.url, 'ChangePassword', { AccessToken: tokens.AccessToken, PreviousPassword: password, ProposedPassword: `${password}2` });
    await call(server.url, 'GetTokensFromRefreshToken', { ClientId: clientId, RefreshToken: tokens.RefreshToken });
    await call(server.url, 'AdminCreateUser', { UserPoolId: poolId, Username: 'temp', TemporaryPassword: 'Temp-Secret-Passw0rd!', MessageAction: 'SUPPRESS' });
    const challenge = (
      await call(server.url, 'InitiateAuth', {
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'temp', PASSWORD: 'Temp-Secret-Passw0rd!' },
      })
    ).body;
    await call(server.url, 'RespondToAuthChallenge', {
      ClientId: clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: challenge.Session,
      ChallengeResponses: { USERNAME: 'temp', NEW_PASSWORD: 'short' },
    });
    await call(server.url, 'GetUser', { AccessToken: tokens.AccessToken.slice(0, -5) });
    const all = lines.join('\n');
    for (const secret of [
      password,
      `${password}2`,
      'Temp-Secret-Passw0rd!',
      tokens.AccessToken,
      tokens.IdToken,
      tokens.RefreshToken,
      challenge.Session,
      tokens.AccessToken.split('.')[2],
    ]) {
      expect(all).not.toContain(secret);
    }
    expect(all).toContain('Your verification code is'); // the outbox, by design
  } finally {
    await server.close();
  }
});
