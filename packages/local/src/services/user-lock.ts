/**
 * One queue per user (pool + username) for the state changes that read the user, await (password
 * hashing, SRP, signing, a trigger) and then write on the strength of what they read: a lockout
 * count, a one-time code, the old password, a refresh token's rotation. Run through
 * `withUserLock`, such a step starts only when the previous one for the same user has finished,
 * and re-reads the user inside, so N identical requests give one outcome each in turn rather than
 * N outcomes from the same stale read. Other users are not held up.
 *
 * The store itself is synchronous (nothing interleaves inside `store.transaction`); only the awaits
 * open the gap this closes. Queues belong to one store (a WeakMap keyed by it), so servers side by
 * side in one process never wait on each other. Callers must not take the same user's lock again
 * inside `fn` (it would wait for itself), and should keep triggers that may call back into the
 * server outside it where they can.
 */
import type { Services } from '../context.js';
import type { UserPool } from '../model.js';
import type { Store } from '../storage/store.js';
import { userKey } from './users.js';

const queues = new WeakMap<Store, Map<string, Promise<void>>>();
const waiters = new WeakMap<Store, number>();

/** Steps of this store's users waiting for a lock held by an earlier step (tests use it to see a call queued). */
export function userLockWaiting(store: Store): number {
  return waiters.get(store) ?? 0;
}

export async function withUserLock<T>(ctx: Services, pool: UserPool, username: string, fn: () => Promise<T> | T): Promise<T> {
  let byUser = queues.get(ctx.store);
  if (!byUser) {
    byUser = new Map();
    queues.set(ctx.store, byUser);
  }
  const key = userKey(pool, username);
  const previous = byUser.get(key);
  let release!: () => void;
  const done = new Promise<void>(resolve => (release = resolve));
  // The tail of the queue: later callers wait for this step, which waits for the one before it.
  const tail = previous ? previous.then(() => done) : done;
  byUser.set(key, tail);
  try {
    if (previous) {
      waiters.set(ctx.store, userLockWaiting(ctx.store) + 1);
      try {
        await previous;
      } finally {
        waiters.set(ctx.store, userLockWaiting(ctx.store) - 1);
      }
    }
    return await fn();
  } finally {
    release();
    if (byUser.get(key) === tail) byUser.delete(key);
  }
}
