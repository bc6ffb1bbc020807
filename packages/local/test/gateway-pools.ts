/**
 * What the local API Gateway's tests put behind it alike (packages/local/test/api-gateway.test.ts and
 * packages/cognate/test/api-e2e.test.ts): a user pool with the resource server `orders` (scope
 * `orders/read`), a web client, a machine client with a secret for the client_credentials grant and
 * user `alice`; an identity pool trusting the web client, guests allowed. Also a request signed by the
 * AWS SDK's own SigV4 signer for execute-api, and a client_credentials token request.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface GatewayIds {
  pool: string;
  web: string;
  machine: string;
  identityPool: string;
  authRole: string;
  guestRole: string;
}

/** The `userPools` and `identityPools` of a config, both named `name`; `alice` gives her password and attributes. */
export function gatewayPools(ids: GatewayIds, name: string, alice: { Password: string; Attributes: Record<string, string> }) {
  return {
    userPools: [
      {
        Id: ids.pool,
        PoolName: name,
        resourceServers: [{ Identifier: 'orders', Name: 'Orders', Scopes: [{ ScopeName: 'read', ScopeDescription: 'read orders' }] }],
        clients: [
          { ClientId: ids.web, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
          {
            ClientId: ids.machine,
            ClientName: 'machine',
            GenerateSecret: true,
            AllowedOAuthFlowsUserPoolClient: true,
            AllowedOAuthFlows: ['client_credentials'],
            AllowedOAuthScopes: ['orders/read'],
          },
        ],
        users: [{ Username: 'alice', ...alice }],
      },
    ],
    identityPools: [
      {
        IdentityPoolId: ids.identityPool,
        IdentityPoolName: name,
        AllowUnauthenticatedIdentities: true,
        CognitoIdentityProviders: [{ ProviderName: `cognito-idp.us-east-1.amazonaws.com/${ids.pool}`, ClientId: ids.web }],
        Roles: { authenticated: ids.authRole, unauthenticated: ids.guestRole },
      },
    ],
  };
}

/** POST /oauth2/token with the client_credentials grant for `orders/read`, the client authenticated with its secret (Basic). */
export function requestClientCredentials(url: string, clientId: string, secret: string): Promise<Response> {
  return fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&scope=orders%2Fread',
  });
}

/** Headers for a request to `url` signed by the AWS SDK's own SigV4 signer (service execute-api). */
export async function signExecuteApi(
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  method: string,
  url: URL,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service: 'execute-api', region: 'us-east-1', credentials, sha256: Sha256 });
  const signed = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { host: url.host, ...headers },
    ...(body !== undefined ? { body } : {}),
  });
  return signed.headers as Record<string, string>;
}
