/**
 * fetchMFAPreference: the factors the signed-in user has turned on and the preferred one, from
 * GetUser (`UserMFASettingList`, `PreferredMfaSetting`) as `'SMS' | 'TOTP' | 'EMAIL'`.
 */
import { getUser } from '../client/operations/get-user.js';
import type { AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { signedIn } from '../context/signed-in.js';
import { MFA_NAMES } from '../flows/mfa-names.js';
import type { FetchMFAPreferenceOutput } from '../types/auth.js';
import { AuthAction } from '../client/auth-action.js';

export async function fetchMFAPreferenceOf(ctx: AuthContext): Promise<FetchMFAPreferenceOutput> {
  const { client, AccessToken } = await signedIn(ctx);
  const { PreferredMfaSetting, UserMFASettingList } = await getUser(client, { AccessToken }, AuthAction.FetchMFAPreference);
  return {
    preferred: PreferredMfaSetting ? MFA_NAMES[PreferredMfaSetting] : undefined,
    enabled: UserMFASettingList?.map(name => MFA_NAMES[name]!).filter(Boolean),
  };
}

export const fetchMFAPreference = /* @__PURE__ */ contextApi(fetchMFAPreferenceOf);
