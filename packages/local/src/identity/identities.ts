/**
 * Identities: GetId, GetCredentialsForIdentity, GetOpenIdToken (the unsigned calls Amplify and the
 * SDK credential providers make), and DescribeIdentity, ListIdentities, DeleteIdentities,
 * UnlinkIdentity.
 *
 * Linking follows Cognito's enhanced flow. A login (user pool + `sub`) maps to one identity per
 * pool; GetId with it always answers that identity. An identity without logins is a guest, usable
 * without `Logins` only while the pool allows unauthenticated identities. Presenting a login for a
 * guest identity links the login to it, or, when the login already has an identity, merges the
 * guest into that one (the guest id is deleted and the response's `IdentityId` is the login's), which
 * is what Amplify expects when a guest signs in. An authenticated identity must be presented with
 * one of its own logins.
 */
import { pageOf } from '../paging.js';
import { newAccessKeyId } from '../services/ids.js';
import type { Json, Operation, OperationContext, Services } from '../context.js';
import { CognitoError, errors } from '../errors.js';
import { verifyLogins, type VerifiedLogin } from './logins.js';
import type { IdentityRecord, StoredIdentityPool } from './model.js';
import { signOpenIdToken } from './openid.js';
import { COGNITO_IDENTITY_PROVIDER, verifyIdentityToken } from './developer.js';
import { principalTagsFor } from './principal-tags.js';
import { chooseRole, invalidConfiguration, sessionToken, type SessionInfo } from './roles.js';
import { issuedSecretKey } from './issued-credentials.js';
import {
  createIdentity,
  deleteIdentity,
  describeIdentityRecord,
  findIdentity,
  getIdentity,
  getIdentityPool,
  identityForLogin,
  saveIdentity,
} from './records.js';
import {
  ACCOUNT_ID,
  ARN,
  IDENTITY_ID,
  IDENTITY_POOL_ID,
  LOGINS,
  NEXT_TOKEN,
  optBool,
  optStr,
  optStrList,
  optStrMap,
  reqInt,
  reqStr,
  validationError,
} from './validate.js';

export const CREDENTIALS_TTL_SECONDS = 3600;

const UNAUTHENTICATED = 'Unauthenticated access is not supported for this identity pool.';
const LOGINS_DONT_MATCH = "Logins don't match. Please include at least one valid login for this identity or identity pool.";
const forbidden = (identityId: string) => errors.notAuthorized(`Access to Identity '${identityId}' is forbidden.`);
const conflict = () => new CognitoError('ResourceConflictException', 'The logins are linked to different identities.');

function logins(input: Json): Record<string, string> | undefined {
  return optStrMap(input, 'Logins', LOGINS);
}

/** Links the verified logins not yet linked to `identity`; a login linked elsewhere is a conflict. */
function link(ctx: Services, identity: IdentityRecord, verified: VerifiedLogin[]): IdentityRecord {
  let changed = false;
  for (const login of verified) {
    if (identity.logins.some(l => l.key === login.key)) continue;
    const owner = identityForLogin(ctx, identity.poolId, login.key);
    if (owner !== undefined && owner !== identity.IdentityId) throw conflict();
    identity.logins.push({ provider: login.provider, key: login.key });
    changed = true;
  }
  if (changed) {
    identity.updatedAt = ctx.clock.now();
    saveIdentity(ctx, identity);
  }
  return identity;
}

/** The identities the verified logins are already linked to. */
function owners(ctx: Services, poolId: string, verified: VerifiedLogin[]): string[] {
  return [...new Set(verified.map(v => identityForLogin(ctx, poolId, v.key)).filter((id): id is string => id !== undefined))];
}

export const getId: Operation = async (input, ctx) => {
  const poolId = reqStr(input, 'IdentityPoolId', IDENTITY_POOL_ID);
  optStr(input, 'AccountId', ACCOUNT_ID);
  const presented = logins(input);
  const stored = getIdentityPool(ctx, poolId);
  const verified = await verifyLogins(ctx, stored.pool, presented);
  return ctx.store.transaction(() => {
    const { pool } = getIdentityPool(ctx, poolId);
    if (!verified.length) {
      if (!pool.AllowUnauthenticatedIdentities) throw errors.notAuthorized(UNAUTHENTICATED);
      return { IdentityId: createIdentity(ctx, poolId, []).IdentityId };
    }
    const linked = owners(ctx, poolId, verified);
    if (linked.length > 1) throw conflict();
    const existing = linked.length ? findIdentity(ctx, linked[0]!) : undefined;
    if (existing?.disabled) throw forbidden(existing.IdentityId);
    const identity = existing
      ? link(ctx, existing, verified)
      : createIdentity(
          ctx,
          poolId,
          verified.map(v => ({ provider: v.provider, key: v.key })),
        );
    return { IdentityId: identity.IdentityId };
  });
};

