/** sendUserAttributeVerificationCode: sends a code to verify an email or phone number; returns where it went. */
import type { AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { signedInCall } from './signed-in-call.js';
import { codeDeliveryDetails } from './sign-up.js';
import type { SendUserAttributeVerificationCodeInput, SendUserAttributeVerificationCodeOutput } from '../types/auth.js';
import { AuthAction } from '../client/auth-action.js';

export async function sendUserAttributeVerificationCodeOf(
  ctx: AuthContext,
  input: SendUserAttributeVerificationCodeInput,
): Promise<SendUserAttributeVerificationCodeOutput> {
  const { userAttributeKey, options } = input;
  const { CodeDeliveryDetails: cdd } = await signedInCall(
    ctx,
    'GetUserAttributeVerificationCode',
    {
      AttributeName: userAttributeKey,
      ClientMetadata: options?.clientMetadata,
    },
    AuthAction.SendUserAttributeVerificationCode,
  );
  return codeDeliveryDetails(cdd);
}

export const sendUserAttributeVerificationCode = /* @__PURE__ */ contextApi(sendUserAttributeVerificationCodeOf);
