/**
 * setUpTOTP: starts registering an authenticator app for the signed-in user (AssociateSoftwareToken)
 * and returns the shared secret with `getSetupUri(appName, accountName?)`. Amplify's quirk is kept:
 * the default account name is `JSON.stringify(cognito:username)`, quotes included.
 * Finish with `verifyTOTPSetup`.
 */
import type { AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { authError } from '../errors/auth-error.js';
import { signedIn } from '../context/signed-in.js';
import { totpSetupDetails } from '../flows/totp-setup.js';
import type { SetUpTOTPOutput } from '../types/auth.js';
import { AuthAction } from '../client/auth-action.js';
import { sendUserPoolRequest } from '../client/transport.js';

export async function setUpTOTPOf(ctx: AuthContext): Promise<SetUpTOTPOutput> {
  const { client, AccessToken, tokens } = await signedIn(ctx);
  const username = tokens.idToken?.payload['cognito:username'] ?? '';
  const { SecretCode } = await sendUserPoolRequest(client, 'AssociateSoftwareToken', { AccessToken }, AuthAction.SetUpTOTP);
  if (!SecretCode) throw authError('SetUpTOTPException', 'Failed to set up TOTP.');
  return totpSetupDetails(SecretCode, JSON.stringify(username));
}

export const setUpTOTP = /* @__PURE__ */ contextApi(setUpTOTPOf);
