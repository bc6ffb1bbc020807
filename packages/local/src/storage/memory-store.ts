import { INDEXED_USER_ATTRIBUTES, type AttributeMatch, type IndexedUserAttribute, type Kind, type Store } from './store.js';
import { StoreQueue } from './store-queue.js';

/** Index of the first element of the sorted `array` that is not less than `key`. */
function lowerBound(array: readonly string[], key: string): number {
  let lo = 0;
  let hi = array.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (array[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The keys of one kind in sorted order (JavaScript's `<`, i.e. UTF-16 code units, the order
 * `Array.prototype.sort` gives). A list of sorted blocks, each at most `2 * LOAD` keys long,
 * with the last key of every block in `#maxes`: finding a key is two binary searches, and an
 * insert or delete moves at most one block's keys plus, when a block splits or empties, one
 * pointer per block. A single sorted array would move every later key on each new key: with a
 * million token families (one per sign-in), that is megabytes copied per sign-in.
 *
 * The keys starting with a prefix are one contiguous run beginning at the prefix's lower bound
 * (any key after the run that does not start with the prefix is greater than all keys that do),
 * so a prefix query costs O(log n + matches).
 */
class SortedKeys {
  static readonly LOAD = 512;
  #blocks: string[][] = [];
  /** `#maxes[b]` is the last (greatest) key of `#blocks[b]`; blocks are never left empty. */
  #maxes: string[] = [];

  /** Block and position of the first key not less than `key`; block === #blocks.length if none. */
  #seek(key: string): [number, number] {
    const b = lowerBound(this.#maxes, key);
    return b === this.#blocks.length ? [b, 0] : [b, lowerBound(this.#blocks[b]!, key)];
  }

  /** Adds `key`, which must be absent. */
  insert(key: string): void {
    const blocks = this.#blocks;
    if (blocks.length === 0) {
      blocks.push([key]);
      this.#maxes.push(key);
      return;
    }
    // A key greater than every key goes at the end of the last block.
    const b = Math.min(lowerBound(this.#maxes, key), blocks.length - 1);
    const block = blocks[b]!;
    block.splice(lowerBound(block, key), 0, key);
    this.#maxes[b] = block[block.length - 1]!;
    if (block.length > 2 * SortedKeys.LOAD) {
      const tail = block.splice(SortedKeys.LOAD);
      blocks.splice(b + 1, 0, tail);
      this.#maxes[b] = block[block.length - 1]!;
      this.#maxes.splice(b + 1, 0, tail[tail.length - 1]!);
    }
  }

  /** Removes `key`, which must be present. */
  remove(key: string): void {
    const [b, i] = this.#seek(key);
    const block = this.#blocks[b]!;
    block.splice(i, 1);
    if (block.length === 0) {
      this.#blocks.splice(b, 1);
      this.#maxes.splice(b, 1);
    } else this.#maxes[b] = block[block.length - 1]!;
  }

  /** The first `limit` keys starting with `prefix`, in order. */
  range(prefix: string, limit: number): string[] {
    const keys: string[] = [];
    let [b, i] = this.#seek(prefix);
    for (; b < this.#blocks.length && keys.length < limit; b++, i = 0) {
      const block = this.#blocks[b]!;
      for (; i < block.length && keys.length < limit; i++) {
        if (!block[i]!.startsWith(prefix)) return keys;
        keys.push(block[i]!);
      }
    }
    return keys;
  }

  /** The first `limit` keys starting with `prefix` and greater than `after`, in order. */
  rangeAfter(prefix: string, after: string, limit: number): string[] {
    const keys: string[] = [];
    let [b, i] = this.#seek(after > prefix ? after : prefix);
    for (; b < this.#blocks.length && keys.length < limit; b++, i = 0) {
      const block = this.#blocks[b]!;
      for (; i < block.length && keys.length < limit; i++) {
        const key = block[i]!;
        if (!key.startsWith(prefix)) return keys;
        if (key > after) keys.push(key);
      }
    }
    return keys;
  }

  /** The first `limit` keys greater than `after`, in order. */
  after(after: string, limit: number): string[] {
    const keys: string[] = [];
    let [b, i] = this.#seek(after);
    for (; b < this.#blocks.length && keys.length < limit; b++, i = 0) {
      const block = this.#blocks[b]!;
      for (; i < block.length && keys.length < limit; i++) if (block[i]! > after) keys.push(block[i]!);
    }
    return keys;
  }

  /** How many keys start with `prefix`; a block whose last key matches is counted whole. */
  count(prefix: string): number {
    let n = 0;
    let [b, i] = this.#seek(prefix);
    for (; b < this.#blocks.length; b++, i = 0) {
      const block = this.#blocks[b]!;
      if (this.#maxes[b]!.startsWith(prefix)) {
        n += block.length - i;
        continue;
      }
      for (; i < block.length && block[i]!.startsWith(prefix); i++) n++;
      return n;
    }
    return n;
  }
}

/**
 * A copy of a JSON value (objects, arrays, strings, numbers, booleans, null), as `JSON.parse` of
 * its text would give: own enumerable keys only, and a `__proto__` key stays an own property.
 */
function copyJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const array = new Array(value.length);
    for (let i = 0; i < value.length; i++) array[i] = copyJson(value[i]);
    return array as T;
  }
  const object: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copyJson((value as Record<string, unknown>)[key]);
    if (key === '__proto__') Object.defineProperty(object, key, { value: item, enumerable: true, writable: true, configurable: true });
    else object[key] = item;
  }
  return object as T;
}

/** `value` and everything in it frozen; `value` itself is returned. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/**
 * Kinds read on almost every request and few in number (a pool's record is about 4 kB of JSON):
 * their parsed values are kept, and each read gets a fresh copy, which costs a fraction of parsing.
 */
const PARSED_KINDS: ReadonlySet<Kind> = new Set<Kind>(['pool', 'client']);
/**
 * Kinds whose values `peek`, `peekList` and `peekScan` keep parsed too (users, for AdminGetUser and
 * ListUsers pages), at most PEEKED_MAX per kind: the oldest kept goes first. `get` still parses.
 */
const PEEKED_KINDS: ReadonlySet<Kind> = new Set<Kind>(['user']);
const PEEKED_MAX = 4096;

/** One kind's values (JSON text by key) and its sorted key index, which holds exactly the map's keys. */
interface Table {
  values: Map<string, string>;
  keys: SortedKeys;
  /** For PARSED_KINDS: parsed values of keys read since their last write (never handed out, only copied). */
  parsed?: Map<string, unknown>;
  /** For PEEKED_KINDS: parsed, frozen values kept for peeks, bounded by PEEKED_MAX; dropped on every write of their key. */
  peeked?: Map<string, unknown>;
}

/** What `MemoryStore.clear` replaced, kept to be put back when the transaction it ran in fails. */
interface Cleared {
  tables: Map<Kind, Table>;
  userIndex: Map<IndexedUserAttribute, SortedKeys>;
}
type UndoRecord = [Kind, string, string | undefined] | Cleared;

/** What `slice(0, limit)` of `total` elements keeps, for any number `limit` (NaN, negative, fractional, infinite). */
function sliceLength(limit: number, total: number): number {
  const end = Number.isNaN(limit) ? 0 : Math.trunc(limit);
  return end < 0 ? Math.max(total + end, 0) : Math.min(end, total);
}

/**
 * In-memory store. Values are kept as JSON text so that callers never share mutable objects,
 * exactly as with the SQLite store. Each kind keeps a sorted key index beside its map, so that
 * prefix queries (one user's token families, one pool's users) cost the matches, not the kind's
 * whole data, as the SQLite store's primary-key range scan does.
 */
export class MemoryStore implements Store {
  #tables = new Map<Kind, Table>();
  /**
   * Per indexed user attribute, entries `<poolId> NUL <value> NUL <user key>` in sorted order: a
   * ListUsers filter reads its matches from here. Kept by `#set`/`#unset`, like the key index.
   */
  #userIndex = new Map<IndexedUserAttribute, SortedKeys>(INDEXED_USER_ATTRIBUTES.map(a => [a, new SortedKeys()]));

  #indexUser(key: string, text: string | undefined, add: boolean): void {
    if (text === undefined) return;
    const attributes = (JSON.parse(text) as { attributes?: Record<string, unknown> }).attributes;
    if (!attributes) return;
    const poolId = key.slice(0, key.indexOf('/'));
    for (const attribute of INDEXED_USER_ATTRIBUTES) {
      const value = attributes[attribute];
      if (typeof value !== 'string') continue;
      const entry = `${poolId}\0${value}\0${key}`;
      const index = this.#userIndex.get(attribute)!;
      if (add) index.insert(entry);
      else index.remove(entry);
    }
  }

  #table(kind: Kind): Table {
    let table = this.#tables.get(kind);
    if (!table) {
      table = {
        values: new Map(),
        keys: new SortedKeys(),
        ...(PARSED_KINDS.has(kind) ? { parsed: new Map() } : {}),
        ...(PEEKED_KINDS.has(kind) ? { peeked: new Map() } : {}),
      };
      this.#tables.set(kind, table);
    }
    return table;
  }

  /** Every write goes through here and `#unset`: the index changes only when a key appears or disappears. */
  #set(kind: Kind, key: string, text: string): void {
    const table = this.#table(kind);
    const previous = table.values.get(key);
    if (previous === undefined) table.keys.insert(key);
    table.parsed?.delete(key);
    table.peeked?.delete(key);
    if (kind === 'user') {
      this.#indexUser(key, previous, false);
      this.#indexUser(key, text, true);
    }
    table.values.set(key, text);
  }

  #unset(kind: Kind, key: string): void {
    const table = this.#tables.get(kind);
    const previous = table?.values.get(key);
    if (previous === undefined || !table) return;
    if (kind === 'user') this.#indexUser(key, previous, false);
    table.parsed?.delete(key);
    table.peeked?.delete(key);
    table.values.delete(key);
    table.keys.remove(key);
  }

  get<T>(kind: Kind, key: string): T | undefined {
    const table = this.#tables.get(kind);
    const text = table?.values.get(key);
    if (text === undefined) return undefined;
    const parsed = table!.parsed;
    if (!parsed) return JSON.parse(text) as T;
    return copyJson(this.#parsed(parsed, key, text) as T);
  }

  /** The kept parsed value of `key` (frozen: only ever copied or peeked at), parsing `text` when there is none. */
  #parsed(parsed: Map<string, unknown>, key: string, text: string): unknown {
    let value = parsed.get(key);
    if (value === undefined) {
      value = deepFreeze(JSON.parse(text));
      parsed.set(key, value);
    }
    return value;
  }

  peek<T>(kind: Kind, key: string): Readonly<T> | undefined {
    const table = this.#tables.get(kind);
    const text = table?.values.get(key);
    return text === undefined ? undefined : (this.#peeked(table!, key, text) as T);
  }

  /** What a peek at `key` (whose text is `text`) sees: the kept parsed value when the kind keeps one, else a fresh parse. */
  #peeked(table: Table, key: string, text: string): unknown {
    if (table.parsed) return this.#parsed(table.parsed, key, text);
    const peeked = table.peeked;
    if (!peeked) return JSON.parse(text);
    let value = peeked.get(key);
    if (value === undefined) {
      value = deepFreeze(JSON.parse(text));
      if (peeked.size >= PEEKED_MAX) peeked.delete(peeked.keys().next().value!);
      peeked.set(key, value);
    }
    return value;
  }

  peekList<T>(kind: Kind, prefix: string, limit = Infinity): Readonly<T>[] {
    const table = this.#tables.get(kind);
    if (!table) return [];
    const n = limit < 0 ? sliceLength(limit, table.keys.count(prefix)) : sliceLength(limit, Infinity);
    return table.keys.range(prefix, n).map(key => this.#peeked(table, key, table.values.get(key)!) as T);
  }

  peekScan<T>(kind: Kind, after: string, limit: number): Array<[string, Readonly<T>]> {
    const table = this.#tables.get(kind);
    if (!table) return [];
    return table.keys.after(after, limit).map(key => [key, this.#peeked(table, key, table.values.get(key)!) as T]);
  }

  put(kind: Kind, key: string, value: unknown): void {
    this.#remember(kind, key);
    this.#set(kind, key, JSON.stringify(value));
  }

  putIfAbsent<T>(kind: Kind, key: string, value: T): T {
    const existing = this.get<T>(kind, key);
    if (existing !== undefined) return existing;
    this.put(kind, key, value);
    return value;
  }

  delete(kind: Kind, key: string): void {
    this.#remember(kind, key);
    this.#unset(kind, key);
  }

  take<T>(kind: Kind, key: string): T | undefined {
    // Synchronous: nothing runs between the read and the delete.
    const value = this.get<T>(kind, key);
    if (value !== undefined) this.delete(kind, key);
    return value;
  }

  list<T>(kind: Kind, prefix: string, limit = Infinity): T[] {
    const table = this.#tables.get(kind);
    if (!table) return [];
    // `limit` keeps the meaning `keys.slice(0, limit)` gave it; only a negative one needs the total.
    const n = limit < 0 ? sliceLength(limit, table.keys.count(prefix)) : sliceLength(limit, Infinity);
    return table.keys.range(prefix, n).map(key => JSON.parse(table.values.get(key)!) as T);
  }

  deletePrefix(kind: Kind, prefix: string): void {
    const table = this.#tables.get(kind);
    if (!table) return;
    for (const key of table.keys.range(prefix, Infinity)) this.delete(kind, key);
  }

  count(kind: Kind, prefix: string): number {
    return this.#tables.get(kind)?.keys.count(prefix) ?? 0;
  }

  scan<T>(kind: Kind, after: string, limit: number): Array<[string, T]> {
    const table = this.#tables.get(kind);
    if (!table) return [];
    return table.keys.after(after, limit).map(key => [key, JSON.parse(table.values.get(key)!) as T]);
  }

  usersByAttribute<T>(
    poolId: string,
    attribute: IndexedUserAttribute,
    value: string,
    exact: boolean,
    after: [string, string] | undefined,
    limit: number,
  ): AttributeMatch<T>[] {
    const users = this.#tables.get('user');
    if (!users) return [];
    const prefix = `${poolId}\0${value}${exact ? '\0' : ''}`;
    const entries = this.#userIndex.get(attribute)!.rangeAfter(prefix, after ? `${poolId}\0${after[0]}\0${after[1]}` : '', limit);
    return entries.map(entry => {
      const end = entry.lastIndexOf('\0');
      const key = entry.slice(end + 1);
      return { value: entry.slice(poolId.length + 1, end), key, user: JSON.parse(users.values.get(key)!) as T };
    });
  }

  /**
   * Undo records of the transaction in progress: [kind, key, previous value or undefined], or the
   * tables and index a `clear` replaced.
   */
  #undo: UndoRecord[] | undefined;

  #remember(kind: Kind, key: string): void {
    this.#undo?.push([kind, key, this.#tables.get(kind)?.values.get(key)]);
  }

  transaction<T>(fn: () => T): T {
    // Single-threaded and synchronous: nothing can interleave. On a throw, the writes made inside
    // are undone in reverse order (an undo log: cost proportional to the writes, not the data).
    // Undoing goes through `#set`/`#unset`, so keys created then undone leave the index and keys
    // deleted then restored return to it. A nested transaction undoes only its own writes when it
    // throws, whether or not the outer one catches (as SQLite's savepoints do).
    const outer = this.#undo;
    const undo = outer ?? [];
    this.#undo = undo;
    const mark = undo.length;
    try {
      return fn();
    } catch (error) {
      this.#rollBack(undo, mark);
      throw error;
    } finally {
      if (!outer) this.#undo = undefined;
    }
  }

  /** Undoes the writes logged in `undo` from `mark` on, newest first, and drops their records. */
  #rollBack(undo: UndoRecord[], mark: number): void {
    for (let i = undo.length - 1; i >= mark; i--) {
      const entry = undo[i]!;
      if (!Array.isArray(entry)) {
        // A clear: the tables it replaced come back (the earlier records apply to them).
        this.#tables = entry.tables;
        this.#userIndex = entry.userIndex;
        continue;
      }
      const [kind, key, previous] = entry;
      if (previous === undefined) this.#unset(kind, key);
      else this.#set(kind, key, previous);
    }
    undo.length = mark;
  }

  #queue = new StoreQueue();

  shared<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.#queue.shared(fn);
  }

  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    // Alone in this process (the queue), with every write logged so that a throw undoes them all.
    return this.#queue.exclusive(async () => {
      const undo: UndoRecord[] = [];
      this.#undo = undo;
      try {
        return await fn();
      } catch (error) {
        this.#rollBack(undo, 0);
        throw error;
      } finally {
        this.#undo = undefined;
      }
    });
  }

  get waiting(): number {
    return this.#queue.waiting;
  }

  clear(): void {
    // New tables rather than emptied ones: inside an exclusive section (a reset), a throw brings the old back.
    this.#undo?.push({ tables: this.#tables, userIndex: this.#userIndex });
    this.#tables = new Map();
    this.#userIndex = new Map(INDEXED_USER_ATTRIBUTES.map(a => [a, new SortedKeys()]));
  }

  close(): void {}
}
