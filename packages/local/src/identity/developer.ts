/**
 * Developer-authenticated identities: GetOpenIdTokenForDeveloperIdentity, LookupDeveloperIdentity,
 * MergeDeveloperIdentities and UnlinkDeveloperIdentity (all SigV4: the app's backend calls them),
 * with the pool's DeveloperProviderName.
 *
 * A developer user identifier is a login like any other (`key` = `developer/<identifier>`, shown as
 * the DeveloperProviderName by DescribeIdentity): it maps to one identity per pool. The OpenID
 * token GetOpenIdTokenForDeveloperIdentity returns is then presented to GetCredentialsForIdentity
 * as `Logins: { 'cognito-identity.amazonaws.com': token }` (the enhanced flow), which
 * `verifyIdentityToken` checks: our identity key's signature, this pool as `aud`, this identity as
 * `sub`, `authenticated` in `amr`, not expired.
 */
import { checkJwtHeader, parseJwt } from '@cognate/protocol';
import type { Json, Operation, OperationContext, Services } from '../context.js';
import { CognitoError, errors } from '../errors.js';
import { verifyRs256 } from '../services/jws.js';
import { verifyLogins } from './logins.js';
import type { IdentityRecord, LinkedLogin, StoredIdentityPool } from './model.js';
import { identityIssuer, identitySigningKey, signOpenIdToken } from './openid.js';
import { createIdentity, deleteIdentity, findIdentity, getIdentity, getIdentityPool, identityForLogin, saveIdentity } from './records.js';
import { DEVELOPER_PROVIDER, IDENTITY_ID, IDENTITY_POOL_ID, LOGINS, NEXT_TOKEN, optInt, optStr, optStrMap, reqStr, validationError } from './validate.js';

/** The Logins key of an OpenID token from this service. */
export const COGNITO_IDENTITY_PROVIDER = 'cognito-identity.amazonaws.com';
const USER_IDENTIFIER = { min: 1, max: 1024 };
const TAGS = { maxEntries: 50, key: { min: 1, max: 128 }, value: { min: 0, max: 256 } };
const DEFAULT_TOKEN_DURATION = 900;

const developerKey = (identifier: string) => `developer/${identifier}`;
const conflict = (message: string) => new CognitoError('ResourceConflictException', message);

function developerName(stored: StoredIdentityPool, given?: string): string {
  const name = stored.pool.DeveloperProviderName;
  if (!name) throw errors.notAuthorized(`Identity pool ${stored.pool.IdentityPoolId} has no DeveloperProviderName.`);
  if (given !== undefined && given !== name)
    throw errors.resourceNotFound(`Developer provider ${given} is not the DeveloperProviderName of identity pool ${stored.pool.IdentityPoolId}.`);
  return name;
}

function inPool(ctx: Services, poolId: string, identityId: string): IdentityRecord {
  const identity = getIdentity(ctx, identityId);
  if (identity.poolId !== poolId) throw errors.resourceNotFound(`Identity '${identityId}' not found.`);
  return identity;
}

export const getOpenIdTokenForDeveloperIdentity: Operation = async (input, ctx) => {
  const poolId = reqStr(input, 'IdentityPoolId', IDENTITY_POOL_ID);
  const identityId = optStr(input, 'IdentityId', IDENTITY_ID);
  const logins = optStrMap(input, 'Logins', LOGINS);
  if (!logins) throw validationError('logins', 'Member must not be null', 'null');
  const tags = optStrMap(input, 'PrincipalTags', TAGS);
  const duration = optInt(input, 'TokenDuration', 1, 86400) ?? DEFAULT_TOKEN_DURATION;
  const stored = getIdentityPool(ctx, poolId);
  const name = developerName(stored);
  const { [name]: identifier, ...others } = logins;
  if (identifier === undefined) throw errors.notAuthorized(`Logins must include the developer provider ${name}.`);
  if (identifier.length > USER_IDENTIFIER.max) throw validationError('logins', `Member must have length less than or equal to ${USER_IDENTIFIER.max}`);
  const verified = await verifyLogins(ctx, stored.pool, Object.keys(others).length ? others : undefined);
  const wanted: LinkedLogin[] = [{ provider: name, key: developerKey(identifier) }, ...verified.map(v => ({ provider: v.provider, key: v.key }))];
  const identity = ctx.store.transaction(() => {
    const owners = [...new Set(wanted.map(l => identityForLogin(ctx, poolId, l.key)).filter((id): id is string => id !== undefined))];
    if (owners.length > 1) throw conflict('The logins are linked to different identities.');
    const target = identityId ?? owners[0];
    if (identityId !== undefined && owners.length && owners[0] !== identityId) throw conflict(`The developer user is already linked to another identity.`);
    if (target === undefined) return createIdentity(ctx, poolId, wanted);
    const existing = inPool(ctx, poolId, target);
    if (existing.disabled) throw errors.notAuthorized(`Access to Identity '${target}' is forbidden.`);
    const missing = wanted.filter(l => !existing.logins.some(e => e.key === l.key));
    if (missing.length) {
      existing.logins.push(...missing);
      existing.updatedAt = ctx.clock.now();
      saveIdentity(ctx, existing);
    }
    return existing;
  });
  const claims: { sub: string; aud: string; amr: string[]; [claim: string]: unknown } = { sub: identity.IdentityId, aud: poolId, amr: ['authenticated', name] };
  if (tags && Object.keys(tags).length) {
    claims['https://aws.amazon.com/tags'] = { principal_tags: Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, [v]])) };
  }
  const Token = await signOpenIdToken(ctx, claims, duration);
  return { IdentityId: identity.IdentityId, Token };
};

