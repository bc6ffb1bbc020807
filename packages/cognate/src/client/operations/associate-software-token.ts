/** AssociateSoftwareToken: a new TOTP secret for the user (access token), or inside sign-in (MFA_SETUP Session). */
import { invalidResponse, userPoolOperation } from '../transport.js';

export interface AssociateSoftwareTokenRequest {
  AccessToken?: string;
  Session?: string;
}
export interface AssociateSoftwareTokenResponse {
  SecretCode: string;
  Session?: string;
}

export const associateSoftwareToken = userPoolOperation<AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse>(
  'AssociateSoftwareToken',
  (body) => {
    if (typeof body.SecretCode !== 'string') throw invalidResponse('AssociateSoftwareToken', 'SecretCode');
    return { SecretCode: body.SecretCode, ...(typeof body.Session === 'string' ? { Session: body.Session } : {}) };
  },
);
