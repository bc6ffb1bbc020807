/**
 * Where the identity id lives, as in Amplify's `DefaultIdentityIdStore`: a **guest** id is stored
 * under `com.amplify.Cognito.<identityPoolId>.identityId` in the token storage (cookies with
 * `ssr: true`, so a server sees the same guest), while the signed-in user's (**primary**) id is only
 * kept in memory — Cognito gives it back for the same login anyway. Storing a primary id removes the
 * stored guest id; clearing removes both.
 */
import type { KeyValueStorageInterface } from '../storage/key-value-storage.js';

export type IdentityIdType = 'guest' | 'primary';
export interface Identity {
  id: string;
  type: IdentityIdType;
}

export function identityIdKey(identityPoolId: string): string {
  return `com.amplify.Cognito.${identityPoolId}.identityId`;
}

export class DefaultIdentityIdStore {
  readonly #storage: () => KeyValueStorageInterface;
  #primary: string | undefined;
  #hasGuest = false;

  /** Takes the storage, or a getter for it (the default context's storage can change). */
  constructor(storage: KeyValueStorageInterface | (() => KeyValueStorageInterface)) {
    this.#storage = typeof storage === 'function' ? storage : () => storage;
  }

  async loadIdentityId(identityPoolId: string): Promise<Identity | null> {
    if (this.#primary) return { id: this.#primary, type: 'primary' };
    try {
      const stored = await this.#storage().getItem(identityIdKey(identityPoolId));
      if (!stored) return null;
      this.#hasGuest = true;
      return { id: stored, type: 'guest' };
    } catch {
      return null;
    }
  }

  async storeIdentityId(identityPoolId: string, identity: Identity): Promise<void> {
    if (identity.type === 'guest') {
      await this.#storage().setItem(identityIdKey(identityPoolId), identity.id);
      this.#primary = undefined;
      this.#hasGuest = true;
    } else {
      this.#primary = identity.id;
      if (this.#hasGuest) {
        this.#hasGuest = false;
        await this.#storage().removeItem(identityIdKey(identityPoolId));
      }
    }
  }

  async clearIdentityId(identityPoolId: string | undefined): Promise<void> {
    this.#primary = undefined;
    this.#hasGuest = false;
    if (identityPoolId) await this.#storage().removeItem(identityIdKey(identityPoolId));
  }
}
