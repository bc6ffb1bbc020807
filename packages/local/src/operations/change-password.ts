/** ChangePassword: the signed-in user proves the old password and sets a new one (policy, history). */
import type { Operation } from '../context.js';
import { errors } from '../errors.js';
import { checkPasswordPolicy } from '../services/password-policy.js';
import { setNewPassword } from '../services/password-history.js';
import { recordFailure } from '../services/sign-in.js';
import { verifyAccessToken } from '../services/tokens.js';
import { getUser, passwordMatches, saveUser } from '../services/users.js';
import { notNull, optString, reqString, PASSWORD_RULE, TOKEN_RULE } from '../validate.js';

export const changePassword: Operation = async (input, ctx) => {
  const previous = optString(input, 'PreviousPassword', PASSWORD_RULE);
  const proposed = reqString(input, 'ProposedPassword', PASSWORD_RULE);
  const { pool, user } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  if (user.password) {
    const given = notNull(previous, 'PreviousPassword');
    if (user.lockedUntil !== undefined && user.lockedUntil > ctx.clock.now()) throw errors.limitExceeded();
    if (!(await passwordMatches(pool, user, given))) recordFailure(ctx, pool, getUser(ctx, pool, user.username) ?? user);
  }
  checkPasswordPolicy(proposed, pool.Policies.PasswordPolicy);
  const current = getUser(ctx, pool, user.username) ?? user;
  const before = structuredClone(current);
  await setNewPassword(ctx, pool, current, proposed);
  current.failedAttempts = 0;
  delete current.lockedUntil;
  current.updatedAt = ctx.clock.now();
  saveUser(ctx, pool, current, before);
  return {};
};
