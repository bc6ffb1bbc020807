/**
 * resendSignUpCode: sends the sign-up confirmation code again; returns where it went.
 */
import { requireUserPoolConfig, userPoolClient, type AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { assertValid } from '../errors/validation.js';
import { codeDeliveryDetails } from './sign-up.js';
import type { ResendSignUpCodeInput, ResendSignUpCodeOutput } from '../types/auth.js';
import { sendUserPoolRequest } from '../client/transport.js';
import { AuthAction } from '../client/auth-action.js';

export async function resendSignUpCodeOf(ctx: AuthContext, input: ResendSignUpCodeInput): Promise<ResendSignUpCodeOutput> {
  const { username, options } = input;
  const config = requireUserPoolConfig(ctx);
  assertValid(!!username, 'EmptySignUpUsername', 'username is required to signUp');
  const { CodeDeliveryDetails: cdd } = await sendUserPoolRequest(
    userPoolClient(ctx, config),
    'ResendConfirmationCode',
    {
      ClientId: config.userPoolClientId,
      Username: username,
      ClientMetadata: options?.clientMetadata,
    },
    AuthAction.ResendSignUpCode,
  );
  // An empty AttributeName reads as none here, as in Amplify.
  return { ...codeDeliveryDetails(cdd), attributeName: (cdd?.AttributeName || undefined) as 'email' | 'phone_number' | undefined };
}

export const resendSignUpCode = /* @__PURE__ */ contextApi(resendSignUpCodeOf);
