/**
 * The server's notion of time. `/_local/clock` shifts it (`offsetSeconds`) or stops it
 * (`frozen: true`), so expiry and lockout can be tested without waiting or racing real time.
 */
export class Clock {
  #offsetMs = 0;
  /** When set, time stands still at this instant (plus any later offset changes). */
  frozenAtMs: number | undefined;
  /**
   * How many times the offset was set or the clock frozen or let go: time may have moved back since
   * a reading with another count, even when it reads later now (what a memo of "nothing due before" needs).
   */
  changes = 0;

  get offsetMs(): number {
    return this.#offsetMs;
  }
  set offsetMs(ms: number) {
    this.#offsetMs = ms;
    this.changes++;
  }

  nowMs(): number {
    return (this.frozenAtMs ?? Date.now()) + this.offsetMs;
  }
  /** Epoch seconds, as Cognito puts them on the wire and in tokens. */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }
  freeze(frozen: boolean): void {
    this.frozenAtMs = frozen ? (this.frozenAtMs ?? Date.now()) : undefined;
    this.changes++;
  }
}
