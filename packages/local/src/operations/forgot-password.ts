/**
 * ForgotPassword: sends a reset code (1 hour) to the user's verified email or phone. With
 * PreventUserExistenceErrors ENABLED an unknown or disabled user, or one with no verified email or
 * phone, gets simulated delivery details (counted against the same limits).
 */
import type { Operation, OperationContext } from '../context.js';
import type { UserPool, UserRecord } from '../model.js';
import { errors } from '../errors.js';
import { chargeCodeRequest, codeRequestUser, issueCode, simulatedCodeRequest } from '../services/codes.js';
import { hidesUsers } from '../services/existence.js';
import { recordAuthEvent } from '../services/auth-events.js';
import { saveUser } from '../services/users.js';
import { optObject, optString, optStringMap, reqString, CLIENT_ID_RULE, USERNAME_RULE } from '../validate.js';

/** How long a password reset code is good for. */
const RESET_CODE_SECONDS = 3600;

/** Where a password reset code goes: the user's verified email, else verified phone number. */
export function resetCodeDestination(user: UserRecord): 'email' | 'phone_number' | undefined {
  return (['email', 'phone_number'] as const).find(a => user.attributes[a] && user.attributes[`${a}_verified`] === 'true');
}

/** Sends a password reset code to `attribute` (ForgotPassword's, and AdminResetUserPassword's). */
export function issueResetCode(ctx: OperationContext, pool: UserPool, user: UserRecord, attribute: 'email' | 'phone_number') {
  return issueCode(
    ctx,
    pool,
    user,
    'forgotPassword',
    { attribute, value: user.attributes[attribute]! },
    { kind: 'ForgotPassword', ttlSeconds: RESET_CODE_SECONDS, text: code => `Your password reset code is ${code}.` },
  );
}

export const forgotPassword: Operation = async (input, ctx) => {
  const clientId = reqString(input, 'ClientId', CLIENT_ID_RULE);
  const login = reqString(input, 'Username', USERNAME_RULE);
  const secret = optString(input, 'SecretHash', { min: 1, max: 128 });
  optStringMap(input, 'ClientMetadata');
  optObject(input, 'UserContextData');
  optObject(input, 'AnalyticsMetadata');
  const { client, pool, user } = codeRequestUser(ctx, clientId, login, secret);
  const verified = user && resetCodeDestination(user);
  // Cognito hides a user who is unknown, disabled or has nowhere to send the code behind a simulated delivery.
  if (!user || (hidesUsers(client) && (!user.enabled || !verified))) {
    return { CodeDeliveryDetails: simulatedCodeRequest(ctx, pool, login, 'forgotPassword', RESET_CODE_SECONDS, user?.enabled ? undefined : user) };
  }
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');
  if (!verified) {
    throw errors.invalidParameter('Cannot reset password for the user as there is no registered/verified email or phone_number');
  }
  const before = structuredClone(user);
  chargeCodeRequest(ctx, user, 'forgotPassword');
  const details = await issueResetCode(ctx, pool, user, verified);
  saveUser(ctx, pool, user, before);
  recordAuthEvent(ctx, pool, user.username, { type: 'ForgotPassword', response: 'Pass' });
  return { CodeDeliveryDetails: details };
};
