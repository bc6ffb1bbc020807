/**
 * GetTokensFromRefreshToken: new ID and access tokens for a live refresh token. With the client's
 * RefreshTokenRotation ENABLED it also returns a new refresh token, and the old one keeps working
 * only for RetryGracePeriodSeconds; presenting it later is RefreshTokenReuseException.
 */
import type { Operation } from '../context.js';
import { errors } from '../errors.js';
import { getClient } from '../services/pools.js';
import { issueTokens, markRotated, resolveRefreshToken, reusedAfterRotation } from '../services/tokens.js';
import { getUser } from '../services/users.js';
import { optString, optStringMap, reqString, CLIENT_ID_RULE, TOKEN_RULE } from '../validate.js';

export const getTokensFromRefreshToken: Operation = async (input, ctx) => {
  const token = reqString(input, 'RefreshToken', TOKEN_RULE);
  const clientId = reqString(input, 'ClientId', CLIENT_ID_RULE);
  const clientSecret = optString(input, 'ClientSecret', { min: 1, max: 64 });
  optString(input, 'DeviceKey', { min: 1, max: 55 });
  optStringMap(input, 'ClientMetadata');
  const client = getClient(ctx, clientId);
  if (client.ClientSecret && clientSecret !== client.ClientSecret) throw errors.notAuthorized(`Unable to verify secret for client ${clientId}`);
  const { record, hash, family, pool } = resolveRefreshToken(ctx, token, clientId);
  const rotating = client.RefreshTokenRotation?.Feature === 'ENABLED';
  if (reusedAfterRotation(ctx, record)) {
    throw errors.refreshTokenReuse('Refresh token has already been used.');
  }
  const user = getUser(ctx, pool, family.username);
  if (!user) throw errors.notAuthorized('Refresh Token has been revoked');
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');
  const result = await issueTokens(ctx, { pool, client, user, family, withRefreshToken: rotating, source: 'TokenGeneration_RefreshTokens' });
  if (rotating && record.rotatedAt === undefined) markRotated(ctx, hash, record, client.RefreshTokenRotation?.RetryGracePeriodSeconds ?? 0);
  return { AuthenticationResult: result };
};
