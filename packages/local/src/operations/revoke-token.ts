/**
 * RevokeToken: ends a refresh token's family, so the refresh token and every access token from the
 * same sign-in (same origin_jti) stop working. Unknown tokens are accepted silently (RFC 7009).
 */
import type { Operation } from '../context.js';
import { errors } from '../errors.js';
import type { RefreshTokenRecord, TokenFamily } from '../model.js';
import { clientSecretMatches, getClient } from '../services/pools.js';
import { hashToken, revokeFamily } from '../services/tokens.js';
import { optString, reqString, CLIENT_ID_RULE, TOKEN_RULE } from '../validate.js';

export const revokeToken: Operation = (input, ctx) => {
  const token = reqString(input, 'Token', TOKEN_RULE);
  const clientId = reqString(input, 'ClientId', CLIENT_ID_RULE);
  const clientSecret = optString(input, 'ClientSecret', { min: 1, max: 64 });
  const client = getClient(ctx, clientId);
  if (client.ClientSecret && !clientSecretMatches(client, clientSecret)) throw errors.unauthorized('Invalid client or secret.');
  if (!client.EnableTokenRevocation) throw errors.unsupportedOperation('Token revocation is not enabled for this app client.');
  if (token.split('.').length === 3) throw errors.unsupportedTokenType('Only refresh tokens can be revoked.');
  const record = ctx.store.get<RefreshTokenRecord>('refresh', hashToken(token));
  if (!record) return {};
  const family = ctx.store.get<TokenFamily>('family', record.family);
  if (!family) return {};
  if (family.clientId !== clientId) throw errors.unauthorized('Invalid client or secret.');
  revokeFamily(ctx, family);
  return {};
};
