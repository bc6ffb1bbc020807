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

const LIFETIME_MS = 3 * 60 * 1000;
const FIELDS = ['username', 'challengeName', 'signInSession'] as const;
const key = (field: string) => `CognitoSignInState.${field}`;

export class SignInStateStore {
  #state: SignInState = {};
  #hydrated = false;
  readonly #persist: () => SyncStorage | undefined;

  constructor(persist: () => SyncStorage | undefined = () => undefined) {
    this.#persist = persist;
  }

  get(): SignInState {
    if (!this.#hydrated) {
      this.#hydrated = true;
      this.#io(storage => {
        const expiry = Number(storage.getItem(key('expiry')));
        if (!expiry || expiry < Date.now()) this.reset();
        else
          for (const field of FIELDS) {
            const value = storage.getItem(key(field));
            // Storage is the page's own: the challenge name read back is the one written by set().
            if (value !== null) this.#state[field] = value as ChallengeName;
          }
      });
    }
    return this.#state;
  }

  set(patch: SignInState): void {
    const state = { ...this.get(), ...patch };
    this.#state = state;
    this.#io(storage => {
      for (const field of FIELDS) {
        const value = state[field];
        if (value === undefined) storage.removeItem(key(field));
        else storage.setItem(key(field), value);
      }
      if (patch.signInSession !== undefined) storage.setItem(key('expiry'), String(Date.now() + LIFETIME_MS));
    });
  }

  reset(): void {
    this.#state = {};
    this.#hydrated = true;
    this.#io(storage => {
      for (const field of [...FIELDS, 'expiry']) storage.removeItem(key(field));
    });
  }

  /** Uses the persistent storage if there is one; storage full or refused leaves the in-memory state working for this page. */
  #io(use: (storage: SyncStorage) => void): void {
    const storage = this.#persist();
    try {
      if (storage) use(storage);
    } catch {
      // ignore
    }
  }
}
