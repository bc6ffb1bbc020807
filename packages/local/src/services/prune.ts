/**
 * Forgetting state that is over, so that the store does not only grow.
 *
 * What goes, on the server clock (so `POST /_local/clock` moves it):
 * - token families (`family`): a day after their refresh token expired (the client's
 *   RefreshTokenValidity) or a day after they were revoked. The day covers the longest access and
 *   ID token validity (1 day), so an access token of the family is refused as expired before its
 *   family is forgotten, and a refresh token expired or revoked within the day still gets its exact
 *   message; reuse detection (ROTATION_RACE_SECONDS) only needs the family while it lives. A
 *   forgotten family's tokens are refused as revoked, as a revoked one's are.
 * - refresh token records (`refresh`): a day after they expire, or once their family is forgotten.
 * - challenge sessions and SRP states (`session`): once AuthSessionValidity ran out (a late answer
 *   is told "session is expired" by the Session or SECRET_BLOCK itself, services/auth-sessions.ts).
 * - OAuth codes, flows, hosted-UI sessions and mock IdP codes (`oauth`): once they expire (an
 *   expired one is refused as an unknown one is).
 * - outbox messages (`message`): a day after they were delivered (a test or a developer reads a
 *   code within seconds; a day keeps yesterday's for a look back). Kept by age, not by count.
 * - authentication events (`authEvent`): after AUTH_EVENT_RETENTION_SECONDS (90 days); a new event
 *   also drops the user's events beyond the newest MAX_EVENTS_PER_USER (services/auth-events.ts).
 *
 * How: incrementally and cheaply. A sign-in forgets the user's own long-over families (a prefix
 * list of the user's rows), a delivery the user's own day-old messages; and a sweep (every
 * SWEEP_INTERVAL_MS, an unref'd timer) walks at most SWEEP_BATCH keys per tick from a cursor that
 * goes round each kind in turn. `/_local/reset` clears the whole store anyway. No request ever
 * scans a whole kind.
 */
import type { Services } from '../context.js';
import type { AuthSession, OutboxMessage, RefreshTokenRecord, TokenFamily } from '../model.js';
import type { Kind, Store } from '../storage/store.js';
import { MESSAGE_RETENTION_SECONDS } from './outbox.js';
import { AUTH_EVENT_RETENTION_SECONDS, type AuthEventRecord } from './auth-events.js';
import { evictOverLimit } from './session-config.js';

/** How long a family or refresh record is kept after it expired or was revoked. */
export const TOKEN_RETENTION_SECONDS = 24 * 3600;
/** How long a challenge session or an OAuth record is kept after it expired: not at all, nothing needs it then. */
export const SESSION_RETENTION_SECONDS = 0;
export const SWEEP_INTERVAL_MS = 10_000;
export const SWEEP_BATCH = 2_000;

const SWEPT: Kind[] = ['family', 'refresh', 'session', 'oauth', 'message', 'messageIndex', 'authEvent'];

function familyOver(family: TokenFamily, now: number): boolean {
  if (family.expiresAt + TOKEN_RETENTION_SECONDS <= now) return true;
  return family.revoked && family.revokedAt !== undefined && family.revokedAt + TOKEN_RETENTION_SECONDS <= now;
}

/** Whether the record of `kind` at `key` is over; `store` is read for a refresh record's family. */
function over(store: Store, kind: Kind, value: unknown, now: number): boolean {
  switch (kind) {
    case 'family':
      return familyOver(value as TokenFamily, now);
    case 'refresh': {
      const record = value as RefreshTokenRecord;
      if (record.expiresAt + TOKEN_RETENTION_SECONDS <= now) return true;
      return store.get<TokenFamily>('family', record.family) === undefined;
    }
    case 'session':
    case 'oauth': {
      const expiresAt = (value as Partial<AuthSession>).expiresAt;
      return typeof expiresAt === 'number' && expiresAt + SESSION_RETENTION_SECONDS <= now;
    }
    case 'message':
    case 'messageIndex':
      return (value as Pick<OutboxMessage, 'createdAt'>).createdAt + MESSAGE_RETENTION_SECONDS <= now;
    case 'authEvent':
      return (value as Pick<AuthEventRecord, 'CreationDate'>).CreationDate + AUTH_EVENT_RETENTION_SECONDS <= now;
    default:
      return false;
  }
}

