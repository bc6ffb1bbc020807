/**
 * AdminGetUserAuthFactors: GetUserAuthFactors for an administrator, by user pool and username:
 * the user's MFA settings as AdminGetUser shows them and the first factors USER_AUTH would offer
 * them now (PASSWORD, EMAIL_OTP, SMS_OTP, WEB_AUTHN), from the rule the sign-in uses.
 */
import type { Operation } from '../context.js';
import { getPool } from '../services/pools.js';
import { requireUser } from '../services/users.js';
import { reqString, POOL_ID_RULE, USERNAME_RULE } from '../validate.js';
import { userAuthFactors } from './get-user-auth-factors.js';

export const adminGetUserAuthFactors: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const user = requireUser(ctx, pool, reqString(input, 'Username', USERNAME_RULE));
  return userAuthFactors(ctx, pool, user);
};
