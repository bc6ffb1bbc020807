/**
 * verifyTOTPSetup: finishes `setUpTOTP` with a code from the authenticator app (VerifySoftwareToken).
 * TOTP is then available; `updateMFAPreference({totp: 'PREFERRED'})` turns it on.
 */
import { verifySoftwareToken } from '../client/operations/verify-software-token.js';
import { requireUserPoolConfig, type AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { signedIn } from '../context/signed-in.js';
import { assertValid } from '../errors/validation.js';
import type { VerifyTOTPSetupInput } from '../types/auth.js';
import { AuthAction } from '../client/auth-action.js';

export async function verifyTOTPSetupOf(ctx: AuthContext, input: VerifyTOTPSetupInput): Promise<void> {
  const { code, options } = input;
  requireUserPoolConfig(ctx);
  assertValid(!!code, 'EmptyVerifyTOTPSetupCode', 'code is required to verifyTotpSetup');
  const { client, AccessToken } = await signedIn(ctx);
  const name = options?.friendlyDeviceName;
  await verifySoftwareToken(client, { AccessToken, UserCode: code, ...(name ? { FriendlyDeviceName: name } : {}) }, AuthAction.VerifyTOTPSetup);
}

export const verifyTOTPSetup = /* @__PURE__ */ contextApi(verifyTOTPSetupOf);