/**
 * Forgets the user's families that are long over: one prefix list of the user's own families.
 * Returns the earliest time one of the user's families can be over next, as long as the clock
 * only moves forward: the soonest of those left, and a day from now for any revoked from now on.
 */
export function pruneUserFamilies(ctx: Services, poolId: string, username: string): number {
  const now = ctx.clock.now();
  const prefix = `${poolId}/${username}/`;
  let next = now + TOKEN_RETENTION_SECONDS;
  for (const family of ctx.store.list<TokenFamily>('family', prefix)) {
    if (familyOver(family, now)) ctx.store.delete('family', `${family.poolId}/${family.username}/${family.originJti}`);
    else {
      next = Math.min(next, family.expiresAt + TOKEN_RETENTION_SECONDS);
      if (family.revoked && family.revokedAt !== undefined) next = Math.min(next, family.revokedAt + TOKEN_RETENTION_SECONDS);
    }
  }
  evictOverLimit(ctx, poolId, username);
  return next;
}

/** The background sweep: a cursor going round the swept kinds, a bounded batch at a time. */
export class Pruner {
  #kind = 0;
  #cursor = '';
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly services: Pick<Services, 'store' | 'clock' | 'log'>) {}

  /** Looks at up to `budget` keys from where the last tick stopped; returns how many it deleted. */
  tick(budget = SWEEP_BATCH): number {
    const { store, clock } = this.services;
    const now = clock.now();
    let deleted = 0;
    store.transaction(() => {
      let left = budget;
      // At most one round of the kinds per tick, even when the store holds fewer keys than the budget.
      for (let turns = 0; left > 0 && turns < SWEPT.length; ) {
        const kind = SWEPT[this.#kind]!;
        const entries = store.scan<unknown>(kind, this.#cursor, left);
        left -= entries.length;
        for (const [key, value] of entries) {
          if (over(store, kind, value, now)) {
            store.delete(kind, key);
            deleted++;
          }
        }
        if (left > 0) {
          // Fewer keys than asked for: this kind is done; the next one, from its start.
          this.#kind = (this.#kind + 1) % SWEPT.length;
          this.#cursor = '';
          turns++;
        } else this.#cursor = entries[entries.length - 1]![0];
      }
    });
    return deleted;
  }

  /**
   * One complete sweep of every swept kind (for tests and the benchmark), as a shared section of the
   * store's work (it waits for a reset or a seed under way); resolves to how many it deleted.
   */
  sweepAll(): Promise<number> {
    return this.services.store.shared(() => this.#sweepAll());
  }

  #sweepAll(): number {
    this.#kind = 0;
    this.#cursor = '';
    const { store, clock } = this.services;
    const now = clock.now();
    let deleted = 0;
    for (const kind of SWEPT) {
      let cursor = '';
      for (;;) {
        const entries = store.scan<unknown>(kind, cursor, SWEEP_BATCH);
        if (!entries.length) break;
        store.transaction(() => {
          for (const [key, value] of entries) {
            if (over(store, kind, value, now)) {
              store.delete(kind, key);
              deleted++;
            }
          }
        });
        cursor = entries[entries.length - 1]![0];
      }
    }
    return deleted;
  }

  /** Whether a tick of the timer is waiting for its turn or running: the next one is skipped. */
  #ticking = false;

  start(intervalMs = SWEEP_INTERVAL_MS): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      if (this.#ticking) return;
      this.#ticking = true;
      // A shared section of the store's work, as a request is: never in the middle of a reset or a seed.
      this.services.store
        .shared(() => this.tick())
        .catch(error => this.services.log(`[cognate-local] prune sweep failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => (this.#ticking = false));
    }, intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** After `/_local/reset`: the store is empty, the cursor starts over. */
  restart(): void {
    this.#kind = 0;
    this.#cursor = '';
  }
}
