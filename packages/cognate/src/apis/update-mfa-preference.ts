/**
 * updateMFAPreference: sets each factor (`sms`, `totp`, `email`) to ENABLED, DISABLED, PREFERRED or
 * NOT_PREFERRED with SetUserMFAPreference; factors left out are not changed.
 */
import { setUserMFAPreference, type MfaSettings } from '../client/operations/set-user-mfa-preference.js';
import type { AuthContext } from '../context/auth-context.js';
import { withContext, type AmplifyContext } from '../context/with-context.js';
import { signedIn } from '../context/signed-in.js';
import type { MFAPreference, UpdateMFAPreferenceInput } from '../types/auth.js';

const SETTINGS: Record<MFAPreference, MfaSettings> = {
  ENABLED: { Enabled: true },
  DISABLED: { Enabled: false },
  PREFERRED: { Enabled: true, PreferredMfa: true },
  NOT_PREFERRED: { Enabled: true, PreferredMfa: false },
};

export async function updateMFAPreferenceOf(ctx: AuthContext, input: UpdateMFAPreferenceInput): Promise<void> {
  const { client, AccessToken } = await signedIn(ctx);
  const settings = (preference: MFAPreference | undefined) => (preference ? SETTINGS[preference] : undefined);
  await setUserMFAPreference(client, {
    AccessToken,
    SMSMfaSettings: settings(input.sms),
    SoftwareTokenMfaSettings: settings(input.totp),
    EmailMfaSettings: settings(input.email),
  });
}

export function updateMFAPreference(ctx: AmplifyContext, input: UpdateMFAPreferenceInput): Promise<void>;
export function updateMFAPreference(input: UpdateMFAPreferenceInput): Promise<void>;
export async function updateMFAPreference(...args: unknown[]): Promise<void> {
  return updateMFAPreferenceOf(...withContext<[UpdateMFAPreferenceInput]>(args));
}
