/** VerifySoftwareToken: completes TOTP setup with a first code. */

export interface VerifySoftwareTokenRequest {
  UserCode: string;
  AccessToken?: string;
  Session?: string;
  FriendlyDeviceName?: string;
}

export interface VerifySoftwareTokenResponse {
  Status?: 'SUCCESS' | 'ERROR';
  Session?: string;
}
