import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';

/** better-sqlite3 (a native module) loads when the first SQLite store opens, not when cognate-local is imported. */
const loadSqlite = (): typeof Database => createRequire(import.meta.url)('better-sqlite3');
import { INDEXED_USER_ATTRIBUTES, type AttributeMatch, type IndexedUserAttribute, type Kind, type Store } from './store.js';
import { StoreQueue } from './store-queue.js';

/** The indexed expressions of a user row: its pool (the key before `/`) and one attribute. */
const POOL_OF_KEY = "substr(key, 1, instr(key, '/') - 1)";
const attributeOf = (attribute: IndexedUserAttribute) => `json_extract(value, '$.attributes.${attribute}')`;

/**
 * SQLite store in `DIR/cognate-local.sqlite`, in WAL mode. Every write is committed before the
 * response that acknowledges it is sent, so an acknowledged write survives `kill -9` of the
 * process (`synchronous = NORMAL` in WAL mode is durable against process crashes; `FULL` adds
 * power-loss durability and is chosen with `durability: 'full'`).
 */
export class SqliteStore implements Store {
  readonly path: string;
  #db: Database.Database;
  #get: Database.Statement<[string, string], { value: string }>;
  #put: Database.Statement<[string, string, string]>;
  #insert: Database.Statement<[string, string, string]>;
  #delete: Database.Statement<[string, string]>;
  #take: Database.Statement<[string, string], { value: string }>;
  #list: Database.Statement<[string, string, string, number], { value: string }>;
  #deleteRange: Database.Statement<[string, string, string]>;
  #count: Database.Statement<[string, string, string], { n: number }>;
  #listFrom: Database.Statement<[string, string, number], { value: string }>;
  #deleteFrom: Database.Statement<[string, string]>;
  #countFrom: Database.Statement<[string, string], { n: number }>;
  #scan: Database.Statement<[string, string, number], { key: string; value: string }>;

