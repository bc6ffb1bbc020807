/**
 * fetchMFAPreference: the factors the signed-in user has turned on and the preferred one, from
 * GetUser (`UserMFASettingList`, `PreferredMfaSetting`) as `'SMS' | 'TOTP' | 'EMAIL'`.
 */
import type { AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { signedInCall } from './signed-in-call.js';
import { MFA_NAMES } from '../flows/mfa-names.js';
import type { FetchMFAPreferenceOutput } from '../types/auth.js';
import { AuthAction } from '../client/auth-action.js';

export async function fetchMFAPreferenceOf(ctx: AuthContext): Promise<FetchMFAPreferenceOutput> {
  const { PreferredMfaSetting, UserMFASettingList } = await signedInCall(ctx, 'GetUser', {}, AuthAction.FetchMFAPreference);
  return {
    preferred: PreferredMfaSetting ? MFA_NAMES[PreferredMfaSetting] : undefined,
    enabled: UserMFASettingList?.map(name => MFA_NAMES[name]!).filter(Boolean),
  };
}

export const fetchMFAPreference = /* @__PURE__ */ contextApi(fetchMFAPreferenceOf);
