/**
 * The one storage interface behind cognate-local: a small, synchronous document store of JSON
 * values addressed by (kind, key). Keys are ordered strings so that a prefix lists one pool's
 * users, one user's token families, and so on. `transaction` makes several writes atomic.
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

export interface Store {
  get<T>(kind: Kind, key: string): T | undefined;
  put(kind: Kind, key: string, value: unknown): void;
  delete(kind: Kind, key: string): void;
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
  transaction<T>(fn: () => T): T;
  clear(): void;
  close(): void;
}
