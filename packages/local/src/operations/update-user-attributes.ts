/**
 * UpdateUserAttributes: the signed-in user changes attributes the app client may write, under the
 * one attribute-update rule (services/attributes.ts): another user's sign-in email is refused or
 * stays unverified, a new email or phone number becomes unverified and gets a code when the pool
 * auto-verifies it, and with AttributesRequireVerificationBeforeUpdate the old value stays until
 * VerifyUserAttribute.
 */
import type { Operation } from '../context.js';
import type { UserPoolClient } from '../model.js';
import { changeAttributes, requireWritable } from '../services/attributes.js';
import { verifyAccessToken } from '../services/tokens.js';
import { notNull, optAttributeList, optStringMap, reqString, TOKEN_RULE } from '../validate.js';
import type { UpdateUserAttributesResponse } from '@cognate/protocol/wire';

export { requireWritable, type PendingUser } from '../services/attributes.js';

export const updateUserAttributes: Operation = async (input, ctx) => {
  const list = notNull(optAttributeList(input, 'UserAttributes'), 'UserAttributes');
  optStringMap(input, 'ClientMetadata');
  const { pool, user, claims } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  const client = ctx.store.get<UserPoolClient>('client', String(claims.client_id));
  requireWritable(
    client,
    list.map(a => a.Name),
  );
  const deliveries = await changeAttributes(ctx, pool, user, list, { writer: 'user' });
  return (deliveries.length ? { CodeDeliveryDetailsList: deliveries } : {}) satisfies UpdateUserAttributesResponse;
};
