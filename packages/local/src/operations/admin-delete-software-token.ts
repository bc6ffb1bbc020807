/**
 * AdminDeleteSoftwareToken: removes a user's TOTP factor (a lost authenticator). The user can no
 * longer answer SOFTWARE_TOKEN_MFA, TOTP leaves their MFA settings (and preference), and they can
 * associate a new one with AssociateSoftwareToken; where the pool requires MFA and TOTP was their
 * only factor, the next sign-in asks for MFA_SETUP. A user without a TOTP factor is left as is.
 */
import type { Operation } from '../context.js';
import { getPool } from '../services/pools.js';
import { requireUser, saveUser } from '../services/users.js';
import { reqString, POOL_ID_RULE, USERNAME_RULE } from '../validate.js';

export const adminDeleteSoftwareToken: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const login = reqString(input, 'Username', USERNAME_RULE);
  ctx.store.transaction(() => {
    const user = requireUser(ctx, pool, login);
    if (!user.totp && !user.totpPending && !user.mfa?.TOTP) return;
    const before = structuredClone(user);
    delete user.totp;
    delete user.totpPending;
    if (user.mfa?.TOTP) delete user.mfa.TOTP;
    user.updatedAt = ctx.clock.now();
    saveUser(ctx, pool, user, before);
  });
  return {};
};
