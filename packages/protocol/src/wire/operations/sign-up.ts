/** SignUp: registers a user. */
import type { AttributeType, CodeDeliveryDetailsType, ClientMetadata } from '../shapes.js';

export interface SignUpRequest {
  ClientId: string;
  Username: string;
  Password?: string;
  SecretHash?: string;
  UserAttributes?: AttributeType[];
  ValidationData?: AttributeType[];
  ClientMetadata?: ClientMetadata;
}

export interface SignUpResponse {
  UserConfirmed: boolean;
  UserSub: string;
  CodeDeliveryDetails?: CodeDeliveryDetailsType;
  Session?: string;
}
