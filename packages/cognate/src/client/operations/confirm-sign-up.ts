/** ConfirmSignUp: confirms a registration with the delivered code. */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export interface ConfirmSignUpRequest {
  ClientId: string;
  Username: string;
  ConfirmationCode: string;
  ForceAliasCreation?: boolean;
  ClientMetadata?: Record<string, string>;
  Session?: string;
}
export interface ConfirmSignUpResponse {
  Session?: string;
}

export const confirmSignUpOperation = userPoolOperation<ConfirmSignUpRequest, ConfirmSignUpResponse>(
  'ConfirmSignUp',
  body => (typeof body.Session === 'string' ? { Session: body.Session } : {}),
  AuthAction.ConfirmSignUp,
);