export const lookupDeveloperIdentity: Operation = (input, ctx) => {
  const poolId = reqStr(input, 'IdentityPoolId', IDENTITY_POOL_ID);
  const identityId = optStr(input, 'IdentityId', IDENTITY_ID);
  const identifier = optStr(input, 'DeveloperUserIdentifier', USER_IDENTIFIER);
  const max = optInt(input, 'MaxResults', 1, 60) ?? 60;
  const next = optStr(input, 'NextToken', NEXT_TOKEN);
  const stored = getIdentityPool(ctx, poolId);
  developerName(stored);
  if (identityId === undefined && identifier === undefined) throw errors.invalidParameter('Either IdentityId or DeveloperUserIdentifier must be given.');
  let owner = identifier === undefined ? undefined : identityForLogin(ctx, poolId, developerKey(identifier));
  if (identifier !== undefined && owner === undefined) throw errors.resourceNotFound(`Developer user '${identifier}' not found.`);
  if (identityId !== undefined) {
    if (owner !== undefined && owner !== identityId) throw conflict(`Developer user '${identifier}' is linked to another identity.`);
    owner = identityId;
  }
  const identity = inPool(ctx, poolId, owner!);
  const all = identity.logins.filter(l => l.key.startsWith('developer/')).map(l => l.key.slice('developer/'.length));
  let start = 0;
  if (next !== undefined) {
    start = Number.parseInt(Buffer.from(next, 'base64url').toString('utf8'), 10);
    if (!Number.isInteger(start) || start < 0 || start > all.length) throw errors.invalidParameter('Invalid NextToken.');
  }
  const page = all.slice(start, start + max);
  return {
    IdentityId: identity.IdentityId,
    DeveloperUserIdentifierList: page,
    ...(start + max < all.length ? { NextToken: Buffer.from(String(start + max)).toString('base64url') } : {}),
  };
};

export const mergeDeveloperIdentities: Operation = (input, ctx) => {
  const source = reqStr(input, 'SourceUserIdentifier', USER_IDENTIFIER);
  const destination = reqStr(input, 'DestinationUserIdentifier', USER_IDENTIFIER);
  const given = reqStr(input, 'DeveloperProviderName', DEVELOPER_PROVIDER);
  const poolId = reqStr(input, 'IdentityPoolId', IDENTITY_POOL_ID);
  const stored = getIdentityPool(ctx, poolId);
  developerName(stored, given);
  return ctx.store.transaction((): Json => {
    const to = identityForLogin(ctx, poolId, developerKey(destination));
    if (to === undefined) throw errors.resourceNotFound(`Developer user '${destination}' not found.`);
    const from = identityForLogin(ctx, poolId, developerKey(source));
    if (from === undefined) throw errors.resourceNotFound(`Developer user '${source}' not found.`);
    if (from === to) return { IdentityId: to };
    const target = inPool(ctx, poolId, to);
    const merged = findIdentity(ctx, from);
    if (merged) {
      deleteIdentity(ctx, merged);
      for (const login of merged.logins) if (!target.logins.some(l => l.key === login.key)) target.logins.push(login);
    }
    target.updatedAt = ctx.clock.now();
    saveIdentity(ctx, target);
    return { IdentityId: to };
  });
};

export const unlinkDeveloperIdentity: Operation = (input, ctx) => {
  const identityId = reqStr(input, 'IdentityId', IDENTITY_ID);
  const poolId = reqStr(input, 'IdentityPoolId', IDENTITY_POOL_ID);
  const given = reqStr(input, 'DeveloperProviderName', DEVELOPER_PROVIDER);
  const identifier = reqStr(input, 'DeveloperUserIdentifier', USER_IDENTIFIER);
  const stored = getIdentityPool(ctx, poolId);
  developerName(stored, given);
  ctx.store.transaction(() => {
    const identity = inPool(ctx, poolId, identityId);
    const key = developerKey(identifier);
    if (!identity.logins.some(l => l.key === key)) throw errors.resourceNotFound(`Developer user '${identifier}' is not linked to identity '${identityId}'.`);
    ctx.store.delete('identityIndex', `login/${poolId}/${key}`);
    identity.logins = identity.logins.filter(l => l.key !== key);
    // As with UnlinkIdentity: with its last login gone, the identity can no longer be used.
    if (!identity.logins.length) identity.disabled = true;
    identity.updatedAt = ctx.clock.now();
    saveIdentity(ctx, identity);
  });
  return {};
};

/**
 * Checks an OpenID token from this service presented for `identity` (the enhanced flow after
 * GetOpenIdTokenForDeveloperIdentity), in Cognito's words when it fails.
 */
export async function verifyIdentityToken(ctx: OperationContext, identity: IdentityRecord, token: string): Promise<void> {
  const invalid = (why: string) => errors.notAuthorized(`Invalid login token. ${why}`);
  const parsed = parseJwt(token);
  if (!parsed || checkJwtHeader(parsed.header)) throw invalid('Not a valid OpenId Connect identity token.');
  const key = await identitySigningKey(ctx);
  if (parsed.header.kid !== key.kid || !verifyRs256(token, key.publicKey)) throw invalid("Couldn't verify signed token.");
  const claims = parsed.payload;
  if (claims.iss !== identityIssuer(ctx)) throw invalid("Issuer doesn't match providerName");
  const now = ctx.clock.now();
  if (typeof claims.exp !== 'number' || claims.exp <= now) throw invalid(`Token expired: ${now} >= ${String(claims.exp)}`);
  const amr = Array.isArray(claims.amr) ? claims.amr : [];
  if (claims.aud !== identity.poolId || claims.sub !== identity.IdentityId || !amr.includes('authenticated')) {
    throw errors.notAuthorized("Logins don't match. Please include at least one valid login for this identity or identity pool.");
  }
}
