/** CompleteWebAuthnRegistration: hands the new passkey (RegistrationResponseJSON) to Cognito. */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export interface CompleteWebAuthnRegistrationRequest {
  AccessToken: string;
  /** RegistrationResponseJSON, a JSON document (not a string). */
  Credential: Record<string, unknown>;
}

export const completeWebAuthnRegistration = userPoolOperation<CompleteWebAuthnRegistrationRequest, void>(
  'CompleteWebAuthnRegistration',
  () => undefined,
  AuthAction.CompleteWebAuthnRegistration,
);
