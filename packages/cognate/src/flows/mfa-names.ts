import type { MfaMethod } from '@cognate/protocol/wire';
import type { AuthMFAType } from '../types/auth.js';

/** Cognito's MFA names as Amplify reports them (sign-in steps and `fetchMFAPreference`). */
export const MFA_NAMES: Record<string, AuthMFAType> = { SMS_MFA: 'SMS', SOFTWARE_TOKEN_MFA: 'TOTP', EMAIL_OTP: 'EMAIL' } satisfies Record<
  MfaMethod,
  AuthMFAType
>;
