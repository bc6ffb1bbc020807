/** sendUserAttributeVerificationCode: sends a code to verify an email or phone number; returns where it went. */
import { getUserAttributeVerificationCode } from '../client/operations/get-user-attribute-verification-code.js';
import type { AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { signedIn } from '../context/signed-in.js';
import type { AuthDeliveryMedium, SendUserAttributeVerificationCodeInput, SendUserAttributeVerificationCodeOutput } from '../types/auth.js';

export async function sendUserAttributeVerificationCodeOf(
  ctx: AuthContext,
  input: SendUserAttributeVerificationCodeInput,
): Promise<SendUserAttributeVerificationCodeOutput> {
  const { userAttributeKey, options } = input;
  const { client, AccessToken } = await signedIn(ctx);
  const { CodeDeliveryDetails: cdd } = await getUserAttributeVerificationCode(client, {
    AccessToken,
    AttributeName: userAttributeKey,
    ...(options?.clientMetadata ? { ClientMetadata: options.clientMetadata } : {}),
  });
  return {
    destination: cdd?.Destination,
    deliveryMedium: cdd?.DeliveryMedium as AuthDeliveryMedium | undefined,
    attributeName: cdd?.AttributeName as 'email' | 'phone_number' | undefined,
  };
}

export const sendUserAttributeVerificationCode = /* @__PURE__ */ contextApi(sendUserAttributeVerificationCodeOf);
