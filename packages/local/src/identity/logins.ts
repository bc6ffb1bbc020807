/**
 * Checking a `Logins` map against an identity pool, as Cognito Identity does before it hands out an
 * identity id, credentials or an OpenID token.
 *
 * Provider names. Cognito keys a user pool login as `cognito-idp.<region>.amazonaws.com/<poolId>`,
 * which is its token's `iss` without the scheme; Amplify builds the key from `iss` the same way. A
 * cognate-local ID token's `iss` is `<issuerBase>/<poolId>` (e.g. `http://127.0.0.1:9229/us-east-1_X`),
 * so Amplify sends `127.0.0.1:9229/us-east-1_X`. Both spellings are accepted: a `Logins` key matches a
 * configured `CognitoIdentityProviders[].ProviderName` exactly or by the user pool id at its end, and
 * the key must be the token's `iss` without the scheme or the AWS form for the token's pool.
 *
 * Token checks, in Cognito's words: RS256 signature by the pool's ID-token key (an access token is
 * "not a valid OpenId Connect identity token"), `token_use` = id, not expired (server clock), `aud`
 * one of the ClientIds configured for that provider, and with ServerSideTokenCheck the user still
 * exists, is enabled, and has not been signed out since the token was issued.
 */
import { checkJwtHeader, parseJwt, type JwtPayload as JWTPayload } from '@cognate/protocol';
import { verifyRs256 } from '../services/jws.js';
import type { Services } from '../context.js';
import { errors } from '../errors.js';
import type { TokenFamily, UserPool, UserRecord } from '../model.js';
import { getUser } from '../services/users.js';
import type { CognitoProvider, IdentityPool, LinkedLogin } from './model.js';
import { USER_POOL_IN_PROVIDER } from './pools.js';

export interface VerifiedLogin extends LinkedLogin {
  /** The `Logins` key as sent. */
  presented: string;
  userPoolId: string;
  /** The configured provider's ClientId the token's `aud` matched (role mappings are keyed `<ProviderName>:<ClientId>`). */
  clientId: string;
  sub: string;
  claims: JWTPayload;
}

/** `cognito-idp.<region>.amazonaws.com/<userPoolId>`, the region being the pool's own. */
const AWS_PROVIDER = /^cognito-idp\.([\w-]+)\.amazonaws\.com(?:\.cn)?\/(([\w-]+)_[0-9a-zA-Z]+)$/;

function isAwsProviderFor(presented: string, userPoolId: string): boolean {
  const match = AWS_PROVIDER.exec(presented);
  return match !== null && match[2] === userPoolId && match[1] === match[3];
}

const notAuthorized = (message: string) => errors.notAuthorized(message);
const NOT_OIDC = 'Invalid login token. Not a valid OpenId Connect identity token.';
const UNSUPPORTED = 'Token is not from a supported provider of this identity pool.';

export function hasAnyProvider(pool: IdentityPool): boolean {
  return (
    pool.CognitoIdentityProviders.length > 0 ||
    Object.keys(pool.SupportedLoginProviders).length > 0 ||
    pool.OpenIdConnectProviderARNs.length > 0 ||
    pool.SamlProviderARNs.length > 0 ||
    pool.DeveloperProviderName !== undefined
  );
}

/** The configured Cognito providers a `Logins` key refers to: exact name first, else the same user pool. */
function configuredFor(pool: IdentityPool, presented: string): CognitoProvider[] {
  const exact = pool.CognitoIdentityProviders.filter(p => p.ProviderName === presented);
  if (exact.length) return exact;
  const userPoolId = USER_POOL_IN_PROVIDER.exec(presented)?.[1];
  if (!userPoolId) return [];
  return pool.CognitoIdentityProviders.filter(p => USER_POOL_IN_PROVIDER.exec(p.ProviderName)?.[1] === userPoolId);
}

function isOtherConfiguredProvider(pool: IdentityPool, presented: string): boolean {
  if (Object.hasOwn(pool.SupportedLoginProviders, presented)) return true;
  return [...pool.OpenIdConnectProviderARNs, ...pool.SamlProviderARNs].some(arn => arn === presented || arn.endsWith(`/${presented}`));
}

