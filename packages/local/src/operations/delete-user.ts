/** DeleteUser: the signed-in user deletes their own account; its tokens stop working at once. */
import type { Operation } from '../context.js';
import { verifyAccessToken } from '../services/tokens.js';
import { removeUser } from '../services/users.js';
import { reqString, TOKEN_RULE } from '../validate.js';

export const deleteUser: Operation = async (input, ctx) => {
  const { pool, user } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  removeUser(ctx, pool, user);
  return {};
};
