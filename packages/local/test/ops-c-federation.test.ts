/**
 * The mock identity provider's email_verified: the mock user's claims say it, and it reaches the
 * federated user only through the provider's AttributeMapping. As Cognito documents, a mapped email
 * is unverified unless email_verified is mapped from the provider too.
 */
import { AdminGetUserCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { sdk, start } from './helpers.js';
import { mockIdpCode } from './mock-idp.js';

const POOL = 'us-east-1_FedVerify01';
const SPA = 'fedverifyspaclient00000001';
const APP = 'http://localhost:5173/callback';
let server: RunningServer;
let idp: CognitoIdentityProviderClient;

const oidc = (ProviderName: string, AttributeMapping: Record<string, string>) => ({
  ProviderName,
  ProviderType: 'OIDC',
  ProviderDetails: {
    client_id: 'x',
    client_secret: 'y',
    authorize_scopes: 'openid email',
    oidc_issuer: 'https://idp.example.com',
    attributes_request_method: 'GET',
  },
  AttributeMapping,
});

beforeAll(async () => {
  server = await start({
    config: {
      mockIdentityProviderUsers: [
        { provider: 'Corp', sub: 'unverified-1', email: 'una@corp.test', email_verified: 'false' },
        { provider: 'Corp', sub: 'verified-1', email: 'vera@corp.test', email_verified: 'True' },
        { provider: 'Corp', sub: 'silent-1', email: 'sid@corp.test' },
        { provider: 'Plain', sub: 'plain-1', email: 'pat@plain.test', email_verified: 'true' },
      ],
      userPools: [
        {
          Id: POOL,
          PoolName: 'fedverify',
          Domain: 'fed-verify',
          identityProviders: [oidc('Corp', { email: 'email', email_verified: 'email_verified' }), oidc('Plain', { email: 'email' })],
          clients: [
            {
              ClientId: SPA,
              ClientName: 'spa',
              AllowedOAuthFlowsUserPoolClient: true,
              AllowedOAuthFlows: ['code'],
              AllowedOAuthScopes: ['openid', 'email'],
              CallbackURLs: [APP],
              SupportedIdentityProviders: ['Corp', 'Plain'],
            },
          ],
        },
      ],
    },
  });
  idp = sdk(server.url);
});
afterAll(() => server?.close());

async function federatedSignIn(provider: string, sub: string): Promise<Record<string, string>> {
  expect(await mockIdpCode(server.url, { clientId: SPA, redirectUri: APP, scope: 'openid email', provider, sub })).toBeTruthy();
  const user = await idp.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: `${provider}_${sub}` }));
  return Object.fromEntries(user.UserAttributes!.map(a => [a.Name!, a.Value!]));
}

describe('email_verified from the mock identity provider', () => {
  it("follows the mock user's claim when the provider maps it", async () => {
    expect(await federatedSignIn('Corp', 'unverified-1')).toMatchObject({ email: 'una@corp.test', email_verified: 'false' });
    expect(await federatedSignIn('Corp', 'verified-1')).toMatchObject({ email: 'vera@corp.test', email_verified: 'true' });
  });

  it('a mock user that says nothing is verified, as Google and most OIDC providers say', async () => {
    expect(await federatedSignIn('Corp', 'silent-1')).toMatchObject({ email: 'sid@corp.test', email_verified: 'true' });
  });

  it('a mapped email without a mapped email_verified is unverified', async () => {
    expect(await federatedSignIn('Plain', 'plain-1')).toMatchObject({ email: 'pat@plain.test', email_verified: 'false' });
  });
});
