/**
 * The success path shared by every sign-in: confirm a new device if Cognito created one, store the
 * tokens (and device keys) under the canonical username (with the clock drift measured from `iat`),
 * forget the pending challenge, and announce `signedIn` with the
 * user read back from storage — if it cannot be read back the sign-in did not stick, and
 * `UnexpectedSignInInterruptionException` says so.
 */
import type { AuthenticationResultType } from '../client/wire-types.js';
import { decodeJWT } from '../apis/decode-jwt.js';
import { currentUserOf } from '../apis/get-current-user.js';
import type { AuthContext } from '../context/auth-context.js';
import { AuthError, UNEXPECTED_SIGN_IN_INTERRUPTION_EXCEPTION } from '../errors/auth-error.js';
import type { CognitoAuthTokens } from '../tokens/token-store.js';
import type { SignInOutput } from '../types/auth.js';
import type { CognitoAuthSignInDetails } from '../types/session.js';

export async function completeSignIn(
  ctx: AuthContext,
  username: string,
  result: AuthenticationResultType,
  signInDetails: CognitoAuthSignInDetails | undefined,
): Promise<SignInOutput> {
  if (!result.AccessToken) {
    throw new AuthError({ name: 'InvalidAuthTokens', message: 'No access token was returned by the sign-in.' });
  }
  const accessToken = decodeJWT(result.AccessToken);
  const iat = (accessToken.payload.iat ?? 0) * 1000;
  const tokens: CognitoAuthTokens = { accessToken, clockDrift: iat > 0 ? iat - Date.now() : 0, username };
  if (result.IdToken) tokens.idToken = decodeJWT(result.IdToken);
  if (result.RefreshToken) tokens.refreshToken = result.RefreshToken;
  if (signInDetails) tokens.signInDetails = signInDetails;
  const device = result.NewDeviceMetadata && (await (await import('./new-device.js')).confirmNewDevice(ctx, result.AccessToken, result.NewDeviceMetadata));
  if (device) tokens.deviceMetadata = device;
  await ctx.tokens.setTokens(tokens);
  ctx.signInState.reset();
  let user: Awaited<ReturnType<typeof currentUserOf>>;
  try {
    user = await currentUserOf(ctx);
  } catch (cause) {
    throw new AuthError({
      name: UNEXPECTED_SIGN_IN_INTERRUPTION_EXCEPTION,
      message: 'Unable to get user session following successful sign-in.',
      recoverySuggestion: 'Check that the configured storage can store the tokens.',
      cause,
    });
  }
  ctx.hub.dispatch('auth', { event: 'signedIn', data: user }, 'Auth');
  return { isSignedIn: true, nextStep: { signInStep: 'DONE' } };
}
