/**
 * What a redirect sign-in keeps between leaving for the hosted UI and coming back, under Amplify's
 * keys and always in `localStorage` (memory where there is none), whatever token storage is
 * configured: `CognitoIdentityServiceProvider.<clientId>.inflightOAuth` (`'true'` while a flow is
 * out), `.inflightOAuthDeadline` (ms; how long token reads may wait for it), `.oauthState`,
 * `.oauthPKCE` (the code verifier) and `.oauthSignIn` (`'<signed in by OAuth>,<preferPrivateSession>'`).
 */
import { defaultStorage } from '../storage/web-storage.js';
import type { KeyValueStorageInterface } from '../storage/key-value-storage.js';
import { AUTH_KEY_PREFIX } from '../tokens/storage-keys.js';

/** How long token reads wait for an in-flight flow: an authorization code's lifetime. */
export const OAUTH_INFLIGHT_TTL_MS = 5 * 60 * 1000;
const V5_HOSTED_UI_KEY = 'amplify-signin-with-hostedUI';

export class OAuthStore {
  readonly #clientId: string;
  readonly #storage: KeyValueStorageInterface;

  constructor(clientId: string, storage: KeyValueStorageInterface = defaultStorage) {
    this.#clientId = clientId;
    this.#storage = storage;
  }

  key(name: 'inflightOAuth' | 'inflightOAuthDeadline' | 'oauthState' | 'oauthPKCE' | 'oauthSignIn'): string {
    return `${AUTH_KEY_PREFIX}.${this.#clientId}.${name}`;
  }

  async storeInFlight(): Promise<void> {
    // The deadline first, so a reader never sees the flag without it.
    await this.#storage.setItem(this.key('inflightOAuthDeadline'), String(Date.now() + OAUTH_INFLIGHT_TTL_MS));
    await this.#storage.setItem(this.key('inflightOAuth'), 'true');
  }

  async isInFlight(): Promise<boolean> {
    return (await this.#storage.getItem(this.key('inflightOAuth'))) === 'true';
  }

  /** When waiting for the flow in flight must stop; undefined when nothing is worth waiting for. */
  async inFlightDeadline(): Promise<number | undefined> {
    if (!(await this.isInFlight())) return undefined;
    const stored = await this.#storage.getItem(this.key('inflightOAuthDeadline'));
    let deadline = Number(stored);
    if (stored === null || Number.isNaN(deadline)) {
      // Set by a writer that keeps no deadline: count from now, once.
      deadline = Date.now() + OAUTH_INFLIGHT_TTL_MS;
      await this.#storage.setItem(this.key('inflightOAuthDeadline'), String(deadline));
    }
    return deadline > Date.now() ? deadline : undefined;
  }

  storeState(state: string): Promise<void> {
    return this.#storage.setItem(this.key('oauthState'), state);
  }

  loadState(): Promise<string | null> {
    return this.#storage.getItem(this.key('oauthState'));
  }

  storePKCE(verifier: string): Promise<void> {
    return this.#storage.setItem(this.key('oauthPKCE'), verifier);
  }

  loadPKCE(): Promise<string | null> {
    return this.#storage.getItem(this.key('oauthPKCE'));
  }

  /** Forgets the flow in flight (flag, deadline, state, verifier). */
  async clearInFlight(): Promise<void> {
    await Promise.all((['inflightOAuth', 'inflightOAuthDeadline', 'oauthPKCE', 'oauthState'] as const).map(name => this.#storage.removeItem(this.key(name))));
  }

  /** Forgets everything, including that the session came from a redirect sign-in. */
  async clearAll(): Promise<void> {
    await this.clearInFlight();
    await this.#storage.removeItem(V5_HOSTED_UI_KEY);
    await this.#storage.removeItem(this.key('oauthSignIn'));
  }

  async storeSignIn(preferPrivateSession = false): Promise<void> {
    await this.#storage.setItem(this.key('oauthSignIn'), `true,${preferPrivateSession}`);
  }

  async loadSignIn(): Promise<{ isOAuthSignIn: boolean; preferPrivateSession: boolean }> {
    const legacy = await this.#storage.getItem(V5_HOSTED_UI_KEY);
    const [signedIn, preferPrivate] = (await this.#storage.getItem(this.key('oauthSignIn')))?.split(',') ?? [];
    return { isOAuthSignIn: signedIn === 'true' || legacy === 'true', preferPrivateSession: preferPrivate === 'true' };
  }
}
