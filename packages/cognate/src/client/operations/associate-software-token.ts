/**
 * AssociateSoftwareToken: a new TOTP secret for the user (access token), or inside sign-in (MFA_SETUP
 * Session). Only `SecretCode` is checked; `Session` goes back to Cognito as it came.
 */
import { invalidResponse, userPoolOperation } from '../transport.js';
import type { AssociateSoftwareTokenResponse } from '@cognate/protocol/wire';

export const associateSoftwareToken = userPoolOperation('AssociateSoftwareToken', body => {
  if (typeof body.SecretCode !== 'string') throw invalidResponse('AssociateSoftwareToken', 'SecretCode');
  return body as unknown as AssociateSoftwareTokenResponse;
});