  constructor(dir: string, options: { durability?: 'normal' | 'full' } = {}) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, 'cognate-local.sqlite');
    this.#db = new (loadSqlite())(this.path);
    // The busy timeout first: another process opening the same folder at once may hold the lock.
    this.#db.pragma('busy_timeout = 5000');
    // Two processes opening a new folder at once race to switch it to WAL and to create the schema.
    // SQLite answers SQLITE_BUSY at once, without its busy handler, where waiting could deadlock (a
    // reader upgrading to a writer while the other holds the lock), so these steps retry on their own.
    whenNotBusy(() => this.#db.pragma('journal_mode = WAL'));
    this.#db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
    whenNotBusy(() =>
      this.#db.exec('CREATE TABLE IF NOT EXISTS kv (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID'),
    );
    this.#get = this.#db.prepare('SELECT value FROM kv WHERE kind = ? AND key = ?');
    this.#put = this.#db.prepare('INSERT INTO kv (kind, key, value) VALUES (?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value');
    this.#insert = this.#db.prepare('INSERT INTO kv (kind, key, value) VALUES (?, ?, ?) ON CONFLICT (kind, key) DO NOTHING');
    this.#delete = this.#db.prepare('DELETE FROM kv WHERE kind = ? AND key = ?');
    this.#take = this.#db.prepare('DELETE FROM kv WHERE kind = ? AND key = ? RETURNING value');
    this.#list = this.#db.prepare('SELECT value FROM kv WHERE kind = ? AND key >= ? AND key < ? ORDER BY key LIMIT ?');
    this.#deleteRange = this.#db.prepare('DELETE FROM kv WHERE kind = ? AND key >= ? AND key < ?');
    this.#count = this.#db.prepare('SELECT count(*) AS n FROM kv WHERE kind = ? AND key >= ? AND key < ?');
    // For a prefix with no successor (the empty one): everything from it on.
    this.#listFrom = this.#db.prepare('SELECT value FROM kv WHERE kind = ? AND key >= ? ORDER BY key LIMIT ?');
    this.#deleteFrom = this.#db.prepare('DELETE FROM kv WHERE kind = ? AND key >= ?');
    this.#countFrom = this.#db.prepare('SELECT count(*) AS n FROM kv WHERE kind = ? AND key >= ?');
    this.#scan = this.#db.prepare('SELECT key, value FROM kv WHERE kind = ? AND key > ? ORDER BY key LIMIT ?');
    // One partial expression index per filterable user attribute: (pool, value, key) of `user` rows.
    // Made on open, so a database written by an older version gets them too.
    for (const attribute of INDEXED_USER_ATTRIBUTES) {
      whenNotBusy(() =>
        this.#db.exec(`CREATE INDEX IF NOT EXISTS kv_user_${attribute} ON kv (${POOL_OF_KEY}, ${attributeOf(attribute)}, key) WHERE kind = 'user'`),
      );
    }
  }

  #byAttribute = new Map<string, Database.Statement<unknown[], { key: string; value: string; v: string }>>();

  usersByAttribute<T>(
    poolId: string,
    attribute: IndexedUserAttribute,
    value: string,
    exact: boolean,
    after: [string, string] | undefined,
    limit: number,
  ): AttributeMatch<T>[] {
    if (!(INDEXED_USER_ATTRIBUTES as readonly string[]).includes(attribute)) return [];
    const end = exact ? undefined : prefixEnd(value);
    const shape = `${attribute}/${exact ? 'eq' : end === undefined ? 'from' : 'range'}/${after ? 'after' : ''}`;
    let statement = this.#byAttribute.get(shape);
    if (!statement) {
      const v = attributeOf(attribute);
      const match = exact ? `${v} = ?` : end === undefined ? `${v} >= ?` : `${v} >= ? AND ${v} < ?`;
      statement = this.#db.prepare(
        `SELECT key, value, ${v} AS v FROM kv WHERE kind = 'user' AND ${POOL_OF_KEY} = ? AND ${match}${after ? ` AND (${v}, key) > (?, ?)` : ''} ORDER BY ${v}, key LIMIT ?`,
      );
      this.#byAttribute.set(shape, statement);
    }
    const args: unknown[] = [poolId, value, ...(end !== undefined ? [end] : []), ...(after ?? []), limit];
    return statement.all(...args).map(row => ({ value: row.v, key: row.key, user: JSON.parse(row.value) as T }));
  }

  get<T>(kind: Kind, key: string): T | undefined {
    const row = this.#get.get(kind, key);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  peek<T>(kind: Kind, key: string): Readonly<T> | undefined {
    // A fresh value, nobody else's: nothing to freeze.
    return this.get<T>(kind, key);
  }

  peekList<T>(kind: Kind, prefix: string, limit?: number): Readonly<T>[] {
    return this.list<T>(kind, prefix, limit);
  }

  peekScan<T>(kind: Kind, after: string, limit: number): Array<[string, Readonly<T>]> {
    return this.scan<T>(kind, after, limit);
  }

  put(kind: Kind, key: string, value: unknown): void {
    this.#put.run(kind, key, JSON.stringify(value));
  }

  putIfAbsent<T>(kind: Kind, key: string, value: T): T {
    // One INSERT that does nothing on a conflict is atomic against other processes; then read what won.
    this.#insert.run(kind, key, JSON.stringify(value));
    return this.get<T>(kind, key)!;
  }

  delete(kind: Kind, key: string): void {
    this.#delete.run(kind, key);
  }

  take<T>(kind: Kind, key: string): T | undefined {
    // One statement: a second process's DELETE of the same row finds nothing to return.
    const row = this.#take.get(kind, key);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  list<T>(kind: Kind, prefix: string, limit = -1): T[] {
    const end = prefixEnd(prefix);
    const max = limit === Infinity ? -1 : limit;
    const rows = end === undefined ? this.#listFrom.all(kind, prefix, max) : this.#list.all(kind, prefix, end, max);
    return rows.map(row => JSON.parse(row.value) as T);
  }

  deletePrefix(kind: Kind, prefix: string): void {
    const end = prefixEnd(prefix);
    if (end === undefined) this.#deleteFrom.run(kind, prefix);
    else this.#deleteRange.run(kind, prefix, end);
  }

  count(kind: Kind, prefix: string): number {
    const end = prefixEnd(prefix);
    return (end === undefined ? this.#countFrom.get(kind, prefix) : this.#count.get(kind, prefix, end))!.n;
  }

  scan<T>(kind: Kind, after: string, limit: number): Array<[string, T]> {
    return this.#scan.all(kind, after, limit).map(row => [row.key, JSON.parse(row.value) as T]);
  }

  transaction<T>(fn: () => T): T {
    // IMMEDIATE: the write lock from the start, waiting (busy_timeout) while another process on the
    // folder holds it. A deferred transaction that reads and then writes gets SQLITE_BUSY at once
    // instead, without waiting, when another process writes meanwhile. Inside one, a savepoint.
    return this.#db.transaction(fn).immediate();
  }

  #queue = new StoreQueue();

  shared<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.#queue.shared(fn);
  }

  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    // Alone in this process (the queue), and in BEGIN IMMEDIATE against the others on the folder.
    return this.#queue.exclusive(async () => {
      this.#beginImmediate();
      try {
        const result = await fn();
        this.#db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  /** Sections waiting for their turn in this process (see StoreQueue). */
  get waiting(): number {
    return this.#queue.waiting;
  }

  /** BEGIN IMMEDIATE (the write lock now, not at the first write), waiting up to a minute for another process's seed. */
  #beginImmediate(): void {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        this.#db.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        // Each attempt already waits busy_timeout (5 s) for the lock.
        if (!isBusy(error) || Date.now() > deadline) throw error;
      }
    }
  }

  clear(): void {
    this.#db.exec('DELETE FROM kv');
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

/**
 * The least string above every string that starts with `prefix`, in SQLite's order for text (UTF-8
 * bytes, which is code point order): the prefix with its last code point raised by one. Not
 * `prefix + '\uffff'`, which leaves out keys going on with U+FFFF or any character above it (an
 * emoji in a username: U+1F600 is four UTF-8 bytes above EF BF BF). Undefined when there is no such
 * string (the empty prefix, or one made only of U+10FFFF).
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = Array.from(prefix);
  while (points.length) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      // The surrogate range holds no characters: after U+D7FF comes U+E000.
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}

/** SQLITE_BUSY and its extended codes (BUSY_RECOVERY, BUSY_SNAPSHOT, BUSY_TIMEOUT). */
function isBusy(error: unknown): boolean {
  return String((error as { code?: unknown } | null)?.code ?? '').startsWith('SQLITE_BUSY');
}

/** Runs a step of opening the database again while another process holds the lock, for up to 30 s. */
function whenNotBusy<T>(step: () => T): T {
  const deadline = Date.now() + 30_000;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; ; attempt++) {
    try {
      return step();
    } catch (error) {
      if (!isBusy(error) || Date.now() > deadline) throw error;
      Atomics.wait(pause, 0, 0, Math.min(5 * 2 ** attempt, 200));
    }
  }
}
