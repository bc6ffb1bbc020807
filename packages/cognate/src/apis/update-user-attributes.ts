/**
 * updateUserAttributes: changes the signed-in user's attributes (UpdateUserAttributes). Each key
 * comes back `{isUpdated: true, nextStep: DONE}`, except those Cognito sent a verification code
 * for: `{isUpdated: false, nextStep: CONFIRM_ATTRIBUTE_WITH_CODE}` with where the code went
 * (confirm with `confirmUserAttribute`).
 */
import type { AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { signedIn } from '../context/signed-in.js';
import { sendUserPoolRequest } from '../client/transport.js';
import type { UpdateUserAttributesInput, UpdateUserAttributesOutput } from '../types/auth.js';
import { codeDeliveryDetails, toAttributeType } from './sign-up.js';
import { AuthAction } from '../client/auth-action.js';

export async function updateUserAttributesOf(ctx: AuthContext, input: UpdateUserAttributesInput): Promise<UpdateUserAttributesOutput> {
  const { userAttributes, options } = input;
  // The session is checked before the attributes are read, as in Amplify.
  const { client, AccessToken } = await signedIn(ctx);
  const { CodeDeliveryDetailsList } = await sendUserPoolRequest(
    client,
    'UpdateUserAttributes',
    {
      AccessToken,
      UserAttributes: toAttributeType(userAttributes),
      ClientMetadata: options?.clientMetadata,
    },
    AuthAction.UpdateUserAttributes,
  );
  const out = {} as UpdateUserAttributesOutput;
  for (const key of Object.keys(userAttributes)) out[key] = { isUpdated: true, nextStep: { updateAttributeStep: 'DONE' } };
  for (const details of CodeDeliveryDetailsList ?? []) {
    if (!details.AttributeName) continue;
    out[details.AttributeName] = {
      isUpdated: false,
      nextStep: {
        updateAttributeStep: 'CONFIRM_ATTRIBUTE_WITH_CODE',
        codeDeliveryDetails: codeDeliveryDetails(details),
      },
    };
  }
  return out;
}

export const updateUserAttributes = /* @__PURE__ */ contextApi(updateUserAttributesOf);
