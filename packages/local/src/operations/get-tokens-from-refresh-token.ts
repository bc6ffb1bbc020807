/**
 * GetTokensFromRefreshToken: new ID and access tokens for a live refresh token. With the client's
 * RefreshTokenRotation ENABLED it also returns a new refresh token, and the old one keeps working
 * only for RetryGracePeriodSeconds; presenting it later is RefreshTokenReuseException. The steps are
 * services/refresh.ts's, shared with the OAuth refresh_token grant; the wording of refusals is ours.
 */
import type { Operation } from '../context.js';
import { errors } from '../errors.js';
import { clientSecretMatches, getClient } from '../services/pools.js';
import { refreshFamily, type RefreshRefusal } from '../services/refresh.js';
import { optString, optStringMap, reqString, CLIENT_ID_RULE, TOKEN_RULE } from '../validate.js';
import type { GetTokensFromRefreshTokenResponse } from '@cognate/protocol/wire';

/** Cognito's wording for each refusal; the token's own errors come from resolveRefreshToken. */
function refusalError(refusal: RefreshRefusal): unknown {
  switch (refusal.reason) {
    case 'token':
      return refusal.error;
    case 'reused':
      return errors.refreshTokenReuse('Refresh token has already been used.');
    case 'userGone':
      return errors.notAuthorized('Refresh Token has been revoked');
    case 'userDisabled':
      return errors.notAuthorized('User is disabled.');
  }
}

export const getTokensFromRefreshToken: Operation = async (input, ctx) => {
  const token = reqString(input, 'RefreshToken', TOKEN_RULE);
  const clientId = reqString(input, 'ClientId', CLIENT_ID_RULE);
  const clientSecret = optString(input, 'ClientSecret', { min: 1, max: 64 });
  optString(input, 'DeviceKey', { min: 1, max: 55 });
  optStringMap(input, 'ClientMetadata');
  const client = getClient(ctx, clientId);
  if (client.ClientSecret && !clientSecretMatches(client, clientSecret)) throw errors.notAuthorized(`Unable to verify secret for client ${clientId}`);
  const refreshed = await refreshFamily(ctx, { token, client });
  if (!refreshed.ok) throw refusalError(refreshed.refusal);
  return { AuthenticationResult: refreshed.tokens } satisfies GetTokensFromRefreshTokenResponse;
};
