/**
 * Browser cookies as a `KeyValueStorageInterface`, with Amplify's `CookieStorage` semantics
 * (`ssr: true` uses it): path `/`, 365 days, `Secure`, `SameSite=lax` unless told otherwise, no
 * domain. Names and values are encoded exactly as js-cookie encodes them, so a cookie written by
 * Amplify is found here and the reverse (`@` in a username becomes `%40` in the name).
 */
import { MAX_CHUNKS, chunkName, splitCookieValue } from './cookie-chunks.js';
import type { KeyValueStorageInterface } from './key-value-storage.js';

export interface CookieStorageData {
  domain?: string;
  path?: string;
  /** Days until expiry. */
  expires?: number;
  secure?: boolean;
  sameSite?: 'strict' | 'lax' | 'none';
}

/** js-cookie's name encoding: percent-encode, then restore `# $ & + ^ ` |`, and escape `(` `)`. */
export function encodeCookieName(name: string): string {
  return encodeURIComponent(name)
    .replace(/%(2[346B]|5E|60|7C)/g, decodeURIComponent)
    .replace(/[()]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** js-cookie's value encoding. */
export function encodeCookieValue(value: string): string {
  return encodeURIComponent(value).replace(/%(2[346BF]|3[AC-F]|40|5[BDE]|60|7[BCD])/g, decodeURIComponent);
}

/** Percent-decodes what `encodeCookieName` / `encodeCookieValue` encoded (a malformed escape stays as it is). */
export function decodeCookiePart(text: string): string {
  return text.replace(/(%[\dA-F]{2})+/gi, s => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
}

function documentRef(): { cookie: string } | undefined {
  return (globalThis as { document?: { cookie: string } }).document;
}

export class CookieStorage implements KeyValueStorageInterface {
  readonly domain?: string;
  readonly path: string;
  readonly expires: number;
  readonly secure: boolean;
  readonly sameSite?: 'strict' | 'lax' | 'none';

  constructor(data: CookieStorageData = {}) {
    const { path = '/', expires = 365, secure = true, domain, sameSite } = data;
    if (sameSite !== undefined && !['strict', 'lax', 'none'].includes(sameSite)) {
      throw new Error('The sameSite value of cookieStorage must be "lax", "strict" or "none".');
    }
    if (sameSite === 'none' && !secure) {
      throw new Error('sameSite = None requires the Secure attribute in latest browser versions.');
    }
    this.path = path;
    this.expires = expires;
    this.secure = secure;
    if (domain !== undefined) this.domain = domain;
    if (sameSite !== undefined) this.sameSite = sameSite;
  }

  #attributes(expires: Date): string {
    let attributes = `; path=${this.path}; expires=${expires.toUTCString()}`;
    if (this.domain) attributes += `; domain=${this.domain}`;
    if (this.secure) attributes += '; secure';
    if (this.sameSite) attributes += `; samesite=${this.sameSite}`;
    return attributes;
  }

  /** Writes `key`, split into chunk cookies when too large for one (see cookie-chunks.ts). */
  async setItem(key: string, value: string): Promise<void> {
    const doc = documentRef();
    if (!doc) return;
    const expires = this.#attributes(new Date(Date.now() + this.expires * 864e5));
    const chunks = splitCookieValue(key, value, encodeCookieName, encodeCookieValue);
    const stale = this.#chunkCount(this.#all(), key);
    if (!chunks) {
      doc.cookie = `${encodeCookieName(key)}=${encodeCookieValue(value)}${expires}`;
      for (let i = 0; i < stale; i++) this.#remove(doc, chunkName(key, i));
      return;
    }
    if (chunks.length > MAX_CHUNKS) throw new Error(`The value for ${key} needs more than ${MAX_CHUNKS} cookies.`);
    this.#remove(doc, key);
    chunks.forEach((chunk, i) => {
      doc.cookie = `${encodeCookieName(chunkName(key, i))}=${encodeCookieValue(chunk)}${expires}`;
    });
    for (let i = chunks.length; i < stale; i++) this.#remove(doc, chunkName(key, i));
  }

  /** The unsplit cookie, else its consecutive chunks joined (as the server side writes them). */
  async getItem(key: string): Promise<string | null> {
    const all = this.#all();
    if (all[key] !== undefined) return all[key];
    const count = this.#chunkCount(all, key);
    if (count === 0) return null;
    let value = '';
    for (let i = 0; i < count; i++) value += all[chunkName(key, i)];
    return value;
  }

  async removeItem(key: string): Promise<void> {
    const doc = documentRef();
    if (!doc) return;
    const count = this.#chunkCount(this.#all(), key);
    this.#remove(doc, key);
    for (let i = 0; i < count; i++) this.#remove(doc, chunkName(key, i));
  }

  #remove(doc: { cookie: string }, key: string): void {
    doc.cookie = `${encodeCookieName(key)}=${this.#attributes(new Date(0))}`;
  }

  #chunkCount(all: Record<string, string>, key: string): number {
    let count = 0;
    while (count < MAX_CHUNKS && all[chunkName(key, count)] !== undefined) count++;
    return count;
  }

  async clear(): Promise<void> {
    const doc = documentRef();
    if (!doc) return;
    for (const key of Object.keys(this.#all())) this.#remove(doc, key);
  }

  #all(): Record<string, string> {
    const out: Record<string, string> = {};
    const cookie = documentRef()?.cookie;
    if (!cookie) return out;
    for (const pair of cookie.split('; ')) {
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      let value = pair.slice(eq + 1);
      if (value.startsWith('"')) value = value.slice(1, -1);
      const name = decodeCookiePart(pair.slice(0, eq));
      if (!(name in out)) out[name] = decodeCookiePart(value);
    }
    return out;
  }
}
