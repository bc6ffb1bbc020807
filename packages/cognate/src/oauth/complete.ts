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
import { AuthError, authError } from '../errors/auth-error.js';
import type { CognitoAuthTokens } from '../tokens/token-store.js';
import { hostedUrl, redirectUrl, type OAuthUserPoolConfig } from './config.js';
import { oauthError } from './errors.js';
import { releaseInflightWaiters } from './inflight.js';
import { clearAll, clearInFlight, isInFlight, oauthStore, readOAuth, writeOAuth, type OAuthStore } from './oauth-store.js';
import { urlSafeDecode } from './pkce.js';
import { PACKAGE_NAME, VERSION } from '../version.js';
import { AuthAction } from '../client/auth-action.js';

const USER_AGENT = `${PACKAGE_NAME}/${VERSION} auth/${AuthAction.SignInWithRedirect}`;
const NO_ACCESS_TOKEN = 'No access token returned from OAuth flow.';

interface TokenAnswer {
  access_token?: string | null;
  id_token?: string | null;
  refresh_token?: string;
  error?: string;
  error_message?: string;
}

export async function validateState(store: OAuthStore, state: string | null): Promise<string> {
  const saved = await readOAuth(store, 'oauthState');
  if (state !== null && state === saved) return saved;
  // Amplify names this one `oauthSignInError` (its AuthErrorTypes value), not OAuthSignInException.
  throw authError(
    'oauthSignInError',
    state === null ? '`signInWithRedirect` has been canceled.' : 'An error occurred while validating the state.',
    state === null ? undefined : 'Try to initiate an OAuth flow from Amplify',
  );
}

/** Throws the `error` (and `error_description`) the hosted UI sent back, if any. */
function throwReported(params: URLSearchParams): void {
  const error = params.get('error');
  if (error) throw oauthError(params.get('error_description') ?? error);
}

async function completeOAuthFlow(ctx: AuthContext, config: OAuthUserPoolConfig, store: OAuthStore, redirectUri: string): Promise<void> {
  const url = new URL((globalThis as unknown as { location: Location }).location.href);
  const query = url.searchParams;
  throwReported(query);
  let state: string;
  let answer: TokenAnswer;
  if (config.loginWith.oauth.responseType === 'code') {
    const code = query.get('code');
    const returned = query.get('state');
    // No code or state: the user came back without finishing (back button, closed the page).
    if (!code || !returned) throw oauthError('User cancelled OAuth flow.');
    state = await validateState(store, returned);
    const body = new URLSearchParams({ grant_type: 'authorization_code', code, client_id: config.userPoolClientId, redirect_uri: redirectUri });
    const verifier = await readOAuth(store, 'oauthPKCE');
    if (verifier) body.set('code_verifier', verifier);
    try {
      const response = await (ctx.libraryOptions().fetch ?? fetch)(hostedUrl(config.loginWith.oauth.domain, '/oauth2/token', config.userPoolEndpoint), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'x-amz-user-agent': USER_AGENT },
        body: body.toString(),
      });
      answer = await response.json();
    } catch (cause) {
      throw oauthError('The token endpoint could not be reached or did not answer with JSON.', cause);
    }
    if (answer.error) throw oauthError(answer.error_message ?? answer.error);
  } else {
    const fragment = new URLSearchParams(url.hash.slice(1));
    throwReported(fragment);
    if (!fragment.get('access_token')) throw oauthError(NO_ACCESS_TOKEN);
    state = await validateState(store, fragment.get('state'));
    answer = { access_token: fragment.get('access_token'), id_token: fragment.get('id_token') };
  }
  if (!answer.access_token) throw oauthError(NO_ACCESS_TOKEN);
  const accessToken = decodeJWT(answer.access_token);
  const iat = (accessToken.payload.iat ?? 0) * 1000;
  const tokens: CognitoAuthTokens = {
    accessToken,
    clockDrift: iat > 0 ? iat - Date.now() : 0,
    username: (accessToken.payload.username as string | undefined) ?? 'username',
  };
  if (answer.id_token) tokens.idToken = decodeJWT(answer.id_token);
  if (answer.refresh_token) tokens.refreshToken = answer.refresh_token;
  await ctx.tokens.setTokens(tokens);
  await ctx.tokens.store.setOAuthMetadata({ oauthSignIn: true });
  await clearAll(store);
  // `<signed in by OAuth>,<preferPrivateSession>`, as Amplify writes it (the latter only matters on React Native).
  await writeOAuth(store, 'oauthSignIn', 'true,false');
  // Before anything that reads tokens (getCurrentUser below), so the parked reads go first.
  releaseInflightWaiters();
  const { history } = globalThis as unknown as { history?: History };
  history?.replaceState(history.state, '', redirectUri);
  if (state.includes('-')) {
    ctx.hub.dispatch('auth', { event: 'customOAuthState', data: urlSafeDecode(state.slice(state.indexOf('-') + 1)) }, 'Auth');
  }
  ctx.hub.dispatch('auth', { event: 'signInWithRedirect' }, 'Auth');
  ctx.hub.dispatch('auth', { event: 'signedIn', data: await currentUserOf(ctx) }, 'Auth');
}

/** Clears the flow, then releases parked reads, and reports the failure on the Hub. */
export async function handleFailure(ctx: AuthContext, store: OAuthStore, error: unknown): Promise<void> {
  await clearInFlight(store);
  releaseInflightWaiters();
  const reported = error instanceof AuthError ? error : oauthError(error instanceof Error ? error.message : undefined, error);
  ctx.hub.dispatch('auth', { event: 'signInWithRedirect_failure', data: { error: reported } }, 'Auth');
}

/** On page load: finishes the flow this browser started, if one is in flight. Never rejects. */
export async function attemptCompleteOAuthFlow(ctx: AuthContext, config: OAuthUserPoolConfig): Promise<void> {
  const store = oauthStore(config.userPoolClientId);
  try {
    if (!(await isInFlight(store))) return;
  } catch {
    return;
  }
  try {
    await completeOAuthFlow(ctx, config, store, redirectUrl(config.loginWith.oauth.redirectSignIn));
  } catch (error) {
    await handleFailure(ctx, store, error);
  }
}
