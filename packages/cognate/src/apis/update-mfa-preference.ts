/**
 * updateMFAPreference: sets each factor (`sms`, `totp`, `email`) to ENABLED, DISABLED, PREFERRED or
 * NOT_PREFERRED with SetUserMFAPreference; factors left out are not changed.
 */
import { type MfaSettings } from '@cognate/protocol/wire';
import type { AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { signedInCall } from './signed-in-call.js';
import type { MFAPreference, UpdateMFAPreferenceInput } from '../types/auth.js';
import { AuthAction } from '../client/auth-action.js';

const SETTINGS: Record<MFAPreference, MfaSettings> = {
  ENABLED: { Enabled: true },
  DISABLED: { Enabled: false },
  PREFERRED: { Enabled: true, PreferredMfa: true },
  NOT_PREFERRED: { Enabled: true, PreferredMfa: false },
};

export async function updateMFAPreferenceOf(ctx: AuthContext, input: UpdateMFAPreferenceInput): Promise<void> {
  const settings = (preference: MFAPreference | undefined) => (preference ? SETTINGS[preference] : undefined);
  await signedInCall(
    ctx,
    'SetUserMFAPreference',
    {
      SMSMfaSettings: settings(input.sms),
      SoftwareTokenMfaSettings: settings(input.totp),
      EmailMfaSettings: settings(input.email),
    },
    AuthAction.UpdateMFAPreference,
  );
}

export const updateMFAPreference = /* @__PURE__ */ contextApi(updateMFAPreferenceOf);
