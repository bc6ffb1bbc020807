/** ConfirmForgotPassword: sets a new password with the reset code. */
import type { ClientMetadata } from '../shapes.js';

export interface ConfirmForgotPasswordRequest {
  ClientId: string;
  Username: string;
  ConfirmationCode: string;
  Password: string;
  ClientMetadata?: ClientMetadata;
}
