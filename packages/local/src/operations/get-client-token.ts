/**
 * GetClientToken: an access token for machine-to-machine authorization, the API twin of the
 * `/oauth2/token` client_credentials grant. The app client needs a secret (either of its two, when
 * rotating) and ExplicitAuthFlows ALLOW_CLIENT_TOKEN_AUTH; the scopes are custom scopes of the
 * pool's resource servers that the client allows (all of them when none are asked for). The token
 * has the claims the client_credentials grant gives it (`sub` = `client_id`, no username).
 */
import type { Operation, OperationContext } from '../context.js';
import type { UserPool, UserPoolClient } from '../model.js';
import { errors } from '../errors.js';
import { newUuid } from '../services/ids.js';
import { signRs256 } from '../services/jws.js';
import { clientSecretMatches, getClientAndPool } from '../services/pools.js';
import { optStringList, optStringMap, reqString, CLIENT_ID_RULE } from '../validate.js';
import { customScopes } from './oauth-setup.js';

export const getClientToken: Operation = async (input, ctx) => {
  const { client, pool } = getClientAndPool(ctx, reqString(input, 'ClientId', CLIENT_ID_RULE));
  const secret = reqString(input, 'Secret', { min: 1, max: 64 });
  const requested = optStringList(input, 'Scopes');
  optStringMap(input, 'ClientMetadata');
  if (!client.ClientSecret) throw errors.invalidParameter(`Client ${client.ClientId} has no client secret; GetClientToken needs a confidential app client.`);
  if (!client.ExplicitAuthFlows?.includes('ALLOW_CLIENT_TOKEN_AUTH')) throw errors.invalidParameter('CLIENT_TOKEN_AUTH flow not enabled for this client');
  if (!clientSecretMatches(client, secret)) throw errors.notAuthorized(`Invalid client secret for client ${client.ClientId}.`);
  const allowed = allowedClientScopes(ctx, pool, client);
  const scopes = requested?.length ? requested : allowed;
  const refused = scopes.find(s => !allowed.includes(s));
  if (refused !== undefined) throw errors.invalidParameter(`Invalid scope requested: ${refused.slice(0, 256)}`);
  if (!scopes.length) throw errors.invalidParameter('The app client allows no custom scopes of a resource server in this user pool.');
  const { AccessToken, ttl } = await signClientCredentialsToken(ctx, pool, client, scopes);
  return { ClientAuthenticationResult: { AccessToken, ExpiresIn: ttl, TokenType: 'Bearer' } };
};

/** The custom scopes (of the pool's resource servers) an app client allows: what a client_credentials token may carry. */
export function allowedClientScopes(ctx: OperationContext, pool: UserPool, client: UserPoolClient): string[] {
  const custom = new Set(customScopes(ctx, pool.Id));
  return ((client.AllowedOAuthScopes as string[] | undefined) ?? []).filter(s => custom.has(s));
}

/** A client_credentials access token (`sub` = `client_id`, no user), for GetClientToken and `/oauth2/token` alike. */
export async function signClientCredentialsToken(ctx: OperationContext, pool: UserPool, client: UserPoolClient, scopes: string[]) {
  const now = ctx.clock.now();
  const ttl = client.AccessTokenValidity * { seconds: 1, minutes: 60, hours: 3600, days: 86400 }[client.TokenValidityUnits.AccessToken];
  const key = (await ctx.keys.forPool(pool.Id)).access;
  const claims = {
    sub: client.ClientId,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: now,
    iss: ctx.issuer(pool.Id),
    exp: now + ttl,
    iat: now,
    version: 2,
    jti: newUuid(),
    client_id: client.ClientId,
  };
  return { AccessToken: await signRs256(claims, key.kid, key.privateKey), ttl };
}
