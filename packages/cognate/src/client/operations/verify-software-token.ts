/**
 * VerifySoftwareToken: proves the TOTP secret with a first code (access token, or the MFA_SETUP
 * Session). The body is passed through: its `Session` only goes back to Cognito.
 */
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
  body => body as VerifySoftwareTokenResponse,
);
