import type { Kind, Store } from './store.js';

/**
 * In-memory store. Values are kept as JSON text so that callers never share mutable objects,
 * exactly as with the SQLite store.
 */
export class MemoryStore implements Store {
  #tables = new Map<Kind, Map<string, string>>();

  #table(kind: Kind): Map<string, string> {
    let table = this.#tables.get(kind);
    if (!table) this.#tables.set(kind, (table = new Map()));
    return table;
  }

  get<T>(kind: Kind, key: string): T | undefined {
    const text = this.#tables.get(kind)?.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  put(kind: Kind, key: string, value: unknown): void {
    this.#remember(kind, key);
    this.#table(kind).set(key, JSON.stringify(value));
  }

  delete(kind: Kind, key: string): void {
    this.#remember(kind, key);
    this.#tables.get(kind)?.delete(key);
  }

  #keys(kind: Kind, prefix: string): string[] {
    const table = this.#tables.get(kind);
    if (!table) return [];
    const keys: string[] = [];
    for (const key of table.keys()) if (key.startsWith(prefix)) keys.push(key);
    return keys.sort();
  }

  list<T>(kind: Kind, prefix: string, limit = Infinity): T[] {
    const table = this.#tables.get(kind);
    return this.#keys(kind, prefix)
      .slice(0, limit)
      .map((key) => JSON.parse(table!.get(key)!) as T);
  }

  deletePrefix(kind: Kind, prefix: string): void {
    for (const key of this.#keys(kind, prefix)) this.delete(kind, key);
  }

  count(kind: Kind, prefix: string): number {
    return this.#keys(kind, prefix).length;
  }

  /** Undo records of the transaction in progress: [kind, key, previous value or undefined]. */
  #undo: Array<[Kind, string, string | undefined]> | undefined;

  #remember(kind: Kind, key: string): void {
    this.#undo?.push([kind, key, this.#tables.get(kind)?.get(key)]);
  }

  transaction<T>(fn: () => T): T {
    // Single-threaded and synchronous: nothing can interleave. On a throw, the writes made inside
    // are undone in reverse order (an undo log: cost proportional to the writes, not the data).
    if (this.#undo) return fn();
    this.#undo = [];
    try {
      const result = fn();
      this.#undo = undefined;
      return result;
    } catch (error) {
      const undo = this.#undo!;
      this.#undo = undefined;
      for (let i = undo.length - 1; i >= 0; i--) {
        const [kind, key, previous] = undo[i]!;
        if (previous === undefined) this.#tables.get(kind)?.delete(key);
        else this.#table(kind).set(key, previous);
      }
      throw error;
    }
  }

  clear(): void {
    this.#tables.clear();
  }

  close(): void {}
}
