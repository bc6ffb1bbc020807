/**
 * Cookie headers for the server adapters: parse a `Cookie` header, serialise `Set-Cookie`, and a
 * per-request jar that is the `CookieStorage.Adapter` the cookie storage writes through. Names and
 * values are encoded the js-cookie way (what Amplify's and cognate's browser `CookieStorage` write
 * and read): `@` in a username becomes `%40` in the name, JWTs pass unchanged, JSON values
 * (`signInDetails`) are percent-encoded where cookie syntax requires it.
 */
import { encodeCookieName } from '../storage/cookie-storage.js';
import type { CookieStorage } from './cookie-adapter.js';

export { encodeCookieName };

/** js-cookie's value encoding (only what RFC 6265 forbids, plus `%`, is escaped). */
export function encodeCookieValue(value: string): string {
  return encodeURIComponent(value).replace(/%(2[346BF]|3[AC-F]|40|5[BDE]|60|7[BCD])/g, decodeURIComponent);
}

function decodeCookiePart(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/(%[\dA-F]{2})+/gi, s => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
}

/** `name → value` from a `Cookie` header (names and values decoded; the first of a name wins). */
export function parseCookieHeader(header: string | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = decodeCookiePart(part.slice(0, eq).trim());
    if (!name || out.has(name)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length > 1 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    out.set(name, decodeCookiePart(value));
  }
  return out;
}

function sameSiteText(sameSite: CookieStorage.SetCookieOptions['sameSite']): string | undefined {
  if (sameSite === true) return 'Strict';
  if (!sameSite) return undefined;
  return sameSite.charAt(0).toUpperCase() + sameSite.slice(1);
}

/** One `Set-Cookie` header value. */
export function serializeSetCookie(name: string, value: string, options: CookieStorage.SetCookieOptions = {}): string {
  let line = `${encodeCookieName(name)}=${encodeCookieValue(value)}`;
  if (options.domain) line += `; Domain=${options.domain}`;
  line += `; Path=${options.path ?? '/'}`;
  if (options.expires) line += `; Expires=${options.expires.toUTCString()}`;
  if (options.maxAge !== undefined) line += `; Max-Age=${Math.floor(options.maxAge)}`;
  if (options.httpOnly) line += '; HttpOnly';
  if (options.secure) line += '; Secure';
  const sameSite = sameSiteText(options.sameSite);
  if (sameSite) line += `; SameSite=${sameSite}`;
  return line;
}

/** The attributes a delete must repeat to hit the cookie it means (Path and Domain). */
export interface CookieScope {
  path?: string;
  domain?: string;
  secure?: boolean;
  sameSite?: CookieStorage.SetCookieOptions['sameSite'];
}

/** The options of the `Set-Cookie` that deletes a cookie: the scope's Path and Domain, expired now. */
export function deletionOptions(scope: CookieScope): CookieStorage.SetCookieOptions {
  return {
    path: scope.path ?? '/',
    ...(scope.domain ? { domain: scope.domain } : {}),
    expires: new Date(0),
    maxAge: 0,
    ...(scope.secure !== undefined ? { secure: scope.secure } : {}),
    ...(scope.sameSite !== undefined ? { sameSite: scope.sameSite } : {}),
  };
}

/**
 * The cookies of one request, as the storage sees them: reads see this request's writes, and the
 * writes are kept as `Set-Cookie` lines (one per name, the last write wins) for the adapter to put
 * on the response. Created per request; never shared.
 */
export class RequestCookieJar implements CookieStorage.Adapter {
  readonly #cookies: Map<string, string>;
  readonly #writes = new Map<string, string>();
  readonly #scope: CookieScope;
  readonly #onWrite: (() => void) | undefined;

  constructor(cookieHeader: string | null | undefined, scope: CookieScope = {}, onWrite?: () => void) {
    this.#cookies = parseCookieHeader(cookieHeader);
    this.#scope = scope;
    this.#onWrite = onWrite;
  }

  get(name: string): CookieStorage.Cookie | undefined {
    const value = this.#cookies.get(name);
    return value === undefined ? undefined : { name, value };
  }

  getAll(): CookieStorage.Cookie[] {
    return [...this.#cookies].map(([name, value]) => ({ name, value }));
  }

  set(name: string, value: string, options: CookieStorage.SetCookieOptions = {}): void {
    this.#cookies.set(name, value);
    this.#writes.set(name, serializeSetCookie(name, value, options));
    this.#onWrite?.();
  }

  delete(name: string): void {
    const known = this.#cookies.delete(name);
    // A delete of a cookie the request did not carry and this request did not write is a no-op.
    if (!known && !this.#writes.has(name)) return;
    this.#writes.set(name, serializeSetCookie(name, '', deletionOptions(this.#scope)));
    this.#onWrite?.();
  }

  /** The `Set-Cookie` values this request produced so far. */
  setCookieHeaders(): string[] {
    return [...this.#writes.values()];
  }
}
