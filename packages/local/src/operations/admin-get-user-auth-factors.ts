/**
 * AdminGetUserAuthFactors: GetUserAuthFactors for an administrator, by user pool and username:
 * the user's MFA settings as AdminGetUser shows them and the first factors USER_AUTH would offer
 * them now (PASSWORD, EMAIL_OTP, SMS_OTP, WEB_AUTHN), from the rule the sign-in uses.
 */
import type { Operation } from '../context.js';
import { availableChallenges } from '../challenges/user-auth.js';
import { mfaFields } from '../services/mfa.js';
import { getPool } from '../services/pools.js';
import { requireUser } from '../services/users.js';
import { reqString, POOL_ID_RULE, USERNAME_RULE } from '../validate.js';

export const adminGetUserAuthFactors: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const user = requireUser(ctx, pool, reqString(input, 'Username', USERNAME_RULE));
  const { PreferredMfaSetting, UserMFASettingList } = mfaFields(pool, user);
  return {
    Username: user.username,
    ...(PreferredMfaSetting !== undefined ? { PreferredMfaSetting } : {}),
    ...(UserMFASettingList !== undefined ? { UserMFASettingList } : {}),
    ConfiguredUserAuthFactors: availableChallenges(ctx, pool, user).filter(f => f !== 'PASSWORD_SRP'),
  };
};
