/**
 * Amplify's `CookieStorage` types: the cookie API a framework gives the server storage (`Adapter`) and
 * the attributes a cookie is set with. Types only; `cookie-kv.ts` builds the storage over an adapter,
 * `cookies.ts` parses and writes the headers.
 */
export namespace CookieStorage {
  export interface SetCookieOptions {
    domain?: string;
    expires?: Date;
    httpOnly?: boolean;
    maxAge?: number;
    sameSite?: boolean | 'lax' | 'strict' | 'none';
    secure?: boolean;
    path?: string;
  }
  export type Cookie = { name: string; value?: string } & SetCookieOptions;
  export interface Adapter {
    getAll(): Cookie[] | Promise<Cookie[]>;
    get(name: string): Cookie | undefined;
    set(name: string, value: string, options?: SetCookieOptions): void;
    delete(name: string): void;
  }
}
