/** VerifySoftwareToken: proves the TOTP secret with a first code (access token, or the MFA_SETUP Session). */
import { userPoolOperation } from '../transport.js';

export interface VerifySoftwareTokenRequest {
  UserCode: string;
  AccessToken?: string;
  Session?: string;
  FriendlyDeviceName?: string;
}
export interface VerifySoftwareTokenResponse {
  Status?: string;
  Session?: string;
}

export const verifySoftwareToken = userPoolOperation<VerifySoftwareTokenRequest, VerifySoftwareTokenResponse>(
  'VerifySoftwareToken',
  (body) => ({
    ...(typeof body.Status === 'string' ? { Status: body.Status } : {}),
    ...(typeof body.Session === 'string' ? { Session: body.Session } : {}),
  }),
);
