/** ResendConfirmationCode: sends the sign-up code again. */
import type { CodeDeliveryDetailsType, ClientMetadata } from '../shapes.js';

export interface ResendConfirmationCodeRequest {
  ClientId: string;
  Username: string;
  ClientMetadata?: ClientMetadata;
}

export interface ResendConfirmationCodeResponse {
  CodeDeliveryDetails?: CodeDeliveryDetailsType;
}
