/**
 * ChangePassword: the signed-in user proves the old password and sets a new one (policy, history).
 * Proof and change are one step per user (withUserLock): of parallel changes from the same old
 * password one succeeds, and the others find the old password no longer valid.
 */
import type { Operation } from '../context.js';
import { errors } from '../errors.js';
import { checkPasswordPolicy } from '../services/password-policy.js';
import { setNewPassword } from '../services/password-history.js';
import { checkPasswordHeld } from '../services/sign-in.js';
import { verifyAccessToken } from '../services/tokens.js';
import { withUserLock } from '../services/user-lock.js';
import { getUser, passwordMatches, savePasswordChange } from '../services/users.js';
import { notNull, optString, reqString, PASSWORD_RULE, TOKEN_RULE } from '../validate.js';

export const changePassword: Operation = async (input, ctx) => {
  const previous = optString(input, 'PreviousPassword', PASSWORD_RULE);
  const proposed = reqString(input, 'ProposedPassword', PASSWORD_RULE);
  const { pool, user } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  return withUserLock(ctx, pool, user.username, async () => {
    const stored = getUser(ctx, pool, user.username);
    if (!stored) throw errors.notAuthorized('Access Token has been revoked');
    if (stored.password) {
      const given = notNull(previous, 'PreviousPassword');
      await checkPasswordHeld(ctx, pool, stored.username, current => passwordMatches(pool, current, given), { locked: () => errors.limitExceeded() });
    }
    checkPasswordPolicy(proposed, pool.Policies.PasswordPolicy);
    const current = getUser(ctx, pool, user.username) ?? stored;
    const before = structuredClone(current);
    await setNewPassword(ctx, pool, current, proposed);
    // Across processes on one --data folder the lock above is this process's only: the password
    // proved must still be the stored one when the new one is written (checked in the write).
    savePasswordChange(ctx, pool, current, before, { password: stored.password, error: () => errors.notAuthorized('Incorrect username or password.') });
    return {};
  });
};
