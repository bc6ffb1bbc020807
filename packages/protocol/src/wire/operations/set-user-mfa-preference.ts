/** SetUserMFAPreference: enables, disables and prefers MFA methods. */

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
