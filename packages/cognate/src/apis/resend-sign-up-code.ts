/**
 * resendSignUpCode: sends the sign-up confirmation code again; returns where it went.
 */
import { resendConfirmationCode } from '../client/operations/resend-confirmation-code.js';
import { requireUserPoolConfig, userPoolClient, type AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { assertValid } from '../errors/validation.js';
import type { AuthDeliveryMedium, ResendSignUpCodeInput, ResendSignUpCodeOutput } from '../types/auth.js';

export async function resendSignUpCodeOf(ctx: AuthContext, input: ResendSignUpCodeInput): Promise<ResendSignUpCodeOutput> {
  const { username, options } = input;
  const config = requireUserPoolConfig(ctx);
  assertValid(!!username, 'EmptySignUpUsername', 'username is required to signUp');
  const { CodeDeliveryDetails: cdd } = await resendConfirmationCode(userPoolClient(ctx, config), {
    ClientId: config.userPoolClientId,
    Username: username,
    ...(options?.clientMetadata ? { ClientMetadata: options.clientMetadata } : {}),
  });
  return {
    destination: cdd?.Destination,
    deliveryMedium: cdd?.DeliveryMedium as AuthDeliveryMedium | undefined,
    attributeName: (cdd?.AttributeName || undefined) as 'email' | 'phone_number' | undefined,
  };
}

export const resendSignUpCode = /* @__PURE__ */ contextApi(resendSignUpCodeOf);
