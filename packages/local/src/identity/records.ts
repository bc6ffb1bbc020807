/** Reading and writing identity pools and identities, with their indexes kept in step. */
import { randomUUID } from 'node:crypto';
import type { Services } from '../context.js';
import { errors } from '../errors.js';
import type { IdentityRecord, LinkedLogin, StoredIdentityPool } from './model.js';
import type { Store } from '../storage/store.js';

export const newIdentityUuid = (region: string): string => `${region}:${randomUUID()}`;

export function findIdentityPool(ctx: Services, id: string): StoredIdentityPool | undefined {
  return ctx.store.get<StoredIdentityPool>('identityPool', id);
}

export function getIdentityPool(ctx: Services, id: string): StoredIdentityPool {
  const stored = findIdentityPool(ctx, id);
  if (!stored) throw errors.resourceNotFound(`IdentityPool '${id}' not found.`);
  return stored;
}

export function findIdentity(ctx: Services, identityId: string): IdentityRecord | undefined {
  const poolId = ctx.store.get<string>('identityIndex', `id/${identityId}`);
  if (poolId === undefined) return undefined;
  return ctx.store.get<IdentityRecord>('identity', `${poolId}/${identityId}`);
}

export function getIdentity(ctx: Services, identityId: string): IdentityRecord {
  const identity = findIdentity(ctx, identityId);
  if (!identity) throw errors.resourceNotFound(`Identity '${identityId}' not found.`);
  return identity;
}

/** The identity a login is linked to in a pool, if any. */
export function identityForLogin(ctx: Services, poolId: string, loginKey: string): string | undefined {
  return ctx.store.get<string>('identityIndex', `login/${poolId}/${loginKey}`);
}

export function saveIdentity(ctx: Services, identity: IdentityRecord): void {
  ctx.store.transaction(() => {
    ctx.store.put('identity', `${identity.poolId}/${identity.IdentityId}`, identity);
    ctx.store.put('identityIndex', `id/${identity.IdentityId}`, identity.poolId);
    for (const login of identity.logins) ctx.store.put('identityIndex', `login/${identity.poolId}/${login.key}`, identity.IdentityId);
  });
}

export function createIdentity(ctx: Services, poolId: string, logins: LinkedLogin[]): IdentityRecord {
  const now = ctx.clock.now();
  const identity: IdentityRecord = { IdentityId: newIdentityUuid(ctx.region), poolId, logins, createdAt: now, updatedAt: now };
  saveIdentity(ctx, identity);
  // A guest needs no credentials (GetId without Logins): a pool keeps at most the cap of those this
  // process made, the oldest going first unless a login was linked to it since.
  if (!logins.length) {
    const key = `${poolId}/${identity.IdentityId}`;
    ctx.bounds.add(ctx.store, `guest:${poolId}`, 'identity', key, ctx.bounds.limits.guestIdentitiesPerPool, evictGuest);
  }
  return identity;
}

/** A guest identity pushed out by the cap: deleted unless it has logins now (it is no guest then). */
function evictGuest(store: Store, key: string): void {
  const identity = store.get<IdentityRecord>('identity', key);
  if (!identity || identity.logins.length) return;
  store.delete('identityIndex', `id/${identity.IdentityId}`);
  store.delete('identity', key);
}

export function deleteIdentity(ctx: Services, identity: IdentityRecord): void {
  ctx.store.transaction(() => {
    for (const login of identity.logins) {
      const key = `login/${identity.poolId}/${login.key}`;
      if (ctx.store.get<string>('identityIndex', key) === identity.IdentityId) ctx.store.delete('identityIndex', key);
    }
    ctx.store.delete('identityIndex', `id/${identity.IdentityId}`);
    ctx.store.delete('identity', `${identity.poolId}/${identity.IdentityId}`);
  });
  ctx.bounds.remove('identity', `${identity.poolId}/${identity.IdentityId}`);
}

export function deleteIdentityPoolAndIdentities(ctx: Services, poolId: string): void {
  ctx.store.transaction(() => {
    for (const identity of ctx.store.list<IdentityRecord>('identity', `${poolId}/`)) ctx.store.delete('identityIndex', `id/${identity.IdentityId}`);
    ctx.store.deletePrefix('identity', `${poolId}/`);
    ctx.store.deletePrefix('identityIndex', `login/${poolId}/`);
    ctx.store.delete('identityPool', poolId);
  });
  ctx.bounds.forgetScopes(`:${poolId}`);
}

/** DescribeIdentity's shape. */
export function describeIdentityRecord(identity: IdentityRecord): Record<string, unknown> {
  const providers = [...new Set(identity.logins.map(l => l.provider))];
  return {
    IdentityId: identity.IdentityId,
    ...(providers.length ? { Logins: providers } : {}),
    CreationDate: identity.createdAt,
    LastModifiedDate: identity.updatedAt,
  };
}
