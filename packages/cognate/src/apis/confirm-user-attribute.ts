/** confirmUserAttribute: verifies an email or phone number with its code (VerifyUserAttribute). */
import { requireUserPoolConfig, type AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { signedInCall } from './signed-in-call.js';
import { assertValid } from '../errors/validation.js';
import type { ConfirmUserAttributeInput } from '../types/auth.js';
import { AuthAction } from '../client/auth-action.js';

export async function confirmUserAttributeOf(ctx: AuthContext, input: ConfirmUserAttributeInput): Promise<void> {
  const { userAttributeKey, confirmationCode } = input;
  requireUserPoolConfig(ctx);
  assertValid(!!confirmationCode, 'EmptyConfirmUserAttributeCode', 'confirmation code is required to confirmUserAttribute');
  await signedInCall(ctx, 'VerifyUserAttribute', { AttributeName: userAttributeKey, Code: confirmationCode }, AuthAction.ConfirmUserAttribute);
}

export const confirmUserAttribute = /* @__PURE__ */ contextApi(confirmUserAttributeOf);
