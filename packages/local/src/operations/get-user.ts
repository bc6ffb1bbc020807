/** GetUser: the signed-in user's attributes, for a verified access token. */
import type { Operation } from '../context.js';
import { verifyAccessToken } from '../services/tokens.js';
import { attributeList } from '../services/users.js';
import { mfaFields } from '../services/mfa.js';
import { reqString, TOKEN_RULE } from '../validate.js';
import type { GetUserResponse } from '@cognate/protocol/wire';

export const getUser: Operation = async (input, ctx) => {
  // Read-only: the pool and user records are the store's shared ones, not copies.
  const { pool, user } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE), undefined, { readOnly: true });
  return { Username: user.username, UserAttributes: attributeList(user), ...mfaFields(pool, user) } satisfies GetUserResponse;
};
