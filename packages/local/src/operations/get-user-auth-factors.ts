/**
 * GetUserAuthFactors: for a signed-in user (access token), their MFA settings as GetUser shows them
 * and the first factors USER_AUTH would offer them now (`ConfiguredUserAuthFactors`: PASSWORD,
 * EMAIL_OTP, SMS_OTP, WEB_AUTHN), from the same rule the sign-in uses (challenges/user-auth.ts).
 */
import type { Json, Operation, OperationContext } from '../context.js';
import type { UserPool, UserRecord } from '../model.js';
import { availableChallenges } from '../challenges/user-auth.js';
import { mfaFields } from '../services/mfa.js';
import { verifyAccessToken } from '../services/tokens.js';
import { reqString, TOKEN_RULE } from '../validate.js';

export const getUserAuthFactors: Operation = async (input, ctx) => {
  const { pool, user } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  return userAuthFactors(ctx, pool, user);
};

/** The answer of GetUserAuthFactors and AdminGetUserAuthFactors for `user`. */
export function userAuthFactors(ctx: OperationContext, pool: UserPool, user: UserRecord): Json {
  const { PreferredMfaSetting, UserMFASettingList } = mfaFields(pool, user);
  return {
    Username: user.username,
    ...(PreferredMfaSetting !== undefined ? { PreferredMfaSetting } : {}),
    ...(UserMFASettingList !== undefined ? { UserMFASettingList } : {}),
    ConfiguredUserAuthFactors: availableChallenges(ctx, pool, user).filter(f => f !== 'PASSWORD_SRP'),
  };
}
