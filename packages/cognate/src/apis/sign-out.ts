/**
 * signOut: ends the session on this device. Locally it revokes the refresh token with `RevokeToken`
 * when the access token says revocation is enabled (`origin_jti`); with `{global: true}` it calls
 * `GlobalSignOut` to end every session of the user. Server errors are swallowed: the local session
 * is cleared and `signedOut` sent whatever the server said. With OAuth configured, a session that
 * came from `signInWithRedirect` then leaves through the hosted UI's `/logout` (`oauth/sign-out.ts`).
 */
import { credentialsProviderOf, requireUserPoolConfig, userPoolClient, type AuthContext } from '../context/auth-context.js';
import { withContext, type AmplifyContext } from '../context/with-context.js';
import { hasOAuthConfig } from '../oauth/configured.js';
import type { SignOutInput } from '../types/auth.js';
import { sendUserPoolRequest } from '../client/transport.js';
import { AuthAction } from '../client/auth-action.js';

export async function signOutOf(ctx: AuthContext, input?: SignOutInput): Promise<void> {
  const config = requireUserPoolConfig(ctx);
  const client = userPoolClient(ctx, config);
  try {
    const tokens = await ctx.tokens.store.loadTokens();
    if (tokens && input?.global) {
      await sendUserPoolRequest(client, 'GlobalSignOut', { AccessToken: tokens.accessToken.toString() }, AuthAction.SignOut);
    } else if (tokens?.refreshToken && tokens.accessToken.payload.origin_jti) {
      await sendUserPoolRequest(client, 'RevokeToken', { ClientId: config.userPoolClientId, Token: tokens.refreshToken }, AuthAction.SignOut);
    }
  } catch {
    // The server could not be told; the local session is cleared anyway (as in Amplify).
  }
  // The hosted-UI branch is loaded only where OAuth is configured.
  if (hasOAuthConfig(config)) return (await import('../oauth/sign-out.js')).oauthSignOut(ctx, config, input?.oauth?.redirectUrl);
  await ctx.tokens.clearTokens();
  await credentialsProviderOf(ctx)?.clearCredentialsAndIdentityId();
  ctx.hub.dispatch('auth', { event: 'signedOut' }, 'Auth');
}

export function signOut(ctx: AmplifyContext, input?: SignOutInput): Promise<void>;
export function signOut(input?: SignOutInput): Promise<void>;
export async function signOut(...args: unknown[]): Promise<void> {
  return signOutOf(...withContext<[SignOutInput?]>(args));
}
