/**
 * A sign-in's auth event records each challenge's result (ChallengeResponses): Password, then Mfa
 * when a second factor was asked for, Success or Failure, on the hosted pages as through the API
 * (one engine, services/sign-in.ts), as AdminListUserAuthEvents shows them.
 */
import {
  AdminCreateUserCommand,
  AdminListUserAuthEventsCommand,
  AdminSetUserMFAPreferenceCommand,
  AssociateSoftwareTokenCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  InitiateAuthCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { call, sdk, start } from './helpers.js';
import { APP, PASSWORD, apiFront, pageFront, totp, type FrontContext } from './sign-in-cases.js';

let server: RunningServer;
let idp: CognitoIdentityProviderClient;
let context: FrontContext;

beforeAll(async () => {
  server = await start();
  idp = sdk(server.url);
  const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'events', UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' } }));
  const poolId = UserPool!.Id!;
  await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'events-domain' }));
  const { UserPoolClient } = await idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'web',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'phone'],
      CallbackURLs: [APP],
      SupportedIdentityProviders: ['COGNITO'],
    }),
  );
  context = { url: server.url, admin: idp, poolId, clientId: UserPoolClient!.ClientId! };
});
afterAll(() => server?.close());

/** A user with an authenticator app as their preferred MFA; returns its secret. */
async function totpUser(username: string): Promise<string> {
  await idp.send(new AdminCreateUserCommand({ UserPoolId: context.poolId, Username: username, MessageAction: 'SUPPRESS' }));
  await call(server.url, 'AdminSetUserPassword', { UserPoolId: context.poolId, Username: username, Password: PASSWORD, Permanent: true });
  const signedIn = await idp.send(
    new InitiateAuthCommand({ ClientId: context.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD } }),
  );
  const AccessToken = signedIn.AuthenticationResult!.AccessToken!;
  const { SecretCode } = await idp.send(new AssociateSoftwareTokenCommand({ AccessToken }));
  await idp.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totp(SecretCode!, -1) }));
  await idp.send(
    new AdminSetUserMFAPreferenceCommand({ UserPoolId: context.poolId, Username: username, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }),
  );
  return SecretCode!;
}

async function newestEvents(username: string, n: number) {
  const { AuthEvents } = await idp.send(new AdminListUserAuthEventsCommand({ UserPoolId: context.poolId, Username: username, MaxResults: n }));
  return AuthEvents!.map(e => ({ response: e.EventResponse, challenges: e.ChallengeResponses }));
}

const PASSED = [
  { ChallengeName: 'Password', ChallengeResponse: 'Success' },
  { ChallengeName: 'Mfa', ChallengeResponse: 'Success' },
];
const MFA_FAILED = [
  { ChallengeName: 'Password', ChallengeResponse: 'Success' },
  { ChallengeName: 'Mfa', ChallengeResponse: 'Failure' },
];

describe('auth events record the MFA step', () => {
  for (const [name, makeFront] of [
    ['hosted pages', pageFront],
    ['API', apiFront],
  ] as const) {
    it(`${name}: a wrong TOTP code, then the right one`, async () => {
      const username = `mfa-${name.replace(/\W/g, '')}`;
      const secret = await totpUser(username);
      const front = makeFront(context);
      expect(await front.signIn(username, PASSWORD)).toEqual({ challenge: 'SOFTWARE_TOKEN_MFA' });
      const wrong = totp(secret, 0) === '000000' ? '111111' : '000000';
      expect(await front.answer({ code: wrong }, () => '')).toMatchObject({ error: expect.any(String) });
      expect(await front.answer({ code: totp(secret, 1) }, () => '')).toMatchObject({ tokens: expect.any(Object) });
      expect(await newestEvents(username, 2)).toEqual([
        { response: 'Pass', challenges: PASSED },
        { response: 'Fail', challenges: MFA_FAILED },
      ]);
    });
  }
});