async function verifyOne(ctx: Services, pool: IdentityPool, presented: string, token: string): Promise<VerifiedLogin> {
  const providers = configuredFor(pool, presented);
  if (!providers.length) {
    if (isOtherConfiguredProvider(pool, presented)) {
      throw notAuthorized(`cognate-local cannot verify tokens from ${presented}: only Cognito user pool providers (CognitoIdentityProviders) are supported.`);
    }
    throw notAuthorized(UNSUPPORTED);
  }
  const userPoolId = USER_POOL_IN_PROVIDER.exec(providers[0]!.ProviderName)![1]!;

  const parsed = parseJwt(token);
  if (!parsed) throw notAuthorized(NOT_OIDC);
  const { header, payload: claims } = parsed;
  const iss = typeof claims.iss === 'string' ? claims.iss : '';
  if (!iss) throw notAuthorized(NOT_OIDC);
  const issuerHost = iss.replace(/^https?:\/\//, '');
  const keyMatchesIssuer = presented === issuerHost || isAwsProviderFor(presented, userPoolId);
  if (!iss.endsWith(`/${userPoolId}`) || !keyMatchesIssuer) throw notAuthorized("Invalid login token. Issuer doesn't match providerName");

  const keys = ctx.keys.cached(userPoolId);
  const key = keys && !checkJwtHeader(header) ? [keys.id, keys.access].find(k => k.kid === header.kid) : undefined;
  if (!key || !verifyRs256(token, key.publicKey)) throw notAuthorized("Invalid login token. Couldn't verify signed token.");
  if (key !== keys!.id || claims.token_use !== 'id' || claims.aud === undefined) throw notAuthorized(NOT_OIDC);
  const sub = typeof claims.sub === 'string' ? claims.sub : '';
  if (!sub || typeof claims.exp !== 'number') throw notAuthorized(NOT_OIDC);
  const now = ctx.clock.now();
  if (claims.exp <= now) throw notAuthorized(`Invalid login token. Token expired: ${now} >= ${claims.exp}`);

  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const provider = providers.find(p => audiences.includes(p.ClientId));
  if (!provider) throw notAuthorized(UNSUPPORTED);
  if (provider.ServerSideTokenCheck) serverSideCheck(ctx, userPoolId, claims);
  return { presented, provider: provider.ProviderName, key: `cognito-idp/${userPoolId}/${sub}`, userPoolId, clientId: provider.ClientId, sub, claims };
}

/** ServerSideTokenCheck: ask the user pool whether the user is still there and still signed in. */
function serverSideCheck(ctx: Services, userPoolId: string, claims: JWTPayload): void {
  const revoked = () => notAuthorized('Invalid login token. Token is revoked.');
  const userPool = ctx.store.get<UserPool>('pool', userPoolId);
  const username = typeof claims['cognito:username'] === 'string' ? claims['cognito:username'] : '';
  const user = userPool && username ? getUser(ctx, userPool, username) : undefined;
  if (!user || user.attributes.sub !== claims.sub) throw revoked();
  if (!user.enabled) throw notAuthorized('Invalid login token. User is disabled.');
  const originJti = typeof claims.origin_jti === 'string' ? claims.origin_jti : undefined;
  if (originJti) {
    const family = ctx.store.get<TokenFamily>('family', `${userPoolId}/${user.username}/${originJti}`);
    if (!family || family.revoked) throw revoked();
  }
  const signedOutAt = (user as UserRecord & { globalSignOutAt?: number }).globalSignOutAt;
  if (signedOutAt !== undefined && typeof claims.iat === 'number' && claims.iat < signedOutAt) throw revoked();
}

/**
 * Verifies every login in the map (an empty or absent map means "no logins"). Logins of one user
 * under two spellings of the same provider count once.
 */
export async function verifyLogins(ctx: Services, pool: IdentityPool, logins: Record<string, string> | undefined): Promise<VerifiedLogin[]> {
  const entries = Object.entries(logins ?? {});
  if (!entries.length) return [];
  if (!hasAnyProvider(pool)) throw notAuthorized(`Identity pool - ${pool.IdentityPoolId} does not have identity providers configured.`);
  const verified: VerifiedLogin[] = [];
  for (const [presented, token] of entries) {
    const login = await verifyOne(ctx, pool, presented, token);
    if (!verified.some(v => v.key === login.key)) verified.push(login);
  }
  const users = new Set(verified.map(v => v.userPoolId));
  if (users.size !== verified.length) throw notAuthorized('Logins contain different users of the same identity provider.');
  return verified;
}