interface Resolved {
  stored: StoredIdentityPool;
  identity: IdentityRecord;
  verified: VerifiedLogin[];
}

/** The identity a GetCredentialsForIdentity / GetOpenIdToken call acts for, after linking or merging. */
async function resolve(ctx: OperationContext, identityId: string, presented: Record<string, string> | undefined): Promise<Resolved> {
  const first = getIdentity(ctx, identityId);
  const verified = await verifyLogins(ctx, getIdentityPool(ctx, first.poolId).pool, presented);
  return ctx.store.transaction(() => {
    const identity = getIdentity(ctx, identityId);
    const stored = getIdentityPool(ctx, identity.poolId);
    if (identity.disabled) throw forbidden(identityId);
    if (!verified.length) {
      if (identity.logins.length) throw forbidden(identityId);
      if (!stored.pool.AllowUnauthenticatedIdentities) throw errors.notAuthorized(UNAUTHENTICATED);
      return { stored, identity, verified };
    }
    if (identity.logins.length) {
      if (!verified.some(v => identity.logins.some(l => l.key === v.key))) throw errors.notAuthorized(LOGINS_DONT_MATCH);
      return { stored, identity: link(ctx, identity, verified), verified };
    }
    // A guest presenting logins: becomes authenticated, or merges into the logins' identity.
    const linked = owners(ctx, identity.poolId, verified);
    if (linked.length > 1) throw conflict();
    if (!linked.length) return { stored, identity: link(ctx, identity, verified), verified };
    const target = getIdentity(ctx, linked[0]!);
    if (target.disabled) throw forbidden(target.IdentityId);
    deleteIdentity(ctx, identity);
    return { stored, identity: link(ctx, target, verified), verified };
  });
}

/**
 * Shape-correct temporary credentials. There is no IAM or STS here: the SessionToken carries the
 * role AWS would have assumed and the session's principal tags (roles.ts), and the SecretKey can be
 * recomputed from it (issued-credentials.ts), which is how the local API Gateway verifies SigV4.
 */
function fakeCredentials(ctx: Services, session: SessionInfo): Json {
  const accessKeyId = newAccessKeyId();
  const expiration = ctx.clock.now() + CREDENTIALS_TTL_SECONDS;
  // The token also names its key id and expiry, so the local API Gateway can check a signature with them.
  const token = sessionToken({ ...session, accessKeyId, expiration });
  return {
    AccessKeyId: accessKeyId,
    SecretKey: issuedSecretKey(ctx.store, accessKeyId, token),
    SessionToken: token,
    Expiration: expiration,
  };
}

export const getCredentialsForIdentity: Operation = async (input, ctx) => {
  const identityId = reqStr(input, 'IdentityId', IDENTITY_ID);
  const presented = logins(input);
  const customRoleArn = optStr(input, 'CustomRoleArn', ARN);
  if (presented && Object.hasOwn(presented, COGNITO_IDENTITY_PROVIDER)) {
    // The enhanced flow for developer-authenticated identities: this service's own OpenID token.
    if (Object.keys(presented).length !== 1) throw errors.notAuthorized(`${COGNITO_IDENTITY_PROVIDER} cannot be combined with other logins.`);
    const identity = getIdentity(ctx, identityId);
    if (identity.disabled) throw forbidden(identityId);
    await verifyIdentityToken(ctx, identity, presented[COGNITO_IDENTITY_PROVIDER]!);
    const stored = getIdentityPool(ctx, identity.poolId);
    if (customRoleArn !== undefined) throw errors.notAuthorized('The CustomRoleArn is not one of the roles in the token (cognito:roles).');
    const roleArn = stored.roles.authenticated;
    if (!roleArn) throw invalidConfiguration();
    return { IdentityId: identity.IdentityId, Credentials: fakeCredentials(ctx, { identityId: identity.IdentityId, roleArn }) };
  }
  const { identity, stored, verified } = await resolve(ctx, identityId, presented);
  const roleArn = chooseRole(stored, verified, customRoleArn);
  const principalTags = principalTagsFor(stored, verified);
  return {
    IdentityId: identity.IdentityId,
    Credentials: fakeCredentials(ctx, { identityId: identity.IdentityId, roleArn, ...(principalTags ? { principalTags } : {}) }),
  };
};

