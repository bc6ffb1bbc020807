/** SetUserMFAPreference: turns SMS, TOTP and email MFA on or off and picks the preferred one (access token). */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export interface MfaSettings {
  Enabled?: boolean;
  PreferredMfa?: boolean;
}
export interface SetUserMFAPreferenceRequest {
  AccessToken: string;
  SMSMfaSettings?: MfaSettings;
  SoftwareTokenMfaSettings?: MfaSettings;
  EmailMfaSettings?: MfaSettings;
}

export const setUserMFAPreference = userPoolOperation<SetUserMFAPreferenceRequest, void>(
  'SetUserMFAPreference',
  () => undefined,
  AuthAction.UpdateMFAPreference,
);
