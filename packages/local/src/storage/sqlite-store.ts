import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Kind, Store } from './store.js';

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
  #delete: Database.Statement<[string, string]>;
  #list: Database.Statement<[string, string, string, number], { value: string }>;
  #deleteRange: Database.Statement<[string, string, string]>;
  #count: Database.Statement<[string, string, string], { n: number }>;

  constructor(dir: string, options: { durability?: 'normal' | 'full' } = {}) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, 'cognate-local.sqlite');
    this.#db = new Database(this.path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(
      'CREATE TABLE IF NOT EXISTS kv (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID',
    );
    this.#get = this.#db.prepare('SELECT value FROM kv WHERE kind = ? AND key = ?');
    this.#put = this.#db.prepare('INSERT INTO kv (kind, key, value) VALUES (?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value');
    this.#delete = this.#db.prepare('DELETE FROM kv WHERE kind = ? AND key = ?');
    this.#list = this.#db.prepare('SELECT value FROM kv WHERE kind = ? AND key >= ? AND key < ? ORDER BY key LIMIT ?');
    this.#deleteRange = this.#db.prepare('DELETE FROM kv WHERE kind = ? AND key >= ? AND key < ?');
    this.#count = this.#db.prepare('SELECT count(*) AS n FROM kv WHERE kind = ? AND key >= ? AND key < ?');
  }

  get<T>(kind: Kind, key: string): T | undefined {
    const row = this.#get.get(kind, key);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  put(kind: Kind, key: string, value: unknown): void {
    this.#put.run(kind, key, JSON.stringify(value));
  }

  delete(kind: Kind, key: string): void {
    this.#delete.run(kind, key);
  }

  list<T>(kind: Kind, prefix: string, limit = -1): T[] {
    return this.#list.all(kind, prefix, prefix + '\uffff', limit === Infinity ? -1 : limit).map((row) => JSON.parse(row.value) as T);
  }

  deletePrefix(kind: Kind, prefix: string): void {
    this.#deleteRange.run(kind, prefix, prefix + '\uffff');
  }

  count(kind: Kind, prefix: string): number {
    return this.#count.get(kind, prefix, prefix + '\uffff')!.n;
  }

  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn)();
  }

  clear(): void {
    this.#db.exec('DELETE FROM kv');
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
