/** UpdateUserAttributes: changes attributes; verifiable ones come back with where their code went. */
import { userPoolOperation } from '../transport.js';
import type { AttributeType, CodeDeliveryDetailsType } from '../wire-types.js';
import { AuthAction } from '../auth-action.js';

export interface UpdateUserAttributesRequest {
  AccessToken: string;
  UserAttributes: AttributeType[];
  ClientMetadata?: Record<string, string>;
}
export interface UpdateUserAttributesResponse {
  CodeDeliveryDetailsList?: CodeDeliveryDetailsType[];
}

export const updateUserAttributesOperation = userPoolOperation<UpdateUserAttributesRequest, UpdateUserAttributesResponse>(
  'UpdateUserAttributes',
  body => (Array.isArray(body.CodeDeliveryDetailsList) ? { CodeDeliveryDetailsList: body.CodeDeliveryDetailsList as CodeDeliveryDetailsType[] } : {}),
  AuthAction.UpdateUserAttributes,
);
