/**
 * The one storage interface behind cognate-local: a small, synchronous document store of JSON
 * values addressed by (kind, key). Keys are ordered strings so that a prefix lists one pool's
 * users, one user's token families, and so on. `transaction` makes several writes atomic;
 * `shared` and `exclusive` order the sections of work that await (storage/store-queue.ts).
 *
 * Implementations: `MemoryStore` (the default) and `SqliteStore` (`--data DIR`, WAL).
 */
export type Kind =
  | 'pool'
  | 'client'
  | 'user'
  | 'alias'
  | 'family'
  | 'refresh'
  | 'session'
  | 'message'
  /** Outbox messages by destination (pool/destination/sequence → the message's key), for GET /_local/messages. */
  | 'messageIndex'
  | 'keys'
  | 'device'
  | 'meta'
  | 'identityPool'
  | 'identity'
  | 'identityIndex'
  | 'identityKey'
  | 'webauthn'
  | 'webauthnIndex'
  | 'domain'
  | 'resourceServer'
  | 'idp'
  | 'oauth'
  | 'group'
  | 'groupMember'
  | 'userGroup'
  /** AdminLinkProviderForUser: pool/provider/attribute/value → the user an external identity signs in as. */
  | 'providerLink'
  /** Sign-in events (AdminListUserAuthEvents): pool/username/newest-first key → the event. */
  | 'authEvent'
  /** Set/DescribeRiskConfiguration: pool/client id (or `*` for the pool) → the configuration. */
  | 'risk'
  /** User import jobs (`<poolId>/<jobId>`) and their uploaded CSV (`csv/<jobId>`); see operations/user-import.ts. */
  | 'importJob'
  /** Stored-and-returned pool settings: UI customisation, managed login branding, terms, log delivery (`<poolId>/<what>/…`). */
  | 'poolSetting';

/**
 * The user attributes each store indexes (a user is a `user` value under `<poolId>/<name>`, its
 * attributes in `attributes`), so that ListUsers' filters on them read the matches, not the pool.
 */
export const INDEXED_USER_ATTRIBUTES = ['email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username', 'sub'] as const;
export type IndexedUserAttribute = (typeof INDEXED_USER_ATTRIBUTES)[number];

/** One match of `usersByAttribute`: the attribute's value, the user's key and the stored user. */
export interface AttributeMatch<T> {
  value: string;
  key: string;
  user: T;
}

export interface Store {
  get<T>(kind: Kind, key: string): T | undefined;
  /**
   * The value at `key` for a read that changes nothing and keeps nothing (answering a Describe or
   * Get call): it may be shared with other readers, and is frozen so that a write to it throws
   * instead of reaching them. `get` is for anything that edits what it read.
   */
  peek<T>(kind: Kind, key: string): Readonly<T> | undefined;
  /** `list` for a read that changes nothing and keeps nothing: the values may be shared and frozen, as `peek`'s. */
  peekList<T>(kind: Kind, prefix: string, limit?: number): Readonly<T>[];
  /** `scan` for a read that changes nothing and keeps nothing: the values may be shared and frozen, as `peek`'s. */
  peekScan<T>(kind: Kind, after: string, limit: number): Array<[string, Readonly<T>]>;
  put(kind: Kind, key: string, value: unknown): void;
  /**
   * Stores `value` at `key` unless something is there already, and returns what is stored then, in
   * one atomic step (across processes sharing a `--data` folder too): the first writer wins.
   */
  putIfAbsent<T>(kind: Kind, key: string, value: T): T;
  delete(kind: Kind, key: string): void;
  /**
   * Deletes the value at `key` and returns it, in one atomic step (across processes sharing a
   * `--data` folder too): of callers taking the same key at once, exactly one gets the value, the
   * others undefined. How a one-time thing (a session, an SRP state, an authorization code) is used up.
   */
  take<T>(kind: Kind, key: string): T | undefined;
  /** Values whose key starts with `prefix`, in key order. */
  list<T>(kind: Kind, prefix: string, limit?: number): T[];
  /** Deletes every value whose key starts with `prefix`. */
  deletePrefix(kind: Kind, prefix: string): void;
  count(kind: Kind, prefix: string): number;
  /**
   * Up to `limit` entries whose key is greater than `after`, in key order, as [key, value]: the
   * background sweep walks a kind a bounded batch at a time from a cursor.
   */
  scan<T>(kind: Kind, after: string, limit: number): Array<[string, T]>;
  /**
   * Users of pool `poolId` whose attribute `attribute` equals `value` (`exact`) or starts with it,
   * in (attribute value, key) order, strictly after the position `after` ([value, key]) when given;
   * at most `limit`. Served from an index: the cost is the matches read, not the pool's size.
   */
  usersByAttribute<T>(
    poolId: string,
    attribute: IndexedUserAttribute,
    value: string,
    exact: boolean,
    after: [string, string] | undefined,
    limit: number,
  ): AttributeMatch<T>[];
  transaction<T>(fn: () => T): T;
  /**
   * Runs `fn`, which may await, as one of this process's shared sections of work on the store
   * (see StoreQueue): beside other requests, never inside a seed or a reset. Every request runs in one.
   */
  shared<T>(fn: () => Promise<T> | T): Promise<T>;
  /**
   * Runs `fn`, which may await, alone (see StoreQueue: after this process's requests under way, before
   * those that come later) and in one write transaction, committed at once or, when it throws, not at
   * all: seeding checks what exists and creates the rest; a reset clears and seeds again. Another
   * process on the same `--data` folder waits for the SQLite write lock, then sees the whole of it.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** This process's sections waiting for their turn (see StoreQueue). */
  readonly waiting: number;
  clear(): void;
  close(): void;
}
