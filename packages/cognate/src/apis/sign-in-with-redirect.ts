/**
 * signInWithRedirect: signs in through the hosted UI (`/oauth2/authorize` on the configured OAuth
 * domain), with the Cognito pages or straight at a federated provider, and comes back to the app.
 *
 * - `provider`: `'Google' | 'Facebook' | 'Amazon' | 'Apple'` (sent as `identity_provider` Google,
 *   Facebook, LoginWithAmazon, SignInWithApple), `{custom: name}`, or `{idpIdentifier}` (sent as
 *   `idp_identifier`); default `COGNITO`, none at all for `prompt: 'NONE'` without a provider.
 * - `customState`: travels hex-encoded in `state` (`<32 random>-<hex>`) and comes back on the Hub
 *   as `customOAuthState`.
 * - `options`: `lang`, `loginHint`, `nonce`, `prompt` (sent lower-cased; it also allows starting
 *   while signed in), `preferPrivateSession` (accepted; it only matters on React Native, as in Amplify).
 *
 * The flow's state and PKCE verifier wait in localStorage under Amplify's keys; the page the
 * hosted UI returns to completes the flow when it configures cognate (see `oauth/listener.ts`).
 * Unlike Amplify, a loopback domain (`localhost:9229`, `127.0.0.1`, `[::1]`) is reached over http,
 * so cognate-local's hosted UI works; every other domain is https.
 */
import { assertUserNotAuthenticated } from './get-current-user.js';
import { requireUserPoolConfig, type AuthContext } from '../context/auth-context.js';
import { withContext, type AmplifyContext } from '../context/with-context.js';
import { handleFailure } from '../oauth/complete.js';
import { hostedUrl, navigate, redirectUrl, requireOAuthConfig } from '../oauth/config.js';
import { oauthError } from '../oauth/errors.js';
import { enableOAuthListener } from '../oauth/listener.js';
import { OAuthStore } from '../oauth/oauth-store.js';
import { codeChallenge, randomString, urlSafeEncode } from '../oauth/pkce.js';
import type { SignInWithRedirectInput } from '../types/auth.js';

const PROVIDERS: Record<string, string> = { Google: 'Google', Facebook: 'Facebook', Amazon: 'LoginWithAmazon', Apple: 'SignInWithApple' };

/** A bfcache restore of the app page while the flow is out means the user came back without finishing. */
function listenForCancellation(ctx: AuthContext, store: OAuthStore): void {
  const target = globalThis as unknown as Window;
  if (typeof target.addEventListener !== 'function') return;
  const onPageShow = async (event: PageTransitionEvent) => {
    target.removeEventListener('pageshow', onPageShow);
    if (event.persisted && (await store.isInFlight())) await handleFailure(ctx, store, oauthError('User cancelled OAuth flow.'));
  };
  target.addEventListener('pageshow', onPageShow);
}

export async function signInWithRedirectOf(ctx: AuthContext, input?: SignInWithRedirectInput): Promise<void> {
  const config = requireOAuthConfig(requireUserPoolConfig(ctx));
  if (!input?.options?.prompt) await assertUserNotAuthenticated(ctx);
  const provider = input?.provider;
  let identityProvider: string | undefined = 'COGNITO';
  let idpIdentifier: string | undefined;
  if (typeof provider === 'string') identityProvider = PROVIDERS[provider];
  else if (provider?.custom) identityProvider = provider.custom;
  else if (provider?.idpIdentifier) idpIdentifier = provider.idpIdentifier;
  // Silent SSO must be able to resume a federated session too.
  else if (input?.options?.prompt === 'NONE') identityProvider = undefined;

  const { domain, redirectSignIn, responseType, scopes } = config.loginWith.oauth;
  const random = randomString(32);
  const state = input?.customState ? `${random}-${urlSafeEncode(input.customState)}` : random;
  const verifier = randomString(128);
  const redirectUri = redirectUrl(redirectSignIn);
  const store = new OAuthStore(config.userPoolClientId);
  if (typeof document !== 'undefined') await store.storeInFlight();
  await store.storeState(state);
  await store.storePKCE(verifier);

  const params = new URLSearchParams();
  params.append('redirect_uri', redirectUri);
  params.append('response_type', responseType);
  params.append('client_id', config.userPoolClientId);
  if (idpIdentifier) params.append('idp_identifier', idpIdentifier);
  else if (identityProvider) params.append('identity_provider', identityProvider);
  params.append('scope', scopes.join(' '));
  const { loginHint, lang, nonce, prompt } = input?.options ?? {};
  if (loginHint) params.append('login_hint', loginHint);
  if (lang) params.append('lang', lang);
  if (nonce) params.append('nonce', nonce);
  if (prompt) params.append('prompt', prompt.toLowerCase());
  params.append('state', state);
  if (responseType === 'code') {
    params.append('code_challenge', await codeChallenge(verifier));
    params.append('code_challenge_method', 'S256');
  }
  listenForCancellation(ctx, store);
  navigate(hostedUrl(domain, `/oauth2/authorize?${params}`, config.userPoolEndpoint));
}

export function signInWithRedirect(ctx: AmplifyContext, input?: SignInWithRedirectInput): Promise<void>;
export function signInWithRedirect(input?: SignInWithRedirectInput): Promise<void>;
export async function signInWithRedirect(...args: unknown[]): Promise<void> {
  return signInWithRedirectOf(...withContext<[SignInWithRedirectInput?]>(args));
}

// The page the hosted UI sends the browser back to finishes the flow (a no-op outside browsers).
enableOAuthListener();
