/**
 * Setting a new password: the pool's PasswordHistorySize forbids reusing the last N passwords
 * (checked against the kept verifiers, each with its own salt).
 */
import { computeSrpVerifier } from './srp.js';
import type { Services } from '../context.js';
import { errors } from '../errors.js';
import type { UserPool, UserRecord } from '../model.js';
import { makePassword, poolName } from './users.js';

export async function setNewPassword(ctx: Services, pool: UserPool, user: UserRecord, password: string): Promise<void> {
  const size = pool.Policies.PasswordPolicy.PasswordHistorySize ?? 0;
  const previous = [user.password, ...(user.passwordHistory ?? []).map(h => JSON.parse(h) as UserRecord['password'])]
    .filter((p): p is NonNullable<UserRecord['password']> => p !== undefined)
    .slice(0, size);
  for (const old of previous) {
    const candidate = await computeSrpVerifier({ poolName: poolName(pool), userId: user.username, password, salt: old.salt });
    if (candidate === old.verifier) throw errors.passwordHistory('The password has been used previously.');
  }
  if (user.password && size > 0) {
    const { temporaryExpiresAt: _t, ...kept } = user.password;
    user.passwordHistory = [JSON.stringify(kept), ...(user.passwordHistory ?? [])].slice(0, size);
  }
  user.password = await makePassword(pool, user.username, password, ctx.clock.now());
}
