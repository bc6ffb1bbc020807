/**
 * GlobalSignOut: revokes every refresh token of the user; access tokens issued before it stop
 * working for Cognito's APIs ("Access Token has been revoked").
 */
import type { Operation } from '../context.js';
import type { UserRecord } from '../model.js';
import { revokeAllForUser, verifyAccessToken } from '../services/tokens.js';
import { saveUser } from '../services/users.js';
import { reqString, TOKEN_RULE } from '../validate.js';

export const globalSignOut: Operation = async (input, ctx) => {
  const { pool, user } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  const before = structuredClone(user);
  revokeAllForUser(ctx, pool, user);
  (user as UserRecord & { globalSignOutAt?: number }).globalSignOutAt = ctx.clock.now();
  saveUser(ctx, pool, user, before);
  return {};
};
