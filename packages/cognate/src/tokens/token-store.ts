/**
 * Reads and writes one signed-in session in a `KeyValueStorageInterface`, in Amplify's layout (see
 * `storage-keys.ts`). The store owns no state of its own: storage and client id come from getters,
 * so `setKeyValueStorage` and re-configuration take effect at once.
 */
import { decodeJWT } from '../apis/decode-jwt.js';
import type { KeyValueStorageInterface } from '../storage/key-value-storage.js';
import type { CognitoAuthSignInDetails, JWT } from '../types/session.js';
import { AUTH_KEY_PREFIX, lastAuthUserKey } from './storage-keys.js';

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

const DEVICE_FIELDS = ['deviceKey', 'deviceGroupKey', 'randomPasswordKey'];

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

  /** `<prefix>.<clientId>.<username>.`: a field's key is this and the field name (see `storage-keys.ts`). */
  async #prefix(username?: string): Promise<string> {
    return `${AUTH_KEY_PREFIX}.${this.#clientId()}.${username ?? (await this.getLastAuthUser())}.`;
  }

  /** The values of `fields`, in order. */
  async #get(fields: string[], username?: string): Promise<(string | null)[]> {
    const storage = this.#storage();
    const prefix = await this.#prefix(username);
    return Promise.all(fields.map(field => storage.getItem(prefix + field)));
  }

  /** The stored session, or null when there is none or it cannot be read. */
  async loadTokens(): Promise<CognitoAuthTokens | null> {
    try {
      const username = await this.getLastAuthUser();
      const [access, id, refreshToken, clockDrift, signInDetails] = await this.#get(
        ['accessToken', 'idToken', 'refreshToken', 'clockDrift', 'signInDetails'],
        username,
      );
      if (!access) return null;
      const deviceMetadata = await this.getDeviceMetadata(username);
      const tokens: CognitoAuthTokens = { accessToken: decodeJWT(access), clockDrift: Number.parseInt(clockDrift ?? '0', 10) || 0, username };
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
    const prefix = await this.#prefix(tokens.username);
    const device = tokens.deviceMetadata;
    const details = tokens.signInDetails;
    const rows: [string, string | undefined][] = [
      ['accessToken', tokens.accessToken.toString()],
      ['idToken', tokens.idToken?.toString()],
      ['refreshToken', tokens.refreshToken],
    ];
    // Remembered-device keys are written when known and otherwise left alone.
    if (device) rows.push(['deviceKey', device.deviceKey], ['deviceGroupKey', device.deviceGroupKey], ['randomPasswordKey', device.randomPassword]);
    rows.push(['signInDetails', details && JSON.stringify(details)], ['clockDrift', `${tokens.clockDrift}`]);
    for (const [field, value] of rows) await (value ? storage.setItem(prefix + field, value) : storage.removeItem(prefix + field));
  }

  /** Removes the session; remembered-device keys stay (as in Amplify). */
  async clearTokens(): Promise<void> {
    const storage = this.#storage();
    const prefix = await this.#prefix();
    await Promise.all(
      [
        ...['accessToken', 'idToken', 'clockDrift', 'refreshToken', 'signInDetails'].map(field => prefix + field),
        lastAuthUserKey(this.#clientId()),
        `${prefix}oauthMetadata`,
      ].map(key => storage.removeItem(key)),
    );
  }

  /** `{oauthSignIn: true}` after a redirect sign-in, kept next to the tokens (Amplify's `oauthMetadata`). */
  async setOAuthMetadata(metadata: { oauthSignIn: boolean }): Promise<void> {
    await this.#storage().setItem(`${await this.#prefix()}oauthMetadata`, JSON.stringify(metadata));
  }

  async getOAuthMetadata(): Promise<{ oauthSignIn: boolean } | null> {
    try {
      const [text] = await this.#get(['oauthMetadata']);
      return text ? (JSON.parse(text) as { oauthSignIn: boolean }) : null;
    } catch {
      return null;
    }
  }

  async getDeviceMetadata(username?: string): Promise<DeviceMetadata | null> {
    const [deviceKey, deviceGroupKey, randomPassword] = await this.#get(DEVICE_FIELDS, username);
    return deviceKey && deviceGroupKey && randomPassword ? { deviceKey, deviceGroupKey, randomPassword } : null;
  }

  async clearDeviceMetadata(username?: string): Promise<void> {
    const storage = this.#storage();
    const prefix = await this.#prefix(username);
    await Promise.all(DEVICE_FIELDS.map(field => storage.removeItem(prefix + field)));
  }
}
