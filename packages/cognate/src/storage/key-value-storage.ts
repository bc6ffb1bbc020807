/**
 * The storage port tokens live behind: Amplify's `KeyValueStorageInterface`, all async so cookie,
 * native and remote stores fit. Anything with these four methods works, including Amplify's own
 * `defaultStorage`, `CookieStorage` and `sharedInMemoryStorage`.
 */
export interface KeyValueStorageInterface {
  setItem(key: string, value: string): Promise<void>;
  getItem(key: string): Promise<string | null>;
  removeItem(key: string): Promise<void>;
  clear(): Promise<void>;
}

/** Cognate's short name for the same interface. */
export type KeyValueStorage = KeyValueStorageInterface;
