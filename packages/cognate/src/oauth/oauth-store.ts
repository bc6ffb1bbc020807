/**
 * What a redirect sign-in keeps between leaving for the hosted UI and coming back, under Amplify's
 * keys and always in `localStorage` (memory where there is none), whatever token storage is
 * configured: `CognitoIdentityServiceProvider.<clientId>.inflightOAuth` (`'true'` while a flow is
 * out), `.inflightOAuthDeadline` (ms; how long token reads may wait for it), `.oauthState`,
 * `.oauthPKCE` (the code verifier) and `.oauthSignIn` (`'<signed in by OAuth>,<preferPrivateSession>'`).
 * A store is the function that names a client's keys; plain functions read and write through it.
 */
import { defaultStorage } from '../storage/web-storage.js';
import { AUTH_KEY_PREFIX } from '../tokens/storage-keys.js';

/** How long token reads wait for an in-flight flow: an authorization code's lifetime. */
export const OAUTH_INFLIGHT_TTL_MS = 5 * 60 * 1000;
const V5_HOSTED_UI_KEY = 'amplify-signin-with-hostedUI';

export type OAuthKey = 'inflightOAuth' | 'inflightOAuthDeadline' | 'oauthState' | 'oauthPKCE' | 'oauthSignIn';
/** The storage key of one of a client's values. */
export type OAuthStore = (name: OAuthKey) => string;

export const oauthStore =
  (clientId: string): OAuthStore =>
  name =>
    `${AUTH_KEY_PREFIX}.${clientId}.${name}`;

export const readOAuth = (store: OAuthStore, name: OAuthKey): Promise<string | null> => defaultStorage.getItem(store(name));
export const writeOAuth = (store: OAuthStore, name: OAuthKey, value: string): Promise<void> => defaultStorage.setItem(store(name), value);

export async function storeInFlight(store: OAuthStore): Promise<void> {
  // The deadline first, so a reader never sees the flag without it.
  await writeOAuth(store, 'inflightOAuthDeadline', String(Date.now() + OAUTH_INFLIGHT_TTL_MS));
  await writeOAuth(store, 'inflightOAuth', 'true');
}

export const isInFlight = async (store: OAuthStore): Promise<boolean> => (await readOAuth(store, 'inflightOAuth')) === 'true';

/** When waiting for the flow in flight must stop; undefined when nothing is worth waiting for. */
export async function inFlightDeadline(store: OAuthStore): Promise<number | undefined> {
  if (!(await isInFlight(store))) return undefined;
  const stored = await readOAuth(store, 'inflightOAuthDeadline');
  let deadline = Number(stored);
  if (stored === null || Number.isNaN(deadline)) {
    // Set by a writer that keeps no deadline: count from now, once.
    deadline = Date.now() + OAUTH_INFLIGHT_TTL_MS;
    await writeOAuth(store, 'inflightOAuthDeadline', String(deadline));
  }
  return deadline > Date.now() ? deadline : undefined;
}

/** Forgets the flow in flight (flag, deadline, state, verifier). */
export async function clearInFlight(store: OAuthStore): Promise<void> {
  await Promise.all((['inflightOAuth', 'inflightOAuthDeadline', 'oauthPKCE', 'oauthState'] as const).map(name => defaultStorage.removeItem(store(name))));
}

/** Forgets everything, including that the session came from a redirect sign-in. */
export async function clearAll(store: OAuthStore): Promise<void> {
  await clearInFlight(store);
  await defaultStorage.removeItem(V5_HOSTED_UI_KEY);
  await defaultStorage.removeItem(store('oauthSignIn'));
}

/** Whether the session came from a redirect sign-in (Amplify's key, or v5's). */
export async function isOAuthSignIn(store: OAuthStore): Promise<boolean> {
  const legacy = await defaultStorage.getItem(V5_HOSTED_UI_KEY);
  return (await readOAuth(store, 'oauthSignIn'))?.split(',')[0] === 'true' || legacy === 'true';
}
