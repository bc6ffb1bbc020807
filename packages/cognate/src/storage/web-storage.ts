/**
 * `KeyValueStorageInterface` over the Web Storage API: `defaultStorage` is `localStorage` and
 * `sessionStorage` is `sessionStorage`, each falling back to memory where the browser store is
 * missing or refuses access (Node, Safari private mode, sandboxed frames), as Amplify's do.
 */
import type { KeyValueStorageInterface } from './key-value-storage.js';
import { InMemoryStorage } from './in-memory-storage.js';

type WebStorageName = 'localStorage' | 'sessionStorage';

/** A change another tab made, as a `storage` event reports it. */
export interface StorageChange {
  key: string | null;
  oldValue: string | null;
  newValue: string | null;
}

function webStorage(name: WebStorageName): Storage | undefined {
  try {
    const store = (globalThis as { window?: Record<WebStorageName, Storage | undefined> }).window?.[name];
    if (!store) return undefined;
    store.getItem('__cognate_probe__');
    return store;
  } catch {
    return undefined;
  }
}

export class WebStorage implements KeyValueStorageInterface {
  readonly #name: WebStorageName;
  #store: Storage | InMemoryStorage | undefined;

  constructor(name: WebStorageName) {
    this.#name = name;
  }

  /** Resolved on first use so that importing cognate never touches `window`. */
  get #target(): Storage | InMemoryStorage {
    // biome-ignore lint/suspicious/noAssignInExpressions: memoised on first use; one expression keeps the browser bundle small
    return (this.#store ??= webStorage(this.#name) ?? new InMemoryStorage());
  }

  async setItem(key: string, value: string): Promise<void> {
    await this.#target.setItem(key, value);
  }
  async getItem(key: string): Promise<string | null> {
    return this.#target.getItem(key);
  }
  async removeItem(key: string): Promise<void> {
    await this.#target.removeItem(key);
  }
  async clear(): Promise<void> {
    await this.#target.clear();
  }
  /**
   * Amplify's `addListener`: `listener({ key, oldValue, newValue })` for every change another tab
   * makes to this store (the window's `storage` event); returns the function that stops it.
   */
  addListener(listener: (change: StorageChange) => unknown): () => void {
    const target = this.#target;
    const window = (globalThis as { window?: Window }).window;
    if (target instanceof InMemoryStorage || !window) return () => {};
    const onStorage = (event: StorageEvent) => {
      if (event.storageArea !== target) return;
      Promise.resolve()
        .then(() => listener({ key: event.key, oldValue: event.oldValue, newValue: event.newValue }))
        .catch(() => {});
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }
  /** Synchronous reads for state that must be ready at module load (the sign-in state). */
  getItemSync(key: string): string | null {
    const target = this.#target;
    return target instanceof InMemoryStorage ? null : target.getItem(key);
  }
}

/** `localStorage`, or memory where there is none. */
export const defaultStorage = /* @__PURE__ */ new WebStorage('localStorage');
/** `sessionStorage`, or memory where there is none. */
export const sessionStorage = /* @__PURE__ */ new WebStorage('sessionStorage');
