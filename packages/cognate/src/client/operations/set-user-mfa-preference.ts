/** SetUserMFAPreference: turns SMS, TOTP and email MFA on or off and picks the preferred one (access token). */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';
export type { MfaSettings } from '@cognate/protocol/wire';

export const setUserMFAPreference = userPoolOperation('SetUserMFAPreference', AuthAction.UpdateMFAPreference);
