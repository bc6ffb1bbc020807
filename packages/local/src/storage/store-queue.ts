/**
 * The order of one store's work in this process: the one place that decides what may run beside
 * what. Work comes in sections, functions that may await:
 *
 * - shared sections (every request, the background sweep, a user import): any number run side by
 *   side, as requests always have. Inside one, `store.transaction` keeps a read-then-write atomic
 *   (it is synchronous) and `withUserLock` one user's steps across awaits.
 * - exclusive sections (seeding, `POST /_local/reset`): one at a time and alone. One starts when
 *   the shared sections already under way have finished, and shared sections that arrive
 *   meanwhile wait until it has ended (and any exclusive queued before them), so no request sees
 *   a half-done seed or reset, nor writes into one, in the gaps of its awaits.
 *
 * The stores wrap an exclusive section in their own write transaction (SQLite's BEGIN IMMEDIATE,
 * the memory store's undo log), so what holds against this process's requests here holds against
 * another process on the same `--data` folder there.
 *
 * A request that an exclusive section waits for must not itself wait for a request made after the
 * exclusive one was queued (a trigger calling back into the server while a reset is pending): that
 * request waits behind the reset, and the first one's trigger times out.
 */
export class StoreQueue {
  /** Shared sections running. */
  #running = 0;
  /** Whether an exclusive section is running. */
  #exclusive = false;
  /** Exclusive sections waiting, in order of arrival: each starts when nothing else runs. */
  #exclusiveWaiting: Array<() => void> = [];
  /** Shared sections waiting for the exclusive ones (running or queued) to end. */
  #sharedWaiting: Array<() => void> = [];

  /** Sections waiting for their turn (shared and exclusive). */
  get waiting(): number {
    return this.#exclusiveWaiting.length + this.#sharedWaiting.length;
  }

  /** Runs `fn` beside other shared sections, after the exclusive sections running or queued now. */
  async shared<T>(fn: () => Promise<T> | T): Promise<T> {
    if (this.#exclusive || this.#exclusiveWaiting.length) await new Promise<void>(resolve => this.#sharedWaiting.push(resolve));
    else this.#running++;
    try {
      return await fn();
    } finally {
      this.#running--;
      this.#next();
    }
  }

  /** Runs `fn` alone: after the shared sections running now and the exclusive ones queued, before shared sections that come later. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#exclusive || this.#running || this.#exclusiveWaiting.length || this.#sharedWaiting.length) {
      await new Promise<void>(resolve => this.#exclusiveWaiting.push(resolve));
    } else this.#exclusive = true;
    try {
      return await fn();
    } finally {
      this.#exclusive = false;
      this.#next();
    }
  }

  /** Starts what may start now: the next exclusive section once nothing runs, else every shared section waiting. */
  #next(): void {
    if (this.#exclusive || this.#running) return;
    const exclusive = this.#exclusiveWaiting.shift();
    if (exclusive) {
      this.#exclusive = true;
      exclusive();
      return;
    }
    const shared = this.#sharedWaiting.splice(0);
    this.#running += shared.length;
    for (const start of shared) start();
  }
}
