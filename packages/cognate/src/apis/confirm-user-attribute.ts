/** confirmUserAttribute: verifies an email or phone number with its code (VerifyUserAttribute). */
import { verifyUserAttribute } from '../client/operations/verify-user-attribute.js';
import { requireUserPoolConfig, type AuthContext } from '../context/auth-context.js';
import { withContext, type AmplifyContext } from '../context/with-context.js';
import { signedIn } from '../context/signed-in.js';
import { assertValid } from '../errors/validation.js';
import type { ConfirmUserAttributeInput } from '../types/auth.js';

export async function confirmUserAttributeOf(ctx: AuthContext, input: ConfirmUserAttributeInput): Promise<void> {
  const { userAttributeKey, confirmationCode } = input;
  requireUserPoolConfig(ctx);
  assertValid(!!confirmationCode, 'EmptyConfirmUserAttributeCode', 'confirmation code is required to confirmUserAttribute');
  const { client, AccessToken } = await signedIn(ctx);
  await verifyUserAttribute(client, { AccessToken, AttributeName: userAttributeKey, Code: confirmationCode });
}

export function confirmUserAttribute(ctx: AmplifyContext, input: ConfirmUserAttributeInput): Promise<void>;
export function confirmUserAttribute(input: ConfirmUserAttributeInput): Promise<void>;
export async function confirmUserAttribute(...args: unknown[]): Promise<void> {
  return confirmUserAttributeOf(...withContext<[ConfirmUserAttributeInput]>(args));
}
