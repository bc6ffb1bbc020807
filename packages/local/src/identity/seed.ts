/**
 * Seeding identity pools from the `--config` file (`identityPools`). The common case needs only a
 * name: without `CognitoIdentityProviders`, every app client of the seeded user pools (or of the
 * user pools named in `userPools`) becomes a provider. Seeding is idempotent: a pool with the same
 * `IdentityPoolId` (or, without one, the same name) is kept as it is.
 */
import type { Json, OperationContext } from '../context.js';
import { CognitoError } from '../errors.js';
import type { UserPoolClient } from '../model.js';
import type { StoredIdentityPool } from './model.js';
import { createIdentityPoolRecord, setIdentityPoolRoles } from './pools.js';

export interface SeedIdentityPool extends Json {
  /** A fixed id (`<region>:<uuid>`) keeps amplify_outputs.json stable; generated when absent. */
  IdentityPoolId?: string;
  IdentityPoolName: string;
  /** Guest access; false when absent. */
  AllowUnauthenticatedIdentities?: boolean;
  /** As in CreateIdentityPool. When absent, the clients of `userPools` are linked. */
  CognitoIdentityProviders?: Array<{ ProviderName: string; ClientId: string; ServerSideTokenCheck?: boolean }>;
  /** Which seeded user pools to link when `CognitoIdentityProviders` is absent: 'all' (default) or pool ids. */
  userPools?: 'all' | string[];
  /** As in SetIdentityPoolRoles: `{ authenticated?: arn, unauthenticated?: arn }`. */
  Roles?: Record<string, string>;
  /** As in SetIdentityPoolRoles: rules or token mappings keyed by provider. */
  RoleMappings?: Json;
}

/** Cognito's provider name for a user pool: `cognito-idp.<region>.amazonaws.com/<poolId>`. */
export function cognitoProviderName(userPoolId: string): string {
  return `cognito-idp.${userPoolId.split('_')[0]}.amazonaws.com/${userPoolId}`;
}

export async function seedIdentityPools(ctx: OperationContext, entries: SeedIdentityPool[], seededUserPoolIds: string[]): Promise<void> {
  for (const [i, entry] of entries.entries()) {
    const { IdentityPoolId, userPools = 'all', Roles, RoleMappings, ...input } = entry;
    try {
      const existing = IdentityPoolId
        ? ctx.store.get<StoredIdentityPool>('identityPool', IdentityPoolId)
        : ctx.store.list<StoredIdentityPool>('identityPool', '').find(p => p.pool.IdentityPoolName === input.IdentityPoolName);
      if (existing) continue;
      if (IdentityPoolId !== undefined && (typeof IdentityPoolId !== 'string' || !/^[\w-]+:[0-9a-f-]+$/.test(IdentityPoolId))) {
        throw new CognitoError('ValidationException', `IdentityPoolId must look like <region>:<uuid>, got ${JSON.stringify(IdentityPoolId)}`);
      }
      if (input.CognitoIdentityProviders === undefined) {
        const linked = userPools === 'all' ? seededUserPoolIds : userPools;
        const clients = ctx.store.list<UserPoolClient>('client', '').filter(c => linked.includes(c.UserPoolId));
        input.CognitoIdentityProviders = clients.map(c => ({
          ProviderName: cognitoProviderName(c.UserPoolId),
          ClientId: c.ClientId,
          ServerSideTokenCheck: false,
        }));
      }
      const created = createIdentityPoolRecord(ctx, { AllowUnauthenticatedIdentities: false, ...input }, IdentityPoolId);
      if (Roles || RoleMappings)
        await setIdentityPoolRoles({ IdentityPoolId: created.pool.IdentityPoolId, Roles: Roles ?? {}, ...(RoleMappings ? { RoleMappings } : {}) }, ctx);
    } catch (error) {
      const detail = error instanceof CognitoError ? `${error.type}: ${error.message}` : String(error);
      throw new Error(`config identityPools[${i}]: ${detail}`);
    }
  }
}
