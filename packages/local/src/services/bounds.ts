/**
 * Hard caps on what requests without credentials can make the server keep. A flood of InitiateAuth
 * (a challenge session or SRP state per call), of federated `/oauth2/authorize` (a flow per call)
 * or of mock-IdP answers (a code per call) would otherwise hold a record per request until it
 * expires. Each such record is noted here, per scope (a user pool), in the order it was made; when
 * a scope holds more than its cap, its oldest record is deleted from the store, so what a flood can
 * hold is the cap, whatever its rate. An honest sign-in caught in a flood may then have to start
 * again, as Cognito's throttling would make it.
 *
 * The index lives in the process (several processes on one `--data` folder each bound their own);
 * records made before a restart are not in it and go by expiry, as before. A record taken or dropped
 * is forgotten here when its owner says so; one deleted otherwise (expired and swept, `/_local/reset`)
 * stays noted until it reaches the front, and since it is older than the records noted after it, it
 * goes first: the live records of a scope never exceed its cap.
 */
import type { Kind, Store } from '../storage/store.js';

export interface Limits {
  /**
   * Live challenge sessions and SRP states per user pool (services/auth-sessions.ts), counted apart
   * for those anyone can start and those met after a first factor; a sign-up's session is not counted.
   */
  authSessionsPerPool: number;
  /** Federated sign-in flows and mock-IdP codes per user pool, and apart from them authorization codes and hosted pages' steps after a password (oauth/flow.ts, oauth/idp.ts). */
  oauthRecordsPerPool: number;
  /** Outbox messages kept per user (services/outbox.ts): a delivery drops the user's oldest beyond it. */
  messagesPerUser: number;
  /** Guest identities (unauthenticated GetId) made by this process per identity pool (identity/records.ts). */
  guestIdentitiesPerPool: number;
}

export const DEFAULT_LIMITS: Limits = {
  authSessionsPerPool: 4096,
  oauthRecordsPerPool: 4096,
  messagesPerUser: 100,
  guestIdentitiesPerPool: 10_000,
};

/** How a record pushed out is deleted, when more than its own key must go (or it may have changed meanwhile). */
export type Evict = (store: Store, key: string) => void;

interface Entry {
  scope: string;
  kind: Kind;
  key: string;
  evict?: Evict;
}

export class Bounds {
  readonly limits: Limits;
  /** Per scope, its records' ids (kind NUL key) in the order they were made. */
  #scopes = new Map<string, Set<string>>();
  /** Every noted record's scope, by id. */
  #where = new Map<string, Entry>();

  constructor(limits: Partial<Limits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Notes that `kind`/`key` was just stored for `scope`; deletes the scope's oldest records beyond `cap` (by `evict` when given). */
  add(store: Store, scope: string, kind: Kind, key: string, cap: number, evict?: Evict): void {
    const id = `${kind}\0${key}`;
    this.remove(kind, key);
    let ids = this.#scopes.get(scope);
    if (!ids) {
      ids = new Set();
      this.#scopes.set(scope, ids);
    }
    ids.add(id);
    this.#where.set(id, { scope, kind, key, ...(evict ? { evict } : {}) });
    for (const oldest of ids) {
      if (ids.size <= Math.max(1, cap)) break;
      const entry = this.#where.get(oldest)!;
      if (entry.evict) entry.evict(store, entry.key);
      else store.delete(entry.kind, entry.key);
      ids.delete(oldest);
      this.#where.delete(oldest);
    }
  }

  /** The record was taken or deleted: it no longer counts. */
  remove(kind: Kind, key: string): void {
    const id = `${kind}\0${key}`;
    const entry = this.#where.get(id);
    if (!entry) return;
    this.#where.delete(id);
    const ids = this.#scopes.get(entry.scope);
    ids?.delete(id);
    if (ids?.size === 0) this.#scopes.delete(entry.scope);
  }

  /** How many records `scope` holds (for tests and diagnostics). */
  size(scope: string): number {
    return this.#scopes.get(scope)?.size ?? 0;
  }

  /** DeleteUserPool: the pool's scopes go (their records are deleted by the caller). */
  forgetScopes(suffix: string): void {
    for (const [scope, ids] of this.#scopes) {
      if (!scope.endsWith(suffix)) continue;
      for (const id of ids) this.#where.delete(id);
      this.#scopes.delete(scope);
    }
  }
}
