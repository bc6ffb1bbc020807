/**
 * AssociateSoftwareToken: a new TOTP secret for the user (access token), or inside sign-in (MFA_SETUP
 * Session). Only `SecretCode` is checked; `Session` goes back to Cognito as it came.
 */
import { invalidResponse, userPoolOperation } from '../transport.js';

export interface AssociateSoftwareTokenRequest {
  AccessToken?: string;
  Session?: string;
}
export interface AssociateSoftwareTokenResponse {
  SecretCode: string;
  Session?: string;
}

export const associateSoftwareToken = userPoolOperation<AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse>('AssociateSoftwareToken', body => {
  if (typeof body.SecretCode !== 'string') throw invalidResponse('AssociateSoftwareToken', 'SecretCode');
  return body as unknown as AssociateSoftwareTokenResponse;
});