export const getOpenIdToken: Operation = async (input, ctx) => {
  const identityId = reqStr(input, 'IdentityId', IDENTITY_ID);
  const presented = logins(input);
  const { identity, verified } = await resolve(ctx, identityId, presented);
  const amr = verified.length ? ['authenticated', ...verified.flatMap(v => [v.presented, `${v.presented}:CognitoSignIn:${v.sub}`])] : ['unauthenticated'];
  const Token = await signOpenIdToken(ctx, { sub: identity.IdentityId, aud: identity.poolId, amr });
  return { IdentityId: identity.IdentityId, Token };
};

export const describeIdentity: Operation = (input, ctx) => describeIdentityRecord(getIdentity(ctx, reqStr(input, 'IdentityId', IDENTITY_ID)));

export const listIdentities: Operation = (input, ctx) => {
  const poolId = reqStr(input, 'IdentityPoolId', IDENTITY_POOL_ID);
  const max = reqInt(input, 'MaxResults', 1, 60);
  const next = optStr(input, 'NextToken', NEXT_TOKEN);
  const hideDisabled = optBool(input, 'HideDisabled') ?? false;
  getIdentityPool(ctx, poolId);
  let all = ctx.store.list<IdentityRecord>('identity', `${poolId}/`);
  if (hideDisabled) all = all.filter(i => !i.disabled);
  const page = pageOf(all, i => i.IdentityId, { limit: max, ...(next !== undefined ? { token: next } : {}) }, `ListIdentities/${poolId}`);
  return {
    IdentityPoolId: poolId,
    Identities: page.items.map(describeIdentityRecord),
    ...(page.next ? { NextToken: page.next } : {}),
  };
};

export const deleteIdentities: Operation = (input, ctx) => {
  const ids = optStrList(input, 'IdentityIdsToDelete', IDENTITY_ID, 60, 1);
  if (!ids) throw validationError('identityIdsToDelete', 'Member must not be null', 'null');
  ctx.store.transaction(() => {
    for (const id of ids) {
      const identity = findIdentity(ctx, id);
      if (identity) deleteIdentity(ctx, identity);
    }
  });
  return { UnprocessedIdentityIds: [] };
};

/**
 * UnlinkIdentity: removes the named providers' logins from an identity, given one of its valid
 * logins. With its last login gone, the identity can no longer be used (Cognito's words: it becomes
 * inaccessible), and the unlinked login gets a new identity next time.
 */
export const unlinkIdentity: Operation = async (input, ctx) => {
  const identityId = reqStr(input, 'IdentityId', IDENTITY_ID);
  const presented = logins(input);
  if (!presented) throw validationError('logins', 'Member must not be null', 'null');
  const toRemove = optStrList(input, 'LoginsToRemove', { min: 1, max: 128 });
  if (!toRemove) throw validationError('loginsToRemove', 'Member must not be null', 'null');
  const first = getIdentity(ctx, identityId);
  const verified = await verifyLogins(ctx, getIdentityPool(ctx, first.poolId).pool, presented);
  ctx.store.transaction(() => {
    const identity = getIdentity(ctx, identityId);
    if (identity.disabled) throw forbidden(identityId);
    if (!verified.length || !verified.some(v => identity.logins.some(l => l.key === v.key))) throw errors.notAuthorized(LOGINS_DONT_MATCH);
    const removed = identity.logins.filter(l => toRemove.includes(l.provider) || verified.some(v => v.key === l.key && toRemove.includes(v.presented)));
    if (!removed.length) return;
    for (const login of removed) ctx.store.delete('identityIndex', `login/${identity.poolId}/${login.key}`);
    identity.logins = identity.logins.filter(l => !removed.includes(l));
    if (!identity.logins.length) identity.disabled = true;
    identity.updatedAt = ctx.clock.now();
    saveIdentity(ctx, identity);
  });
  return {};
};
