/**
 * Completing a redirect sign-in when the hosted UI sends the browser back: the `error` it reports,
 * or the `code` (authorization code grant) or fragment tokens (implicit grant) with a `state` that
 * must equal the one stored when the flow started. The code is exchanged at `/oauth2/token` with
 * the PKCE verifier; the tokens are stored under Amplify's keys with `oauthMetadata`; the address
 * bar loses `code` and `state` (`history.replaceState`); then Hub `customOAuthState` (when the
 * state carries one), `signInWithRedirect` and `signedIn`. Any failure clears the flow and sends
 * `signInWithRedirect_failure` with the error.
 */
import { decodeJWT } from '../apis/decode-jwt.js';
import { currentUserOf } from '../apis/get-current-user.js';
import type { AuthContext } from '../context/auth-context.js';
import { AuthError } from '../errors/auth-error.js';
import type { CognitoAuthTokens } from '../tokens/token-store.js';
import { hostedUrl, redirectUrl, type OAuthUserPoolConfig } from './config.js';
import { oauthError } from './errors.js';
import { releaseInflightWaiters } from './inflight.js';
import { OAuthStore } from './oauth-store.js';
import { urlSafeDecode } from './pkce.js';
import { PACKAGE_NAME, VERSION } from '../version.js';
import { AuthAction } from '../client/auth-action.js';

const USER_AGENT = `${PACKAGE_NAME}/${VERSION} auth/${AuthAction.SignInWithRedirect}`;

interface TokenAnswer {
  access_token?: string;
  id_token?: string;
  refresh_token?: string;
  error?: string;
  error_message?: string;
  error_description?: string;
}

export async function validateState(store: OAuthStore, state: string | null): Promise<string> {
  const saved = await store.loadState();
  if (state !== null && state === saved) return saved;
  // Amplify names this one `oauthSignInError` (its AuthErrorTypes value), not OAuthSignInException.
  throw new AuthError({
    name: 'oauthSignInError',
    message: state === null ? '`signInWithRedirect` has been canceled.' : 'An error occurred while validating the state.',
    ...(state === null ? {} : { recoverySuggestion: 'Try to initiate an OAuth flow from Amplify' }),
  });
}

async function exchangeCode(ctx: AuthContext, config: OAuthUserPoolConfig, code: string, redirectUri: string, verifier: string | null): Promise<TokenAnswer> {
  const body = new URLSearchParams({ grant_type: 'authorization_code', code, client_id: config.userPoolClientId, redirect_uri: redirectUri });
  if (verifier) body.set('code_verifier', verifier);
  const doFetch = ctx.libraryOptions().fetch ?? globalThis.fetch;
  let answer: TokenAnswer;
  try {
    const response = await doFetch(hostedUrl(config.loginWith.oauth.domain, '/oauth2/token', config.userPoolEndpoint), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'x-amz-user-agent': USER_AGENT },
      body: body.toString(),
    });
    answer = (await response.json()) as TokenAnswer;
  } catch (cause) {
    throw oauthError('The token endpoint could not be reached or did not answer with JSON.', undefined, cause);
  }
  if (answer.error) throw oauthError(answer.error_message ?? answer.error);
  return answer;
}

async function storeTokens(ctx: AuthContext, answer: TokenAnswer): Promise<void> {
  if (!answer.access_token) throw oauthError('No access token returned from OAuth flow.');
  const accessToken = decodeJWT(answer.access_token);
  const iat = (accessToken.payload.iat ?? 0) * 1000;
  const username = (accessToken.payload.username as string | undefined) ?? 'username';
  const tokens: CognitoAuthTokens = { accessToken, clockDrift: iat > 0 ? iat - Date.now() : 0, username };
  if (answer.id_token) tokens.idToken = decodeJWT(answer.id_token);
  if (answer.refresh_token) tokens.refreshToken = answer.refresh_token;
  await ctx.tokens.setTokens(tokens);
}

export interface CompleteOptions {
  currentUrl: string;
  redirectUri: string;
  preferPrivateSession?: boolean;
}

export async function completeOAuthFlow(ctx: AuthContext, config: OAuthUserPoolConfig, store: OAuthStore, options: CompleteOptions): Promise<void> {
  const url = new URL(options.currentUrl);
  const error = url.searchParams.get('error');
  if (error) throw oauthError(url.searchParams.get('error_description') ?? error);
  let state: string;
  if (config.loginWith.oauth.responseType === 'code') {
    const code = url.searchParams.get('code');
    const returned = url.searchParams.get('state');
    // No code or state: the user came back without finishing (back button, closed the page).
    if (!code || !returned) throw oauthError('User cancelled OAuth flow.');
    state = await validateState(store, returned);
    await storeTokens(ctx, await exchangeCode(ctx, config, code, options.redirectUri, await store.loadPKCE()));
  } else {
    const fragment = new URLSearchParams(url.hash.slice(1));
    const fragmentError = fragment.get('error');
    if (fragmentError) throw oauthError(fragment.get('error_description') ?? fragmentError);
    if (!fragment.get('access_token')) throw oauthError('No access token returned from OAuth flow.');
    state = await validateState(store, fragment.get('state'));
    await storeTokens(ctx, { access_token: fragment.get('access_token')!, ...(fragment.get('id_token') ? { id_token: fragment.get('id_token')! } : {}) });
  }
  await ctx.tokens.store.setOAuthMetadata({ oauthSignIn: true });
  await store.clearAll();
  await store.storeSignIn(options.preferPrivateSession);
  // Before anything that reads tokens (getCurrentUser below), so the parked reads go first.
  releaseInflightWaiters();
  const { history } = globalThis as unknown as { history?: History };
  history?.replaceState(history.state, '', options.redirectUri);
  if (state.includes('-')) {
    ctx.hub.dispatch('auth', { event: 'customOAuthState', data: urlSafeDecode(state.split('-').slice(1).join('-')) }, 'Auth');
  }
  ctx.hub.dispatch('auth', { event: 'signInWithRedirect' }, 'Auth');
  ctx.hub.dispatch('auth', { event: 'signedIn', data: await currentUserOf(ctx) }, 'Auth');
}

/** Clears the flow, then releases parked reads, and reports the failure on the Hub. */
export async function handleFailure(ctx: AuthContext, store: OAuthStore, error: unknown): Promise<void> {
  await store.clearInFlight();
  releaseInflightWaiters();
  const reported = error instanceof AuthError ? error : oauthError(error instanceof Error ? error.message : undefined, undefined, error);
  ctx.hub.dispatch('auth', { event: 'signInWithRedirect_failure', data: { error: reported } }, 'Auth');
}

/** On page load: finishes the flow this browser started, if one is in flight. Never rejects. */
export async function attemptCompleteOAuthFlow(ctx: AuthContext, config: OAuthUserPoolConfig): Promise<void> {
  const store = new OAuthStore(config.userPoolClientId);
  try {
    if (!(await store.isInFlight())) return;
  } catch {
    return;
  }
  try {
    const { location } = globalThis as unknown as { location: Location };
    await completeOAuthFlow(ctx, config, store, { currentUrl: location.href, redirectUri: redirectUrl(config.loginWith.oauth.redirectSignIn) });
  } catch (error) {
    await handleFailure(ctx, store, error);
  }
}
