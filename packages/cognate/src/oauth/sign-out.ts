/**
 * signOut's hosted-UI branch, taken when OAuth is configured: everything local is cleared first
 * (the page is about to be left), `signedOut` is sent, and if the session came from a redirect
 * sign-in the browser goes to `/logout?client_id=…&logout_uri=…` so the hosted UI forgets its own
 * session too. The logout URI is `redirectUrl` when listed in `redirectSignOut`, else the one for
 * this page (see `redirectUrl` in `config.ts`).
 */
import { credentialsProviderOf, type AuthContext } from '../context/auth-context.js';
import { hostedUrl, navigate, redirectUrl, type OAuthUserPoolConfig } from './config.js';
import { clearAll, isOAuthSignIn, oauthStore } from './oauth-store.js';

export async function oauthSignOut(ctx: AuthContext, config: OAuthUserPoolConfig, preferredRedirectUrl?: string): Promise<void> {
  const store = oauthStore(config.userPoolClientId);
  const signedInByOAuth = await isOAuthSignIn(store);
  const metadata = await ctx.tokens.store.getOAuthMetadata();
  await clearAll(store);
  await ctx.tokens.clearTokens();
  await credentialsProviderOf(ctx)?.clearCredentialsAndIdentityId();
  ctx.hub.dispatch('auth', { event: 'signedOut' }, 'Auth');
  if (!signedInByOAuth && !metadata?.oauthSignIn) return;
  const { domain, redirectSignOut } = config.loginWith.oauth;
  const logoutUri = redirectUrl(redirectSignOut, preferredRedirectUrl);
  navigate(hostedUrl(domain, `/logout?client_id=${config.userPoolClientId}&logout_uri=${encodeURIComponent(logoutUri)}`, config.userPoolEndpoint));
}
