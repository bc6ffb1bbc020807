/**
 * Reads and writes one signed-in session in a `KeyValueStorageInterface`, in Amplify's layout (see
 * `storage-keys.ts`). The store owns no state of its own: storage and client id come from getters,
 * so `setKeyValueStorage` and re-configuration take effect at once.
 */
import { decodeJWT } from '../apis/decode-jwt.js';
import type { KeyValueStorageInterface } from '../storage/key-value-storage.js';
import type { CognitoAuthSignInDetails, JWT } from '../types/session.js';
import { AUTH_KEY_PREFIX, createKeysForAuthStorage, lastAuthUserKey, type AuthStorageKeys } from './storage-keys.js';

export interface DeviceMetadata {
  deviceKey: string;
  deviceGroupKey: string;
  randomPassword: string;
}

/** A session as stored: the refresh token and clock drift never leave the library. */
export interface CognitoAuthTokens {
  accessToken: JWT;
  idToken?: JWT;
  refreshToken?: string;
  /** `iat × 1000 − Date.now()` when the tokens were received, in ms (server clock ahead: positive). */
  clockDrift: number;
  /** The canonical username the tokens are stored under (LastAuthUser). */
  username: string;
  signInDetails?: CognitoAuthSignInDetails;
  deviceMetadata?: DeviceMetadata;
}

export class TokenStore {
  readonly #storage: () => KeyValueStorageInterface;
  readonly #clientId: () => string;

  constructor(storage: () => KeyValueStorageInterface, clientId: () => string) {
    this.#storage = storage;
    this.#clientId = clientId;
  }

  async getLastAuthUser(): Promise<string> {
    return (await this.#storage().getItem(lastAuthUserKey(this.#clientId()))) ?? 'username';
  }

  async #keys(username?: string): Promise<AuthStorageKeys> {
    return createKeysForAuthStorage(AUTH_KEY_PREFIX, `${this.#clientId()}.${username ?? (await this.getLastAuthUser())}`);
  }

  /** The stored session, or null when there is none or it cannot be read. */
  async loadTokens(): Promise<CognitoAuthTokens | null> {
    try {
      const storage = this.#storage();
      const username = await this.getLastAuthUser();
      const keys = await this.#keys(username);
      const access = await storage.getItem(keys.accessToken);
      if (!access) return null;
      const id = await storage.getItem(keys.idToken);
      const refreshToken = await storage.getItem(keys.refreshToken);
      const clockDrift = Number.parseInt((await storage.getItem(keys.clockDrift)) ?? '0', 10);
      const signInDetails = await storage.getItem(keys.signInDetails);
      const deviceMetadata = await this.getDeviceMetadata(username);
      const tokens: CognitoAuthTokens = {
        accessToken: decodeJWT(access),
        clockDrift: Number.isNaN(clockDrift) ? 0 : clockDrift,
        username,
      };
      if (id) tokens.idToken = decodeJWT(id);
      if (refreshToken) tokens.refreshToken = refreshToken;
      if (signInDetails) tokens.signInDetails = JSON.parse(signInDetails) as CognitoAuthSignInDetails;
      if (deviceMetadata) tokens.deviceMetadata = deviceMetadata;
      return tokens;
    } catch {
      return null;
    }
  }

  /** Writes a session, LastAuthUser first, in Amplify's order; absent optional fields are removed. */
  async storeTokens(tokens: CognitoAuthTokens): Promise<void> {
    const storage = this.#storage();
    await storage.setItem(lastAuthUserKey(this.#clientId()), tokens.username);
    const keys = await this.#keys(tokens.username);
    await storage.setItem(keys.accessToken, tokens.accessToken.toString());
    if (tokens.idToken) await storage.setItem(keys.idToken, tokens.idToken.toString());
    else await storage.removeItem(keys.idToken);
    if (tokens.refreshToken) await storage.setItem(keys.refreshToken, tokens.refreshToken);
    else await storage.removeItem(keys.refreshToken);
    if (tokens.deviceMetadata) {
      await storage.setItem(keys.deviceKey, tokens.deviceMetadata.deviceKey);
      await storage.setItem(keys.deviceGroupKey, tokens.deviceMetadata.deviceGroupKey);
      await storage.setItem(keys.randomPasswordKey, tokens.deviceMetadata.randomPassword);
    }
    if (tokens.signInDetails) await storage.setItem(keys.signInDetails, JSON.stringify(tokens.signInDetails));
    else await storage.removeItem(keys.signInDetails);
    await storage.setItem(keys.clockDrift, `${tokens.clockDrift}`);
  }

  /** Removes the session; remembered-device keys stay (as in Amplify). */
  async clearTokens(): Promise<void> {
    const storage = this.#storage();
    const keys = await this.#keys();
    await Promise.all([
      storage.removeItem(keys.accessToken),
      storage.removeItem(keys.idToken),
      storage.removeItem(keys.clockDrift),
      storage.removeItem(keys.refreshToken),
      storage.removeItem(keys.signInDetails),
      storage.removeItem(lastAuthUserKey(this.#clientId())),
      storage.removeItem(keys.oauthMetadata),
    ]);
  }

  /** `{oauthSignIn: true}` after a redirect sign-in, kept next to the tokens (Amplify's `oauthMetadata`). */
  async setOAuthMetadata(metadata: { oauthSignIn: boolean }): Promise<void> {
    await this.#storage().setItem((await this.#keys()).oauthMetadata, JSON.stringify(metadata));
  }

  async getOAuthMetadata(): Promise<{ oauthSignIn: boolean } | null> {
    try {
      const text = await this.#storage().getItem((await this.#keys()).oauthMetadata);
      return text ? (JSON.parse(text) as { oauthSignIn: boolean }) : null;
    } catch {
      return null;
    }
  }

  async getDeviceMetadata(username?: string): Promise<DeviceMetadata | null> {
    const storage = this.#storage();
    const keys = await this.#keys(username);
    const deviceKey = await storage.getItem(keys.deviceKey);
    const deviceGroupKey = await storage.getItem(keys.deviceGroupKey);
    const randomPassword = await storage.getItem(keys.randomPasswordKey);
    return deviceKey && deviceGroupKey && randomPassword ? { deviceKey, deviceGroupKey, randomPassword } : null;
  }

  async clearDeviceMetadata(username?: string): Promise<void> {
    const storage = this.#storage();
    const keys = await this.#keys(username);
    await Promise.all([storage.removeItem(keys.deviceKey), storage.removeItem(keys.deviceGroupKey), storage.removeItem(keys.randomPasswordKey)]);
  }
}
