/**
 * `/oauth2/token` (authorization_code with PKCE, refresh_token, client_credentials; client secret
 * by HTTP Basic or in the body), `/oauth2/userInfo` and `/oauth2/revoke`. Errors are RFC 6749
 * JSON: `{"error": "invalid_grant"}` and friends.
 */
import { clientSecretMatches } from '../services/pools.js';
import type { OperationContext } from '../context.js';
import { CognitoError } from '../errors.js';
import type { RefreshTokenRecord, TokenFamily, UserPool, UserPoolClient } from '../model.js';
import { allowedClientScopes, signClientCredentialsToken } from '../operations/get-client-token.js';
import { refreshFamily } from '../services/refresh.js';
import { hashToken, issueTokens, revokeFamily, verifyAccessToken } from '../services/tokens.js';
import { getUser } from '../services/users.js';
import { pkceMatches, redeemAuthorizationCode } from './flow.js';
import { BodyTooLarge, decodeBase64, decodeComponent, readForm } from '../input.js';

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json;charset=UTF-8',
      'cache-control': 'no-store',
      pragma: 'no-cache',
      'access-control-allow-origin': '*',
      ...headers,
    },
  });
}

const oauthError = (error: string, description?: string, status = 400, headers: Record<string, string> = {}) =>
  json(status, { error, ...(description ? { error_description: description } : {}) }, headers);

/** The form body, or undefined when it is over the limit (an RFC 6749 invalid_request). */
async function readOAuthForm(request: Request): Promise<URLSearchParams | undefined> {
  try {
    return await readForm(request);
  } catch (error) {
    if (error instanceof BodyTooLarge) return undefined;
    throw error;
  }
}

interface ClientAuth {
  client?: UserPoolClient;
  pool?: UserPool;
  error?: Response;
}

/** Client authentication: Basic (client_secret_basic) or body (client_secret_post / public). */
function authenticateClient(ctx: OperationContext, request: Request, form: URLSearchParams): ClientAuth {
  let id = form.get('client_id') ?? undefined;
  let secret = form.get('client_secret') ?? undefined;
  const header = request.headers.get('authorization');
  const basic = header?.startsWith('Basic ') === true;
  if (basic) {
    // RFC 6749 §2.3.1: base64 of form-encoded id ':' secret; anything malformed is invalid_client.
    const malformed = { error: oauthError('invalid_client', undefined, 401, { 'www-authenticate': 'Basic realm="cognate-local"' }) };
    const decoded = decodeBase64(header!.slice(6).trim());
    const colon = decoded?.indexOf(':') ?? -1;
    if (decoded === undefined || colon < 0) return malformed;
    const basicId = decodeComponent(decoded.slice(0, colon));
    const basicSecret = decodeComponent(decoded.slice(colon + 1));
    if (basicId === undefined || basicSecret === undefined) return malformed;
    if (id !== undefined && id !== basicId) return { error: oauthError('invalid_client') };
    id = basicId;
    secret = basicSecret;
  }
  const client = id ? ctx.store.get<UserPoolClient>('client', id) : undefined;
  const invalid = () => ({
    error: oauthError('invalid_client', undefined, basic ? 401 : 400, basic ? { 'www-authenticate': 'Basic realm="cognate-local"' } : {}),
  });
  if (!client) return invalid();
  if (client.ClientSecret ? !clientSecretMatches(client, secret) : secret !== undefined && secret !== '') return invalid();
  const pool = ctx.store.get<UserPool>('pool', client.UserPoolId);
  if (!pool) return invalid();
  return { client, pool };
}

function tokenResponse(tokens: { AccessToken: string; IdToken: string; RefreshToken?: string; ExpiresIn: number }, scopes: string[]): Response {
  return json(200, {
    ...(scopes.includes('openid') ? { id_token: tokens.IdToken } : {}),
    access_token: tokens.AccessToken,
    ...(tokens.RefreshToken ? { refresh_token: tokens.RefreshToken } : {}),
    expires_in: tokens.ExpiresIn,
    token_type: 'Bearer',
  });
}

