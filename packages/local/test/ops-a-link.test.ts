/**
 * AdminLinkProviderForUser / AdminDisableProviderForUser through the AWS SDK, and what they change:
 * a federated sign-in on the hosted UI (the mock Google provider, driven with form posts) yields the
 * linked native user's tokens, and after the link is removed it yields a separate federated user.
 */
import {
  AdminCreateUserCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { errorOf, sdk, start } from './helpers.js';
import { idTokenClaimsForCode, mockIdpCode } from './mock-idp.js';

const POOL = 'us-east-1_LinkTest01';
const SPA = 'linkspaclient0000000000001';
const APP = 'http://localhost:5173/callback';
const GOOGLE_SUB = '111122223333444455556';
const OTHER_SUB = '999988887777666655554';
let server: RunningServer;
let idp: CognitoIdentityProviderClient;

beforeAll(async () => {
  server = await start({
    config: {
      mockIdentityProviderUsers: [
        { provider: 'Google', sub: GOOGLE_SUB, email: 'nora@gmail.test', name: 'Nora' },
        { provider: 'Google', sub: OTHER_SUB, email: 'otto@gmail.test', name: 'Otto' },
      ],
      userPools: [
        {
          Id: POOL,
          PoolName: 'link',
          Domain: 'link-test',
          identityProviders: [
            { ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: { client_id: 'x', client_secret: 'y', authorize_scopes: 'openid email' } },
          ],
          clients: [
            {
              ClientId: SPA,
              ClientName: 'spa',
              AllowedOAuthFlowsUserPoolClient: true,
              AllowedOAuthFlows: ['code'],
              AllowedOAuthScopes: ['openid', 'email', 'profile'],
              CallbackURLs: [APP],
              SupportedIdentityProviders: ['COGNITO', 'Google'],
            },
          ],
          users: [{ Username: 'nora', Password: 'Passw0rd!', Attributes: { email: 'nora@example.com', email_verified: 'true' } }],
        },
      ],
    },
  });
  idp = sdk(server.url);
});
afterAll(() => server?.close());

/** Signs in through the mock Google provider as `sub` and returns the ID token's claims. */
async function googleSignIn(sub: string): Promise<Record<string, unknown>> {
  const code = await mockIdpCode(server.url, { clientId: SPA, redirectUri: APP, scope: 'openid email profile', provider: 'Google', sub });
  expect(code).toBeTruthy();
  return idTokenClaimsForCode(server.url, SPA, code!, APP);
}

const link = (sub: string, username = 'nora') =>
  idp.send(
    new AdminLinkProviderForUserCommand({
      UserPoolId: POOL,
      DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: username },
      SourceUser: { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: sub },
    }),
  );

describe('linking an external identity to a native user', () => {
  it('signs the linked Google identity in as the native user, until the link is removed', async () => {
    const native = await idp.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: 'nora' }));
    const nativeSub = native.UserAttributes!.find(a => a.Name === 'sub')!.Value;
    await link(GOOGLE_SUB);
    const linked = await idp.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: 'nora' }));
    const identities = JSON.parse(linked.UserAttributes!.find(a => a.Name === 'identities')!.Value!);
    expect(identities).toEqual([expect.objectContaining({ userId: GOOGLE_SUB, providerName: 'Google', providerType: 'Google' })]);

    const claims = await googleSignIn(GOOGLE_SUB);
    expect(claims['cognito:username']).toBe('nora');
    expect(claims.sub).toBe(nativeSub);
    expect(claims.identities).toEqual([expect.objectContaining({ userId: GOOGLE_SUB, providerName: 'Google' })]);
    // No federated user was created for the linked identity.
    expect((await errorOf(idp.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: `Google_${GOOGLE_SUB}` })))).name).toBe('UserNotFoundException');

    await idp.send(
      new AdminDisableProviderForUserCommand({
        UserPoolId: POOL,
        User: { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: GOOGLE_SUB },
      }),
    );
    const unlinked = await idp.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: 'nora' }));
    expect(unlinked.UserAttributes!.some(a => a.Name === 'identities')).toBe(false);
    const after = await googleSignIn(GOOGLE_SUB);
    expect(after['cognito:username']).toBe(`Google_${GOOGLE_SUB}`);
    expect(after.sub).not.toBe(nativeSub);
  });

  it("follows Cognito's rules: destination exists, source not already a user, not Cognito, configured provider", async () => {
    expect((await errorOf(link('123', 'nobody'))).name).toBe('UserNotFoundException');
    // OTHER_SUB signs in once, so a federated user exists: it cannot be linked (no merging).
    await googleSignIn(OTHER_SUB);
    const merge = await errorOf(link(OTHER_SUB));
    expect(merge.name).toBe('InvalidParameterException');
    expect(merge.message).toContain('Merging is not currently supported');
    const cognito = await errorOf(
      idp.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: POOL,
          DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'nora' },
          SourceUser: { ProviderName: 'Cognito', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'x' },
        }),
      ),
    );
    expect(cognito.name).toBe('InvalidParameterException');
    const unknown = await errorOf(
      idp.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: POOL,
          DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'nora' },
          SourceUser: { ProviderName: 'Facebook', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'x' },
        }),
      ),
    );
    expect(unknown.name).toBe('InvalidParameterException');
    // A source linked to one user cannot be linked to another.
    await idp.send(new AdminCreateUserCommand({ UserPoolId: POOL, Username: 'other', MessageAction: 'SUPPRESS' }));
    await link('555');
    expect((await errorOf(link('555', 'other'))).name).toBe('AliasExistsException');
    // Disabling an identity that is neither linked nor signed up: no such user.
    const none = await errorOf(
      idp.send(
        new AdminDisableProviderForUserCommand({
          UserPoolId: POOL,
          User: { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '000' },
        }),
      ),
    );
    expect(none.name).toBe('UserNotFoundException');
  });
});
