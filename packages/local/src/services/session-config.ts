/**
 * The pool's session tracking settings (SetUserPoolSessionConfiguration) and what they do at
 * sign-in: with tracking ENABLED, a user holds at most TokenSession.MaxPerUser token sessions
 * (refresh-token families); a new sign-in first revokes the oldest ones beyond that, as Cognito
 * evicts the least recently used (the family's creation stands for its last use here). Lowering the
 * limit evicts nothing by itself; the next sign-in brings the user back within it.
 *
 * Store: `poolSetting` `<poolId>/sessionConfig`.
 */
import type { Services } from '../context.js';
import type { TokenFamily } from '../model.js';

export interface PoolSessionConfig {
  UserSessionTracking: 'ENABLED' | 'DISABLED';
  TokenSession: { MaxPerUser: number };
}

export const DEFAULT_POOL_SESSION_CONFIG: PoolSessionConfig = { UserSessionTracking: 'DISABLED', TokenSession: { MaxPerUser: 20 } };
export const poolSessionConfigKey = (poolId: string): string => `${poolId}/sessionConfig`;

export function poolSessionConfig(ctx: Services, poolId: string): PoolSessionConfig {
  return ctx.store.get<PoolSessionConfig>('poolSetting', poolSessionConfigKey(poolId)) ?? DEFAULT_POOL_SESSION_CONFIG;
}

/** Before a new token session is recorded: revokes the user's oldest live ones so the new one keeps them within MaxPerUser. */
export function evictOverLimit(ctx: Services, poolId: string, username: string): void {
  const config = ctx.store.get<PoolSessionConfig>('poolSetting', poolSessionConfigKey(poolId));
  if (config?.UserSessionTracking !== 'ENABLED') return;
  const now = ctx.clock.now();
  const live = ctx.store
    .list<TokenFamily>('family', `${poolId}/${username}/`)
    .filter(f => !f.revoked && f.expiresAt > now)
    .sort((a, b) => a.createdAt - b.createdAt || (a.createdOrder ?? 0) - (b.createdOrder ?? 0) || (a.originJti < b.originJti ? -1 : 1));
  for (const family of live.slice(0, Math.max(0, live.length - (config.TokenSession.MaxPerUser - 1)))) {
    ctx.store.put('family', `${family.poolId}/${family.username}/${family.originJti}`, { ...family, revoked: true, revokedAt: now });
  }
}
