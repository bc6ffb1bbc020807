/**
 * AdminDisableProviderForUser with ProviderName Cognito, as the API reference documents it: "To
 * deactivate a local user, set ProviderName to Cognito and the ProviderAttributeName to
 * Cognito_Subject; the ProviderAttributeValue must be the user's local username" and such a user
 * "can't use their password to sign in". An external identity linked to them still signs in as
 * them; AdminEnableUser gives them their own sign-in back.
 */
import {
  AdminDisableProviderForUserCommand,
  AdminEnableUserCommand,
  AdminInitiateAuthCommand,
  AdminLinkProviderForUserCommand,
  InitiateAuthCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { errorOf, sdk, start } from './helpers.js';
import { idTokenClaimsForCode, mockIdpCode } from './mock-idp.js';

const POOL = 'us-east-1_NativeOff01';
const SPA = 'nativeoffspaclient00000001';
const APP = 'http://localhost:5173/callback';
const GOOGLE_SUB = '424242424242424242424';
let server: RunningServer;
let idp: CognitoIdentityProviderClient;

beforeAll(async () => {
  server = await start({
    config: {
      mockIdentityProviderUsers: [{ provider: 'Google', sub: GOOGLE_SUB, email: 'nina@gmail.test', name: 'Nina' }],
      userPools: [
        {
          Id: POOL,
          PoolName: 'nativeoff',
          Domain: 'native-off',
          identityProviders: [
            { ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: { client_id: 'x', client_secret: 'y', authorize_scopes: 'openid email' } },
          ],
          clients: [
            {
              ClientId: SPA,
              ClientName: 'spa',
              ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
              AllowedOAuthFlowsUserPoolClient: true,
              AllowedOAuthFlows: ['code'],
              AllowedOAuthScopes: ['openid', 'email'],
              CallbackURLs: [APP],
              SupportedIdentityProviders: ['COGNITO', 'Google'],
            },
          ],
          users: [{ Username: 'nina', Password: 'Passw0rd!', Attributes: { email: 'nina@example.com', email_verified: 'true' } }],
        },
      ],
    },
  });
  idp = sdk(server.url);
});
afterAll(() => server?.close());

const passwordSignIn = () =>
  idp.send(new InitiateAuthCommand({ ClientId: SPA, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'nina', PASSWORD: 'Passw0rd!' } }));
const adminSignIn = () =>
  idp.send(
    new AdminInitiateAuthCommand({
      UserPoolId: POOL,
      ClientId: SPA,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'nina', PASSWORD: 'Passw0rd!' },
    }),
  );
const disable = (ProviderAttributeValue: string, ProviderAttributeName = 'Cognito_Subject') =>
  idp.send(new AdminDisableProviderForUserCommand({ UserPoolId: POOL, User: { ProviderName: 'Cognito', ProviderAttributeName, ProviderAttributeValue } }));

async function googleSignIn(): Promise<Record<string, unknown>> {
  const code = await mockIdpCode(server.url, { clientId: SPA, redirectUri: APP, scope: 'openid email', provider: 'Google', sub: GOOGLE_SUB });
  return idTokenClaimsForCode(server.url, SPA, code!, APP);
}

describe('AdminDisableProviderForUser for the Cognito provider', () => {
  it("ends the native user's own sign-in, keeps linked identities signing in as them, and AdminEnableUser undoes it", async () => {
    expect((await passwordSignIn()).AuthenticationResult?.AccessToken).toBeTruthy();
    await idp.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: POOL,
        DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'nina' },
        SourceUser: { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: GOOGLE_SUB },
      }),
    );

    await disable('nina');
    for (const attempt of [passwordSignIn, adminSignIn]) {
      const refused = await errorOf(attempt());
      expect([refused.name, refused.message]).toEqual(['NotAuthorizedException', 'User is disabled.']);
    }
    expect((await googleSignIn())['cognito:username']).toBe('nina');

    await idp.send(new AdminEnableUserCommand({ UserPoolId: POOL, Username: 'nina' }));
    expect((await passwordSignIn()).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('needs Cognito_Subject and an existing native username', async () => {
    expect((await errorOf(disable('nobody'))).name).toBe('UserNotFoundException');
    expect((await errorOf(disable('nina', 'email'))).name).toBe('InvalidParameterException');
    expect((await passwordSignIn()).AuthenticationResult?.AccessToken).toBeTruthy();
  });
});
