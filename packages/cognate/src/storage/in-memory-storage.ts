/**
 * A `KeyValueStorageInterface` over a `Map`: the default where there is no `localStorage` (Node,
 * workers), and the store to give each test its own session.
 */
import type { KeyValueStorageInterface } from './key-value-storage.js';

export class InMemoryStorage implements KeyValueStorageInterface {
  readonly #items = new Map<string, string>();

  async setItem(key: string, value: string): Promise<void> {
    this.#items.set(key, String(value));
  }
  async getItem(key: string): Promise<string | null> {
    return this.#items.get(key) ?? null;
  }
  async removeItem(key: string): Promise<void> {
    this.#items.delete(key);
  }
  async clear(): Promise<void> {
    this.#items.clear();
  }
  /** The number of stored keys (tests). */
  get size(): number {
    return this.#items.size;
  }
}

/** One process-wide in-memory store (Amplify's `sharedInMemoryStorage`). */
export const sharedInMemoryStorage: KeyValueStorageInterface = /* @__PURE__ */ new InMemoryStorage();
