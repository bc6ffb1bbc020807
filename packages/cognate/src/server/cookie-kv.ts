/**
 * Amplify's `createKeyValueStorageFromCookieStorageAdapter(adapter, validator?, setCookieOptions?)`:
 * the storage the server's token and credentials providers read and write, over whatever cookie
 * API the framework has (the `CookieStorage.Adapter`: `get`, `getAll`, `set`, `delete`). Keys are
 * Amplify's storage keys, which are also the cookie names (the adapter encodes names the js-cookie
 * way when it writes headers; see `cookies.ts`).
 *
 * Cookie attributes (Amplify's defaults, deliberately kept so the browser side — Amplify or cognate
 * with `ssr: true` — can keep reading and refreshing the same cookies):
 * - `Path=/`: every route of the app sees the session; deletes use the same Path (and Domain), so a
 *   delete from a nested route really removes the cookie.
 * - `SameSite=Lax`: sent on top-level navigations from other sites (links in e-mails), not on
 *   cross-site subrequests; Strict would sign users out on every inbound link.
 * - `Secure`: on by default (browsers accept Secure cookies from http://localhost too); turn off only
 *   for plain-http hosts other than localhost.
 * - `Max-Age=31536000` (1 year) unless `maxAge`/`expires` is given: the cookies must outlive the
 *   access token so the refresh token in them can renew it; the refresh token's own validity (30
 *   days by default) is what really ends the session.
 * - not `HttpOnly` by default, because the browser library reads the tokens; pass `httpOnly: true`
 *   when only the server handles auth (server-side sign-in), which keeps tokens out of reach of XSS.
 *
 * Values too large for one cookie (4096 bytes per name=value in browsers; id tokens with custom
 * claims pass that) are split into `<name>.0`, `<name>.1`, … of at most 3,800 bytes of name and
 * value each; a read takes the unsplit name first (so a cookie Amplify wrote is always found), else
 * joins consecutive chunks. Every write removes the forms it does not use (the unsplit cookie or
 * stale chunks), so at most one form is live; at most 16 chunks are read or written.
 */
import type { KeyValueStorageInterface } from '../storage/key-value-storage.js';
import type { CookieStorage } from './cookie-adapter.js';
import { encodeCookieName, encodeCookieValue } from './cookies.js';
import { MAX_CHUNKS, MAX_COOKIE_BYTES, chunkName, splitCookieValue as splitChunks } from '../storage/cookie-chunks.js';

export const DEFAULT_AUTH_TOKEN_COOKIES_MAX_AGE = 31536000;

export type { CookieStorage } from './cookie-adapter.js';

/** Amplify's `KeyValueStorageMethodValidator`. */
export interface KeyValueStorageMethodValidator {
  getItem?(key: string, value: string): Promise<boolean>;
  setItem?(key: string, value: string): Promise<boolean>;
}

export const defaultSetCookieOptions: CookieStorage.SetCookieOptions = { sameSite: 'lax', secure: true, path: '/' };

export { MAX_COOKIE_BYTES, MAX_CHUNKS };

/** Splits `value` so that each encoded `<name>.<i>=<chunk>` stays within MAX_COOKIE_BYTES. */
export function splitCookieValue(key: string, value: string): string[] | undefined {
  return splitChunks(key, value, encodeCookieName, encodeCookieValue);
}

export function createKeyValueStorageFromCookieStorageAdapter(
  cookieStorageAdapter: CookieStorage.Adapter,
  validator?: KeyValueStorageMethodValidator,
  setCookieOptions: CookieStorage.SetCookieOptions = {},
): KeyValueStorageInterface {
  const adapter = cookieStorageAdapter;
  const options = (): CookieStorage.SetCookieOptions => {
    const merged = { ...defaultSetCookieOptions, ...setCookieOptions };
    if (!merged.expires && !merged.maxAge) merged.maxAge = DEFAULT_AUTH_TOKEN_COOKIES_MAX_AGE;
    return merged;
  };
  const liveChunks = (key: string): number => {
    let count = 0;
    while (count < MAX_CHUNKS && adapter.get(chunkName(key, count))?.value) count++;
    return count;
  };
  const read = (key: string): string | null => {
    const whole = adapter.get(key)?.value;
    if (whole) return whole;
    const count = liveChunks(key);
    if (count === 0) return null;
    let value = '';
    for (let i = 0; i < count; i++) value += adapter.get(chunkName(key, i))!.value!;
    return value;
  };
  return {
    async setItem(key, value) {
      if (validator?.setItem && !(await validator.setItem(key, value))) return;
      const chunks = splitCookieValue(key, value);
      const stale = liveChunks(key);
      if (!chunks) {
        // Delete first, then set (Amplify's order): also clears a same-named cookie on another path.
        adapter.delete(key);
        adapter.set(key, value, options());
        for (let i = 0; i < stale; i++) adapter.delete(chunkName(key, i));
        return;
      }
      if (chunks.length > MAX_CHUNKS) throw new Error(`The value for ${key} needs more than ${MAX_CHUNKS} cookies.`);
      if (adapter.get(key)) adapter.delete(key);
      chunks.forEach((chunk, i) => {
        adapter.set(chunkName(key, i), chunk, options());
      });
      for (let i = chunks.length; i < stale; i++) adapter.delete(chunkName(key, i));
    },
    async getItem(key) {
      const value = read(key);
      if (value && validator?.getItem && !(await validator.getItem(key, value))) return null;
      return value;
    },
    async removeItem(key) {
      adapter.delete(key);
      const stale = liveChunks(key);
      for (let i = 0; i < stale; i++) adapter.delete(chunkName(key, i));
    },
    async clear() {
      throw new Error('This method has not implemented.');
    },
  };
}
