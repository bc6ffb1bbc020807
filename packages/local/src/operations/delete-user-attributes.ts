/** DeleteUserAttributes: removes optional, mutable attributes of the signed-in user. */
import type { Operation } from '../context.js';
import type { UserPoolClient } from '../model.js';
import { verifyAccessToken } from '../services/tokens.js';
import { deleteAttributes } from '../services/users.js';
import { notNull, optStringList, reqString, TOKEN_RULE } from '../validate.js';
import { requireWritable } from './update-user-attributes.js';

export const deleteUserAttributes: Operation = async (input, ctx) => {
  const names = notNull(optStringList(input, 'UserAttributeNames'), 'UserAttributeNames');
  const { pool, user, claims } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  requireWritable(ctx.store.get<UserPoolClient>('client', String(claims.client_id)), names);
  deleteAttributes(ctx, pool, user, names);
  return {};
};