export async function token(ctx: OperationContext, request: Request): Promise<Response> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return oauthError('invalid_request', 'Content-Type must be application/x-www-form-urlencoded.');
  const form = await readOAuthForm(request);
  if (!form) return oauthError('invalid_request', 'Request body is too large.');
  const auth = authenticateClient(ctx, request, form);
  if (auth.error) return auth.error;
  const client = auth.client!;
  const pool = auth.pool!;
  const flows = (client.AllowedOAuthFlows as string[] | undefined) ?? [];
  switch (form.get('grant_type')) {
    case 'authorization_code': {
      if (!flows.includes('code')) return oauthError('unauthorized_client');
      const code = redeemAuthorizationCode(ctx, form.get('code') ?? '');
      if (!code || code.clientId !== client.ClientId || code.redirectUri !== form.get('redirect_uri')) return oauthError('invalid_grant');
      if (code.codeChallenge && !pkceMatches(form.get('code_verifier') ?? '', code.codeChallenge))
        return oauthError('invalid_grant', 'PKCE verification failed.');
      const user = getUser(ctx, pool, code.username);
      if (!user || !user.enabled) return oauthError('invalid_grant');
      const tokens = await issueTokens(ctx, {
        pool,
        client,
        user,
        withRefreshToken: true,
        scope: code.scopes.join(' '),
        oauth: true,
        authTime: code.authTime,
        source: 'TokenGeneration_HostedAuth',
        ...(code.nonce ? { idClaims: { nonce: code.nonce } } : {}),
      });
      return tokenResponse(tokens, code.scopes);
    }
    case 'refresh_token': {
      // Every refusal (unknown, expired, revoked, reused, user gone or disabled) is a bare invalid_grant.
      const refreshed = await refreshFamily(ctx, { token: form.get('refresh_token') ?? '', client, oauth: true });
      if (!refreshed.ok) return oauthError('invalid_grant');
      return tokenResponse(refreshed.tokens, (refreshed.family.scope ?? 'aws.cognito.signin.user.admin').split(' '));
    }
    case 'client_credentials': {
      if (!client.ClientSecret || !flows.includes('client_credentials')) return oauthError('unauthorized_client');
      const allowed = allowedClientScopes(ctx, pool, client);
      const requested = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
      const scopes = requested.length ? requested : allowed;
      if (!scopes.length || scopes.some(s => !allowed.includes(s))) return oauthError('invalid_scope');
      const { AccessToken: accessToken, ttl } = await signClientCredentialsToken(ctx, pool, client, scopes);
      return json(200, { access_token: accessToken, expires_in: ttl, token_type: 'Bearer' });
    }
    default:
      return oauthError('unsupported_grant_type');
  }
}

const SCOPED: Record<string, string[]> = {
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  profile: [
    'name',
    'given_name',
    'family_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
    'address',
  ],
};

export async function userInfo(ctx: OperationContext, request: Request): Promise<Response> {
  const header = request.headers.get('authorization') ?? '';
  const unauthorized = (description: string) =>
    json(
      401,
      { error: 'invalid_token', error_description: description },
      { 'www-authenticate': `Bearer error="invalid_token", error_description="${description}"` },
    );
  if (!header.startsWith('Bearer '))
    return json(400, { error: 'invalid_request', error_description: 'Missing Bearer token.' }, { 'www-authenticate': 'Bearer' });
  let verified: Awaited<ReturnType<typeof verifyAccessToken>>;
  try {
    verified = await verifyAccessToken(ctx, header.slice(7).trim(), 'openid');
  } catch (error) {
    return unauthorized(error instanceof CognitoError ? error.message : 'Invalid access token');
  }
  const scopes = String(verified.claims.scope ?? '').split(' ');
  const user = verified.user;
  const out: Record<string, unknown> = { sub: user.attributes.sub };
  const everything = scopes.includes('aws.cognito.signin.user.admin');
  for (const [scope, names] of Object.entries(SCOPED)) {
    if (!everything && !scopes.includes(scope)) continue;
    for (const name of names) if (user.attributes[name] !== undefined) out[name] = user.attributes[name];
  }
  if (everything) for (const [name, value] of Object.entries(user.attributes)) if (name.startsWith('custom:')) out[name] = value;
  if (user.attributes.identities) out.identities = user.attributes.identities;
  out.username = user.username;
  return json(200, out);
}

export async function revoke(ctx: OperationContext, request: Request): Promise<Response> {
  const form = await readOAuthForm(request);
  if (!form) return oauthError('invalid_request', 'Request body is too large.');
  const auth = authenticateClient(ctx, request, form);
  if (auth.error) return auth.error;
  const client = auth.client!;
  const value = form.get('token');
  if (!value) return oauthError('invalid_request');
  if (!client.EnableTokenRevocation) return oauthError('unsupported_token_type', 'Token revocation is not enabled for this app client.');
  if (value.split('.').length === 3) return oauthError('unsupported_token_type');
  const record = ctx.store.get<RefreshTokenRecord>('refresh', hashToken(value));
  const family = record ? ctx.store.get<TokenFamily>('family', record.family) : undefined;
  if (family) {
    if (family.clientId !== client.ClientId) return oauthError('invalid_request');
    revokeFamily(ctx, family);
  }
  return new Response(null, { status: 200, headers: { 'cache-control': 'no-store' } });
}
