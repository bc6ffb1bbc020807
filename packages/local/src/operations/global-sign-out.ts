/**
 * GlobalSignOut: revokes every refresh token of the user; access tokens issued before it stop
 * working for Cognito's APIs ("Access Token has been revoked"), those issued after it work, even
 * within the same second (services/tokens.ts signOutEverywhere).
 */
import type { Operation } from '../context.js';
import { signOutEverywhere, verifyAccessToken } from '../services/tokens.js';
import { reqString, TOKEN_RULE } from '../validate.js';

export const globalSignOut: Operation = async (input, ctx) => {
  const { pool, user } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  signOutEverywhere(ctx, pool, user.username);
  return {};
};
