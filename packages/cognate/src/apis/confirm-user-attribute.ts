/** confirmUserAttribute: verifies an email or phone number with its code (VerifyUserAttribute). */
import { verifyUserAttribute } from '../client/operations/verify-user-attribute.js';
import { requireUserPoolConfig, type AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { signedInCall } from './signed-in-call.js';
import { assertValid } from '../errors/validation.js';
import type { ConfirmUserAttributeInput } from '../types/auth.js';

export async function confirmUserAttributeOf(ctx: AuthContext, input: ConfirmUserAttributeInput): Promise<void> {
  const { userAttributeKey, confirmationCode } = input;
  requireUserPoolConfig(ctx);
  assertValid(!!confirmationCode, 'EmptyConfirmUserAttributeCode', 'confirmation code is required to confirmUserAttribute');
  await signedInCall(ctx, verifyUserAttribute, { AttributeName: userAttributeKey, Code: confirmationCode });
}

export const confirmUserAttribute = /* @__PURE__ */ contextApi(confirmUserAttributeOf);
