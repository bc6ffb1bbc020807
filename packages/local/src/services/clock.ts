/** The server's notion of time. `/_local/clock` shifts it so expiry can be tested without waiting. */
export class Clock {
  offsetMs = 0;
  nowMs(): number {
    return Date.now() + this.offsetMs;
  }
  /** Epoch seconds, as Cognito puts them on the wire and in tokens. */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }
}
