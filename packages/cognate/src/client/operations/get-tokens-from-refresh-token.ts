/** GetTokensFromRefreshToken: the refresh call (supports refresh-token rotation). */
import { userPoolOperation } from '../transport.js';

export const getTokensFromRefreshToken = userPoolOperation('GetTokensFromRefreshToken');
