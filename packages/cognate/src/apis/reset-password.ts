/**
 * resetPassword: starts a forgotten-password reset (ForgotPassword). The next step is always
 * `CONFIRM_RESET_PASSWORD_WITH_CODE`, with where the code went; finish with `confirmResetPassword`.
 */
import { forgotPassword } from '../client/operations/forgot-password.js';
import { requireUserPoolConfig, userPoolClient, type AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { assertValid } from '../errors/validation.js';
import { codeDeliveryDetails } from './sign-up.js';
import type { ResetPasswordInput, ResetPasswordOutput } from '../types/auth.js';

export async function resetPasswordOf(ctx: AuthContext, input: ResetPasswordInput): Promise<ResetPasswordOutput> {
  const { username, options } = input;
  assertValid(!!username, 'EmptyResetPasswordUsername', 'username is required to resetPassword');
  const config = requireUserPoolConfig(ctx);
  const { CodeDeliveryDetails: cdd } = await forgotPassword(userPoolClient(ctx, config), {
    ClientId: config.userPoolClientId,
    Username: username,
    ClientMetadata: options?.clientMetadata,
  });
  return {
    isPasswordReset: false,
    nextStep: {
      resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE',
      codeDeliveryDetails: codeDeliveryDetails(cdd),
    },
  };
}

export const resetPassword = /* @__PURE__ */ contextApi(resetPasswordOf);
