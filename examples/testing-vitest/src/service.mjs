/**
 * A small Node HTTP service that trusts Cognito for who its callers are:
 * - GET /me checks the caller's access token locally (signature against the pool's JWKS, issuer,
 *   token_use, client id) and answers who they are and their groups;
 * - GET /reports is for the "admins" group only;
 * - GET /profile asks Cognito itself (GetUser with the caller's token) for their attributes, so a
 *   signed-out or expired session is refused by Cognito.
 */
import { createServer } from 'node:http';
import { CognitoIdentityProviderClient, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';

/**
 * @param {{ region: string, userPoolId: string, userPoolClientId: string, endpoint?: string }} cognito
 *   `endpoint`: where Cognito answers (cognate-local's URL in tests; AWS when absent).
 */
export function createService(cognito) {
  const base = cognito.endpoint ?? `https://cognito-idp.${cognito.region}.amazonaws.com`;
  const issuer = `${base}/${cognito.userPoolId}`;
  const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
  const idp = new CognitoIdentityProviderClient({ region: cognito.region, ...(cognito.endpoint ? { endpoint: cognito.endpoint } : {}) });

  /** The caller's verified access token claims, or undefined. */
  async function caller(request) {
    const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer });
      if (payload.token_use !== 'access' || payload.client_id !== cognito.userPoolClientId) return undefined;
      return { token, claims: payload };
    } catch {
      return undefined;
    }
  }

  const send = (response, status, body) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  return createServer(async (request, response) => {
    const who = await caller(request);
    if (!who) return send(response, 401, { error: 'sign in first' });
    const groups = who.claims['cognito:groups'] ?? [];
    if (request.url === '/me') return send(response, 200, { username: who.claims.username, groups });
    if (request.url === '/reports')
      return groups.includes('admins') ? send(response, 200, { reports: ['q1', 'q2'] }) : send(response, 403, { error: 'admins only' });
    if (request.url === '/profile') {
      try {
        const user = await idp.send(new GetUserCommand({ AccessToken: who.token }));
        return send(response, 200, Object.fromEntries(user.UserAttributes.map(a => [a.Name, a.Value])));
      } catch (error) {
        return send(response, error.name === 'NotAuthorizedException' ? 401 : 502, { error: error.message });
      }
    }
    send(response, 404, { error: 'no such route' });
  });
}
