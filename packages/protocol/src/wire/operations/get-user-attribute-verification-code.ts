/** GetUserAttributeVerificationCode: sends a verification code for an attribute. */
import type { CodeDeliveryDetailsType, ClientMetadata } from '../shapes.js';

export interface GetUserAttributeVerificationCodeRequest {
  AccessToken: string;
  AttributeName: string;
  ClientMetadata?: ClientMetadata;
}

export interface GetUserAttributeVerificationCodeResponse {
  CodeDeliveryDetails?: CodeDeliveryDetailsType;
}
