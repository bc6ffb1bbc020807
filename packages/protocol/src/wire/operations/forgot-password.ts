/** ForgotPassword: sends a password reset code. */
import type { CodeDeliveryDetailsType, ClientMetadata } from '../shapes.js';

export interface ForgotPasswordRequest {
  ClientId: string;
  Username: string;
  ClientMetadata?: ClientMetadata;
}

export interface ForgotPasswordResponse {
  CodeDeliveryDetails?: CodeDeliveryDetailsType;
}
