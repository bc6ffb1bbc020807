/**
 * AdminResetUserPassword: the user must reset their password (status RESET_REQUIRED; sign-in
 * answers PasswordResetRequiredException) and a reset code goes to a verified email or phone.
 */
import type { Operation } from '../context.js';
import { errors } from '../errors.js';
import { getPool } from '../services/pools.js';
import { requireUser, saveUser } from '../services/users.js';
import { optStringMap, reqString, POOL_ID_RULE, USERNAME_RULE } from '../validate.js';
import { issueResetCode, resetCodeDestination } from './forgot-password.js';

export const adminResetUserPassword: Operation = async (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const user = requireUser(ctx, pool, reqString(input, 'Username', USERNAME_RULE));
  optStringMap(input, 'ClientMetadata');
  if (user.status === 'UNCONFIRMED' || user.status === 'FORCE_CHANGE_PASSWORD') {
    throw errors.notAuthorized(`User password cannot be reset in the current state.`);
  }
  const before = structuredClone(user);
  const verified = resetCodeDestination(user);
  if (verified) await issueResetCode(ctx, pool, user, verified);
  user.status = 'RESET_REQUIRED';
  user.updatedAt = ctx.clock.now();
  saveUser(ctx, pool, user, before);
  return {};
};
