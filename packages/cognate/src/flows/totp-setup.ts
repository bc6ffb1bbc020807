/**
 * The `{sharedSecret, getSetupUri}` both `setUpTOTP` and the CONTINUE_SIGN_IN_WITH_TOTP_SETUP step
 * return. As in Amplify, the URI is built without any encoding:
 * `otpauth://totp/<appName>:<accountName ?? username>?secret=<secret>&issuer=<appName>`.
 */
import type { AuthTOTPSetupDetails } from '../types/auth.js';

export function totpSetupDetails(sharedSecret: string, username: string): AuthTOTPSetupDetails {
  return {
    sharedSecret,
    getSetupUri: (appName, accountName) => new URL(`otpauth://totp/${appName}:${accountName ?? username}?secret=${sharedSecret}&issuer=${appName}`),
  };
}
