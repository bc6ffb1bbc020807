/** UpdateUserAttributes: changes attributes; verifiable ones get a code. */
import type { AttributeType, CodeDeliveryDetailsType, ClientMetadata } from '../shapes.js';

export interface UpdateUserAttributesRequest {
  AccessToken: string;
  UserAttributes: AttributeType[];
  ClientMetadata?: ClientMetadata;
}

export interface UpdateUserAttributesResponse {
  CodeDeliveryDetailsList?: CodeDeliveryDetailsType[];
}
