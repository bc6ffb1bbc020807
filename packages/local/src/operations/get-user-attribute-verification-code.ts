/** GetUserAttributeVerificationCode: sends a new code for the user's email or phone number. */
import type { Operation } from '../context.js';
import { errors } from '../errors.js';
import { chargeCodeRequest, issueCode } from '../services/codes.js';
import { verifyAccessToken } from '../services/tokens.js';
import { saveUser } from '../services/users.js';
import { optStringMap, reqString, TOKEN_RULE } from '../validate.js';
import type { PendingUser } from './update-user-attributes.js';
import type { GetUserAttributeVerificationCodeResponse } from '@cognate/protocol/wire';

export const getUserAttributeVerificationCode: Operation = async (input, ctx) => {
  const name = reqString(input, 'AttributeName', { min: 1, max: 32 });
  optStringMap(input, 'ClientMetadata');
  const { pool, user } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  if (name !== 'email' && name !== 'phone_number') throw errors.invalidParameter(`Invalid attribute name: ${name}`);
  const next = user as PendingUser;
  const value = next.pendingAttributes?.[name] ?? next.attributes[name];
  if (!value) throw errors.invalidParameter(`The user does not have the ${name} attribute.`);
  const before = structuredClone(next);
  chargeCodeRequest(ctx, next, `verify:${name}`);
  const details = await issueCode(ctx, pool, next, `verify:${name}`, { attribute: name, value }, { kind: 'VerifyUserAttribute', ttlSeconds: 24 * 3600 });
  saveUser(ctx, pool, next, before);
  return { CodeDeliveryDetails: details } satisfies GetUserAttributeVerificationCodeResponse;
};
