/** GetTokensFromRefreshToken: the refresh call (supports refresh-token rotation). */
import { invalidResponse, userPoolOperation } from '../transport.js';
import { isObject } from '../wire-types.js';
import type { GetTokensFromRefreshTokenResponse } from '@cognate/protocol/wire';

export const getTokensFromRefreshToken = userPoolOperation('GetTokensFromRefreshToken', body => {
  const result = body.AuthenticationResult;
  if (!isObject(result) || typeof result.AccessToken !== 'string') {
    throw invalidResponse('GetTokensFromRefreshToken', 'AccessToken');
  }
  return { AuthenticationResult: result as unknown as GetTokensFromRefreshTokenResponse['AuthenticationResult'] };
});
