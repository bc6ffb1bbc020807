/**
 * What `confirmSignIn` needs from the `signIn` before it: the username, the pending challenge, the
 * Cognito `Session` and the sign-in details. Kept per context; in the browser it is mirrored to
 * `sessionStorage` under Amplify's `CognitoSignInState.*` keys with a 3-minute expiry (Cognito's
 * session lifetime), so a reload in the same tab can still answer the challenge.
 */
import type { ChallengeName } from '../client/wire-types.js';
import type { CognitoAuthSignInDetails } from '../types/session.js';

export interface SignInState {
  username?: string;
  challengeName?: ChallengeName;
  signInSession?: string;
  signInDetails?: CognitoAuthSignInDetails;
}

/** Synchronous string storage (the Web Storage API subset used here). */
export interface SyncStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const PREFIX = 'CognitoSignInState';
const LIFETIME_MS = 3 * 60 * 1000;
const FIELDS = ['username', 'challengeName', 'signInSession'] as const;

export class SignInStateStore {
  #state: SignInState = {};
  #hydrated = false;
  readonly #persist: () => SyncStorage | undefined;

  constructor(persist: () => SyncStorage | undefined = () => undefined) {
    this.#persist = persist;
  }

  get(): SignInState {
    if (!this.#hydrated) this.#hydrate();
    return this.#state;
  }

  set(patch: SignInState): void {
    this.#state = { ...this.get(), ...patch };
    const storage = this.#persist();
    if (!storage) return;
    try {
      for (const field of FIELDS) {
        const value = this.#state[field];
        if (value === undefined) storage.removeItem(`${PREFIX}.${field}`);
        else storage.setItem(`${PREFIX}.${field}`, value);
      }
      if (patch.signInSession !== undefined) storage.setItem(`${PREFIX}.expiry`, String(Date.now() + LIFETIME_MS));
    } catch {
      // Storage full or refused: the in-memory state still works for this page.
    }
  }

  reset(): void {
    this.#state = {};
    this.#hydrated = true;
    const storage = this.#persist();
    try {
      for (const field of [...FIELDS, 'expiry']) storage?.removeItem(`${PREFIX}.${field}`);
    } catch {
      // ignore
    }
  }

  #hydrate(): void {
    this.#hydrated = true;
    const storage = this.#persist();
    if (!storage) return;
    try {
      const expiry = Number(storage.getItem(`${PREFIX}.expiry`));
      if (!expiry || expiry < Date.now()) {
        this.reset();
        return;
      }
      for (const field of FIELDS) {
        const value = storage.getItem(`${PREFIX}.${field}`);
        // Storage is the page's own: the challenge name read back is the one written by set().
        if (value !== null) this.#state[field] = value as ChallengeName;
      }
    } catch {
      // ignore
    }
  }
}
