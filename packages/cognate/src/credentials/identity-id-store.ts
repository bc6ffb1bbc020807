/**
 * Where the identity id lives, as in Amplify's `DefaultIdentityIdStore`: a **guest** id is stored
 * under `com.amplify.Cognito.<identityPoolId>.identityId` in the token storage (cookies with
 * `ssr: true`, so a server sees the same guest), while the signed-in user's (**primary**) id is only
 * kept in memory — Cognito gives it back for the same login anyway. Storing a primary id removes the
 * stored guest id; clearing removes both.
 */
import type { KeyValueStorageInterface } from '../storage/key-value-storage.js';
import type { AuthConfig } from '../types/config.js';

export type IdentityIdType = 'guest' | 'primary';
export interface Identity {
  id: string;
  type: IdentityIdType;
}

/**
 * What the credentials provider needs from an identity id store: Amplify's `IdentityIdStore`. The
 * provider names the identity pool with `setAuthConfig` before the other calls, so a store written
 * for Amplify's provider works with cognate's.
 */
export interface IdentityIdStore {
  setAuthConfig(authConfig: AuthConfig): void;
  loadIdentityId(): Promise<Identity | null>;
  storeIdentityId(identity: Identity): Promise<void>;
  clearIdentityId(): Promise<void>;
}

export function identityIdKey(identityPoolId: string): string {
  return `com.amplify.Cognito.${identityPoolId}.identityId`;
}

export class DefaultIdentityIdStore implements IdentityIdStore {
  readonly #storage: () => KeyValueStorageInterface;
  #primary: string | undefined;
  #hasGuest = false;
  #poolId: string | undefined;

  /** Takes the storage, or a getter for it (the default context's storage can change). */
  constructor(storage: KeyValueStorageInterface | (() => KeyValueStorageInterface)) {
    this.#storage = typeof storage === 'function' ? storage : () => storage;
  }

  /** Names the identity pool the calls below are about. */
  setAuthConfig(authConfig: AuthConfig): void {
    this.#poolId = authConfig?.Cognito?.identityPoolId;
  }

  async loadIdentityId(): Promise<Identity | null> {
    if (this.#primary) return { id: this.#primary, type: 'primary' };
    const identityPoolId = this.#poolId;
    if (!identityPoolId) return null;
    try {
      const stored = await this.#storage().getItem(identityIdKey(identityPoolId));
      if (!stored) return null;
      this.#hasGuest = true;
      return { id: stored, type: 'guest' };
    } catch {
      return null;
    }
  }

  async storeIdentityId(identity: Identity): Promise<void> {
    const identityPoolId = this.#poolId;
    if (identity.type === 'guest') {
      if (!identityPoolId) return;
      await this.#storage().setItem(identityIdKey(identityPoolId), identity.id);
      this.#primary = undefined;
      this.#hasGuest = true;
    } else {
      this.#primary = identity.id;
      if (this.#hasGuest && identityPoolId) {
        this.#hasGuest = false;
        await this.#storage().removeItem(identityIdKey(identityPoolId));
      }
    }
  }

  async clearIdentityId(): Promise<void> {
    const identityPoolId = this.#poolId;
    this.#primary = undefined;
    this.#hasGuest = false;
    if (identityPoolId) await this.#storage().removeItem(identityIdKey(identityPoolId));
  }
}
