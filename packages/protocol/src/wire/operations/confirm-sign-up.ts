/** ConfirmSignUp: confirms a registration with the delivered code. */
import type { ClientMetadata } from '../shapes.js';

export interface ConfirmSignUpRequest {
  ClientId: string;
  Username: string;
  ConfirmationCode: string;
  ForceAliasCreation?: boolean;
  ClientMetadata?: ClientMetadata;
  Session?: string;
}

export interface ConfirmSignUpResponse {
  Session?: string;
}
