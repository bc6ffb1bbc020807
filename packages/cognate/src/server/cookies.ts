/**
 * The server's one cookie codec and per-request cookie jar, shared by every framework adapter.
 *
 * Codec: names and values are encoded the js-cookie way (what Amplify's and cognate's browser
 * `CookieStorage` write and read): `@` in a username becomes `%40` in the name, JWTs pass unchanged,
 * `;`, `=`, `,`, spaces, quotes and non-ASCII are percent-encoded, so a value can never end its cookie
 * or start another. `Set-Cookie` carries Domain, Path, Expires, Max-Age, HttpOnly, Secure and SameSite.
 * A `Cookie` header is read up to MAX_COOKIE_HEADER_BYTES; cookies past that are ignored.
 *
 * Jar: the cookies of one request, as the storage (`cookie-kv.ts`) sees them. Reads see this
 * request's writes; each name's last write is kept (`setCookieHeaders()`), and handed to the sink,
 * if any, where the adapter puts it on its response (`cookie-sinks.ts`, or a framework's own cookie
 * API). Created per request; never shared.
 */
import { decodeCookiePart, encodeCookieName, encodeCookieValue } from '../storage/cookie-storage.js';
import type { CookieStorage } from './cookie-adapter.js';

export { encodeCookieName, encodeCookieValue };

/**
 * The longest `Cookie` header read: browsers send at most about 180 cookies of 4 KB for a host, and
 * Node's http server refuses headers over 16 KB unless told otherwise. Past this, cookies are ignored.
 */
export const MAX_COOKIE_HEADER_BYTES = 64 * 1024;
/** The most cookies read from one header. */
export const MAX_COOKIES = 300;

/**
 * `name → value` from a `Cookie` header (names and values decoded; the first of a name wins). Only the
 * first MAX_COOKIE_HEADER_BYTES characters and MAX_COOKIES cookies are read; a cookie cut by the limit
 * is dropped, not read in part.
 */
export function parseCookieHeader(header: string | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  let text = header;
  if (text.length > MAX_COOKIE_HEADER_BYTES) {
    const cut = text.lastIndexOf(';', MAX_COOKIE_HEADER_BYTES);
    text = cut < 0 ? '' : text.slice(0, cut);
  }
  let read = 0;
  for (const part of text.split(';')) {
    if (read++ >= MAX_COOKIES) break;
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

/** An attribute value (Domain, Path) with nothing that could end the attribute or the header. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this strips
const attribute = (value: string) => value.replace(/[;\r\n\u0000-\u001f\u007f]/g, '');

/** One `Set-Cookie` header value. */
export function serializeSetCookie(name: string, value: string, options: CookieStorage.SetCookieOptions = {}): string {
  let line = `${encodeCookieName(name)}=${encodeCookieValue(value)}`;
  if (options.domain) line += `; Domain=${attribute(options.domain)}`;
  line += `; Path=${attribute(options.path ?? '/')}`;
  if (options.expires) line += `; Expires=${options.expires.toUTCString()}`;
  if (options.maxAge !== undefined) line += `; Max-Age=${Math.floor(options.maxAge)}`;
  if (options.httpOnly) line += '; HttpOnly';
  if (options.secure) line += '; Secure';
  const sameSite = sameSiteText(options.sameSite);
  if (sameSite) line += `; SameSite=${sameSite}`;
  return line;
}

/** The attributes a delete must repeat to hit the cookie it means (Path and Domain), and keep (Secure, SameSite). */
export interface CookieScope {
  path?: string;
  domain?: string;
  secure?: boolean;
  sameSite?: CookieStorage.SetCookieOptions['sameSite'];
}

/** The scope of cookies written with `options`. */
export function cookieScopeOf(options: CookieStorage.SetCookieOptions): CookieScope {
  return {
    path: options.path ?? '/',
    ...(options.domain ? { domain: options.domain } : {}),
    ...(options.secure !== undefined ? { secure: options.secure } : {}),
    ...(options.sameSite !== undefined ? { sameSite: options.sameSite } : {}),
  };
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

/** Where one request's cookie writes go (a response's headers, a framework's cookie store). */
export interface CookieSink {
  set(name: string, value: string, options: CookieStorage.SetCookieOptions): void;
}

/**
 * The cookies of one request. `cookies` is the request's `Cookie` header, or cookies already parsed
 * (a given Map is used, not copied). Writes go to `sink` when there is one; names `allow` refuses are
 * neither written nor deleted. `retarget` sends the writes made so far, and later ones, to another
 * sink (a later call in the same request that brings another response).
 */
export class RequestCookieJar implements CookieStorage.Adapter {
  readonly #cookies: Map<string, string>;
  readonly #written = new Map<string, { value: string; options: CookieStorage.SetCookieOptions }>();
  readonly #scope: CookieScope;
  readonly #allow: (name: string) => boolean;
  #sink: CookieSink | undefined;

  constructor(
    cookies: string | Map<string, string> | null | undefined,
    scope: CookieScope = {},
    sink?: CookieSink,
    allow: (name: string) => boolean = () => true,
  ) {
    this.#cookies = cookies instanceof Map ? cookies : parseCookieHeader(cookies);
    this.#scope = scope;
    this.#sink = sink;
    this.#allow = allow;
  }

  get(name: string): CookieStorage.Cookie | undefined {
    const value = this.#cookies.get(name);
    return value === undefined ? undefined : { name, value };
  }

  getAll(): CookieStorage.Cookie[] {
    return [...this.#cookies].map(([name, value]) => ({ name, value }));
  }

  set(name: string, value: string, options: CookieStorage.SetCookieOptions = {}): void {
    if (!this.#allow(name)) return;
    this.#cookies.set(name, value);
    this.#emit(name, value, options);
  }

  delete(name: string): void {
    if (!this.#allow(name)) return;
    const known = this.#cookies.delete(name);
    // A delete of a cookie the request did not carry and this request did not write is a no-op.
    if (!known && !this.#written.has(name)) return;
    this.#emit(name, '', deletionOptions(this.#scope));
  }

  /** Sends later writes to `sink`, and the writes made so far too. */
  retarget(sink: CookieSink | undefined): void {
    this.#sink = sink;
    if (sink) for (const [name, { value, options }] of this.#written) sink.set(name, value, options);
  }

  /** The `Set-Cookie` values this request produced so far (one per name, the last write). */
  setCookieHeaders(): string[] {
    return [...this.#written].map(([name, { value, options }]) => serializeSetCookie(name, value, options));
  }

  #emit(name: string, value: string, options: CookieStorage.SetCookieOptions): void {
    this.#written.delete(name);
    this.#written.set(name, { value, options });
    this.#sink?.set(name, value, options);
  }
}
