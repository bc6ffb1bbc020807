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
import { contextApi } from './context-api.js';
import { handleFailure } from '../oauth/complete.js';
import { hostedUrl, navigate, redirectUrl, requireOAuthConfig } from '../oauth/config.js';
import { oauthError } from '../oauth/errors.js';
import { enableOAuthListener } from '../oauth/listener.js';
import { isInFlight, oauthStore, storeInFlight, writeOAuth, type OAuthStore } from '../oauth/oauth-store.js';
import { codeChallenge, randomString, urlSafeEncode } from '../oauth/pkce.js';
import type { SignInWithRedirectInput } from '../types/auth.js';

const PROVIDERS: Record<string, string> = { Google: 'Google', Facebook: 'Facebook', Amazon: 'LoginWithAmazon', Apple: 'SignInWithApple' };

/** A bfcache restore of the app page while the flow is out means the user came back without finishing. */
function listenForCancellation(ctx: AuthContext, store: OAuthStore): void {
  const target = globalThis as unknown as Window;
  if (typeof target.addEventListener !== 'function') return;
  const onPageShow = async (event: PageTransitionEvent) => {
    target.removeEventListener('pageshow', onPageShow);
    if (event.persisted && (await isInFlight(store))) await handleFailure(ctx, store, oauthError('User cancelled OAuth flow.'));
  };
  target.addEventListener('pageshow', onPageShow);
}

export async function signInWithRedirectOf(ctx: AuthContext, input?: SignInWithRedirectInput): Promise<void> {
  const config = requireOAuthConfig(requireUserPoolConfig(ctx));
  const { loginHint, lang, nonce, prompt } = input?.options ?? {};
  if (!prompt) await assertUserNotAuthenticated(ctx);
  const provider = input?.provider;
  let providerParam = 'identity_provider';
  let identityProvider: string | undefined = 'COGNITO';
  if (typeof provider === 'string') identityProvider = PROVIDERS[provider];
  else if (provider?.custom) identityProvider = provider.custom;
  else if (provider?.idpIdentifier) {
    providerParam = 'idp_identifier';
    identityProvider = provider.idpIdentifier;
  }
  // Silent SSO must be able to resume a federated session too.
  else if (prompt === 'NONE') identityProvider = undefined;

  const { domain, redirectSignIn, responseType, scopes } = config.loginWith.oauth;
  const clientId = config.userPoolClientId;
  const random = randomString(32);
  const state = input?.customState ? `${random}-${urlSafeEncode(input.customState)}` : random;
  const verifier = randomString(128);
  const redirectUri = redirectUrl(redirectSignIn);
  const store = oauthStore(clientId);
  if (typeof document !== 'undefined') await storeInFlight(store);
  await writeOAuth(store, 'oauthState', state);
  await writeOAuth(store, 'oauthPKCE', verifier);

  const params = new URLSearchParams({ redirect_uri: redirectUri, response_type: responseType, client_id: clientId });
  const add = (name: string, value?: string) => value && params.append(name, value);
  add(providerParam, identityProvider);
  params.append('scope', scopes.join(' '));
  add('login_hint', loginHint);
  add('lang', lang);
  add('nonce', nonce);
  add('prompt', prompt?.toLowerCase());
  params.append('state', state);
  if (responseType === 'code') {
    params.append('code_challenge', await codeChallenge(verifier));
    params.append('code_challenge_method', 'S256');
  }
  listenForCancellation(ctx, store);
  navigate(hostedUrl(domain, `/oauth2/authorize?${params}`, config.userPoolEndpoint));
}

export const signInWithRedirect = /* @__PURE__ */ contextApi(signInWithRedirectOf);

// The page the hosted UI sends the browser back to finishes the flow (a no-op outside browsers).
enableOAuthListener();
