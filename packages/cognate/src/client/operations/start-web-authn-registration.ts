/** StartWebAuthnRegistration: the passkey creation options for the signed-in user (access token). */
import { invalidResponse, userPoolOperation } from '../transport.js';
import { isObject } from '../wire-types.js';
import { AuthAction } from '../auth-action.js';

export const startWebAuthnRegistration = userPoolOperation(
  'StartWebAuthnRegistration',
  body => {
    if (!isObject(body.CredentialCreationOptions)) throw invalidResponse('StartWebAuthnRegistration', 'CredentialCreationOptions');
    return { CredentialCreationOptions: body.CredentialCreationOptions };
  },
  AuthAction.StartWebAuthnRegistration,
);
