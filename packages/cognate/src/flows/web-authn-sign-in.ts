/**
 * The WEB_AUTHN challenge of a sign-in, answered at once: the passkey is asked for with the
 * challenge's `CREDENTIAL_REQUEST_OPTIONS` (`navigator.credentials.get`) and sent back as
 * `CREDENTIAL`; Cognito's answer (normally tokens, so `DONE`) goes back to `sign-in-result.ts`,
 * which asked. The WebAuthn code itself (`passkey/`) is imported on demand: only this file's few
 * lines sit in every sign-in bundle. (Importing this file lazily instead would make esbuild wrap
 * every module it shares with sign-in in lazy initialisers.)
 */
import { respondToAuthChallenge } from '../client/operations/respond-to-auth-challenge.js';
import { requireUserPoolConfig, userPoolClient, type AuthContext } from '../context/auth-context.js';
import { AuthError, SIGN_IN_EXCEPTION } from '../errors/auth-error.js';
import type { ChallengeOrTokensResponse } from '../client/wire-types.js';
import type { CognitoAuthSignInDetails } from '../types/session.js';
import { AuthAction } from '../client/auth-action.js';

/** Cognito's answer to the passkey, with what `signInResult` needs to carry on. */
export interface WebAuthnAnswer {
  username: string;
  response: ChallengeOrTokensResponse;
  signInDetails: CognitoAuthSignInDetails | undefined;
}

export async function answerWebAuthn(ctx: AuthContext, challengeParameters: Record<string, string>): Promise<WebAuthnAnswer> {
  const config = requireUserPoolConfig(ctx);
  const { username, signInSession, signInDetails, challengeName } = ctx.signInState.get();
  if (challengeName !== 'WEB_AUTHN' || !username) {
    throw new AuthError({ name: SIGN_IN_EXCEPTION, message: 'Unable to proceed due to invalid sign in state.' });
  }
  const { getPasskey } = await import('../passkey/passkey.js');
  const credential = await getPasskey(challengeParameters.CREDENTIAL_REQUEST_OPTIONS);
  const response = await respondToAuthChallenge(
    userPoolClient(ctx, config),
    {
      ChallengeName: 'WEB_AUTHN',
      ClientId: config.userPoolClientId,
      ChallengeResponses: { USERNAME: username, CREDENTIAL: JSON.stringify(credential) },
      ...(signInSession ? { Session: signInSession } : {}),
    },
    AuthAction.ConfirmSignIn,
  );
  if (!response.AuthenticationResult && response.ChallengeName === 'WEB_AUTHN') {
    ctx.signInState.set({ challengeName: 'WEB_AUTHN', ...(response.Session ? { signInSession: response.Session } : {}) });
    throw new AuthError({ name: SIGN_IN_EXCEPTION, message: 'Sequential WEB_AUTHN challenges returned from underlying service cannot be handled.' });
  }
  return { username, response, signInDetails };
}
