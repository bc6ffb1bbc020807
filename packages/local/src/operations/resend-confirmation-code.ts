/** ResendConfirmationCode: a new sign-up code for an UNCONFIRMED user; the old one stops working. */
import type { Operation } from '../context.js';
import { errors } from '../errors.js';
import { chargeCodeRequest, codeRequestUser, deliveryTarget, issueCode, simulatedCodeRequest } from '../services/codes.js';
import { hidesUsers } from '../services/existence.js';
import { saveUser } from '../services/users.js';
import { optString, optStringMap, reqString, CLIENT_ID_RULE, USERNAME_RULE } from '../validate.js';
import type { ResendConfirmationCodeResponse } from '@cognate/protocol/wire';

export const resendConfirmationCode: Operation = async (input, ctx) => {
  const clientId = reqString(input, 'ClientId', CLIENT_ID_RULE);
  const login = reqString(input, 'Username', USERNAME_RULE);
  const secret = optString(input, 'SecretHash', { min: 1, max: 128 });
  optStringMap(input, 'ClientMetadata');
  const { client, pool, user } = codeRequestUser(ctx, clientId, login, secret);
  const target = user && deliveryTarget(pool, user);
  // Hidden (PreventUserExistenceErrors ENABLED): an unknown, disabled or already confirmed user, or one with nowhere to send it, gets a simulated delivery.
  if (!user || (hidesUsers(client) && (!user.enabled || user.status !== 'UNCONFIRMED' || !target))) {
    return { CodeDeliveryDetails: simulatedCodeRequest(ctx, pool, login, 'signUp', 24 * 3600, user) } satisfies ResendConfirmationCodeResponse;
  }
  if (user.status !== 'UNCONFIRMED') throw errors.invalidParameter('User is already confirmed.');
  if (!target) throw errors.invalidParameter('Auto verification not turned on.');
  const before = structuredClone(user);
  chargeCodeRequest(ctx, user, 'signUp');
  const details = await issueCode(ctx, pool, user, 'signUp', target, { kind: 'ResendCode', ttlSeconds: 24 * 3600 });
  saveUser(ctx, pool, user, before);
  return { CodeDeliveryDetails: details } satisfies ResendConfirmationCodeResponse;
};
