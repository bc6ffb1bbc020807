/** confirmResetPassword: sets the new password with the code `resetPassword` sent (ConfirmForgotPassword). */
import { requireUserPoolConfig, userPoolClient, type AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { assertValid } from '../errors/validation.js';
import type { ConfirmResetPasswordInput } from '../types/auth.js';
import { sendUserPoolRequest } from '../client/transport.js';
import { AuthAction } from '../client/auth-action.js';

export async function confirmResetPasswordOf(ctx: AuthContext, input: ConfirmResetPasswordInput): Promise<void> {
  const { username, newPassword, confirmationCode, options } = input;
  const config = requireUserPoolConfig(ctx);
  assertValid(!!username, 'EmptyConfirmResetPasswordUsername', 'username is required to confirmResetPassword');
  assertValid(!!newPassword, 'EmptyConfirmResetPasswordNewPassword', 'newPassword is required to confirmResetPassword');
  assertValid(!!confirmationCode, 'EmptyConfirmResetPasswordConfirmationCode', 'confirmationCode is required to confirmResetPassword');
  await sendUserPoolRequest(
    userPoolClient(ctx, config),
    'ConfirmForgotPassword',
    {
      ClientId: config.userPoolClientId,
      Username: username,
      ConfirmationCode: confirmationCode,
      Password: newPassword,
      ClientMetadata: options?.clientMetadata,
    },
    AuthAction.ConfirmResetPassword,
  );
}

export const confirmResetPassword = /* @__PURE__ */ contextApi(confirmResetPasswordOf);
