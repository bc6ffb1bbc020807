/**
 * verifyTOTPSetup: finishes `setUpTOTP` with a code from the authenticator app (VerifySoftwareToken).
 * TOTP is then available; `updateMFAPreference({totp: 'PREFERRED'})` turns it on.
 */
import { requireUserPoolConfig, type AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { signedInCall } from './signed-in-call.js';
import { assertValid } from '../errors/validation.js';
import type { VerifyTOTPSetupInput } from '../types/auth.js';
import { AuthAction } from '../client/auth-action.js';

export async function verifyTOTPSetupOf(ctx: AuthContext, input: VerifyTOTPSetupInput): Promise<void> {
  const { code, options } = input;
  requireUserPoolConfig(ctx);
  assertValid(!!code, 'EmptyVerifyTOTPSetupCode', 'code is required to verifyTotpSetup');
  await signedInCall(ctx, 'VerifySoftwareToken', { UserCode: code, FriendlyDeviceName: options?.friendlyDeviceName }, AuthAction.VerifyTOTPSetup);
}

export const verifyTOTPSetup = /* @__PURE__ */ contextApi(verifyTOTPSetupOf);
