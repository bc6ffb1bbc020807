/**
 * resetPassword: starts a forgotten-password reset (ForgotPassword). The next step is always
 * `CONFIRM_RESET_PASSWORD_WITH_CODE`, with where the code went; finish with `confirmResetPassword`.
 */
import { requireUserPoolConfig, userPoolClient, type AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { assertValid } from '../errors/validation.js';
import { codeDeliveryDetails } from './sign-up.js';
import type { ResetPasswordInput, ResetPasswordOutput } from '../types/auth.js';
import { sendUserPoolRequest } from '../client/transport.js';
import { AuthAction } from '../client/auth-action.js';

export async function resetPasswordOf(ctx: AuthContext, input: ResetPasswordInput): Promise<ResetPasswordOutput> {
  const { username, options } = input;
  assertValid(!!username, 'EmptyResetPasswordUsername', 'username is required to resetPassword');
  const config = requireUserPoolConfig(ctx);
  const { CodeDeliveryDetails: cdd } = await sendUserPoolRequest(
    userPoolClient(ctx, config),
    'ForgotPassword',
    {
      ClientId: config.userPoolClientId,
      Username: username,
      ClientMetadata: options?.clientMetadata,
    },
    AuthAction.ResetPassword,
  );
  return {
    isPasswordReset: false,
    nextStep: {
      resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE',
      codeDeliveryDetails: codeDeliveryDetails(cdd),
    },
  };
}

export const resetPassword = /* @__PURE__ */ contextApi(resetPasswordOf);
