/** updatePassword: changes the signed-in user's password, given the current one (ChangePassword). */
import { requireUserPoolConfig, type AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { signedInCall } from './signed-in-call.js';
import { assertValid } from '../errors/validation.js';
import type { UpdatePasswordInput } from '../types/auth.js';
import { AuthAction } from '../client/auth-action.js';

export async function updatePasswordOf(ctx: AuthContext, input: UpdatePasswordInput): Promise<void> {
  const { oldPassword, newPassword } = input;
  requireUserPoolConfig(ctx);
  assertValid(!!oldPassword && !!newPassword, 'EmptyUpdatePassword', 'oldPassword and newPassword are required to changePassword');
  await signedInCall(ctx, 'ChangePassword', { PreviousPassword: oldPassword, ProposedPassword: newPassword }, AuthAction.UpdatePassword);
}

export const updatePassword = /* @__PURE__ */ contextApi(updatePasswordOf);
