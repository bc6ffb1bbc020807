/**
 * SetUserSettings and AdminSetUserSettings: the legacy `MFAOptions`, which can only turn SMS MFA on
 * (`[{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]`) or off (`[]`), as Cognito documents.
 * They change the same MFA state as SetUserMFAPreference; GetUser / AdminGetUser show `MFAOptions`
 * while SMS MFA set this way is on (services/mfa.ts).
 */
import type { Json, OperationContext, Operation } from '../context.js';
import { errors } from '../errors.js';
import type { UserPool, UserRecord } from '../model.js';
import { getPool } from '../services/pools.js';
import { verifyAccessToken } from '../services/tokens.js';
import { requireUser, saveUser } from '../services/users.js';
import { notNull, optArray, optString, reqString, POOL_ID_RULE, TOKEN_RULE, USERNAME_RULE } from '../validate.js';

function readOptions(input: Json): Array<{ DeliveryMedium?: string; AttributeName?: string }> {
  const list = notNull(optArray(input, 'MFAOptions'), 'MFAOptions');
  return list.map(raw => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw errors.invalidParameter('MFAOptions must be a list of MFAOptionType.');
    const item = raw as Json;
    const medium = optString(item, 'DeliveryMedium', { values: ['SMS', 'EMAIL'] });
    const attribute = optString(item, 'AttributeName', { min: 1, max: 32 });
    return { ...(medium ? { DeliveryMedium: medium } : {}), ...(attribute ? { AttributeName: attribute } : {}) };
  });
}

function apply(ctx: OperationContext, pool: UserPool, user: UserRecord, options: Array<{ DeliveryMedium?: string; AttributeName?: string }>): void {
  for (const o of options) {
    if (o.DeliveryMedium !== 'SMS' || o.AttributeName !== 'phone_number') {
      throw errors.invalidParameter('Only SMS MFA with the phone_number attribute can be set through MFAOptions; use SetUserMFAPreference for other factors.');
    }
  }
  const on = options.length > 0;
  if (on && !user.attributes.phone_number) throw errors.invalidParameter('User does not have delivery config set to turn on SMS_MFA');
  const before = structuredClone(user);
  const sms = user.mfa?.SMS ?? { enabled: false, preferred: false };
  user.mfa = { ...user.mfa, SMS: on ? { ...sms, enabled: true } : { enabled: false, preferred: false } };
  if (on) user.legacySmsMfa = true;
  else delete user.legacySmsMfa;
  user.updatedAt = ctx.clock.now();
  saveUser(ctx, pool, user, before);
}

export const setUserSettings: Operation = async (input, ctx) => {
  const token = reqString(input, 'AccessToken', TOKEN_RULE);
  const options = readOptions(input);
  const { pool, user } = await verifyAccessToken(ctx, token);
  apply(ctx, pool, user, options);
  return {};
};

export const adminSetUserSettings: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const username = reqString(input, 'Username', USERNAME_RULE);
  const options = readOptions(input);
  apply(ctx, pool, requireUser(ctx, pool, username), options);
  return {};
};
