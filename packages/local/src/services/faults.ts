/**
 * Fault injection (`/_local/faults`), off by default: a share of AWS API and OAuth token requests
 * fail the way a real service and network do — throttling (400 TooManyRequestsException), server
 * errors (500 InternalErrorException / 503 ServiceUnavailable), slow answers, or dropped
 * connections. Faults apply before the operation runs (nothing changes) or, with
 * `phase: "after"`, after it ran (the change is made, the answer is lost), as on a real network.
 * A seeded generator makes a run repeatable.
 */
export type FaultKind = 'throttle' | 'error' | 'unavailable' | 'slow' | 'drop';

export interface FaultSettings {
  /** Probability 0..1 per request for each kind; checked in this order. */
  throttle?: number;
  error?: number;
  unavailable?: number;
  slow?: number;
  drop?: number;
  /** Delay for `slow`, in milliseconds (default 2000). */
  slowMs?: number;
  /** Only these operations (e.g. "InitiateAuth", "oauth2/token"); all when absent. */
  operations?: string[];
  phase?: 'before' | 'after';
  seed?: number;
}

export interface FaultStats {
  requests: number;
  injected: Record<FaultKind, number>;
}

/** Small, fast, seedable PRNG (mulberry32). */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS: FaultKind[] = ['throttle', 'error', 'unavailable', 'slow', 'drop'];

/**
 * A failure queued for the next calls of one operation (`failNext` in cognate-local/testing):
 * a Cognito error answered instead of running the operation, or `'drop'` (the connection closes
 * without an answer, as a network failure).
 */
export type QueuedFailure = { type: string; message: string; status: number } | 'drop';

export class Faults {
  settings: FaultSettings = {};
  /** Queued failures by operation name, first in first out; each entry is used `remaining` times. */
  #queued = new Map<string, Array<{ failure: QueuedFailure; remaining: number }>>();
  stats: FaultStats = { requests: 0, injected: { throttle: 0, error: 0, unavailable: 0, slow: 0, drop: 0 } };
  #random: () => number = Math.random;

  configure(settings: FaultSettings): void {
    this.settings = settings;
    this.#random = settings.seed !== undefined ? generator(settings.seed) : Math.random;
    this.stats = { requests: 0, injected: { throttle: 0, error: 0, unavailable: 0, slow: 0, drop: 0 } };
  }

  /** The next `times` calls of `operation` fail with `failure` (after any failures queued before). */
  failNext(operation: string, failure: QueuedFailure, times = 1): void {
    if (!(times >= 1)) return;
    const list = this.#queued.get(operation) ?? [];
    list.push({ failure, remaining: Math.floor(times) });
    this.#queued.set(operation, list);
  }

  /** Takes one queued failure of `operation`, if any (checked before the random faults). */
  takeQueued(operation: string): QueuedFailure | undefined {
    const list = this.#queued.get(operation);
    const head = list?.[0];
    if (!head) return undefined;
    if (--head.remaining <= 0) list.shift();
    if (!list.length) this.#queued.delete(operation);
    return head.failure;
  }

  /** Forgets every queued failure. */
  clearQueued(): void {
    this.#queued.clear();
  }

  /** Draws the fault (if any) for one request of `operation`. */
  draw(operation: string): FaultKind | undefined {
    const s = this.settings;
    if (s.operations && !s.operations.includes(operation)) return undefined;
    if (!KINDS.some(k => (s[k] ?? 0) > 0)) return undefined;
    this.stats.requests++;
    for (const kind of KINDS) {
      const p = s[kind] ?? 0;
      if (p > 0 && this.#random() < p) {
        this.stats.injected[kind]++;
        return kind;
      }
    }
    return undefined;
  }
}

/** Validates a `/_local/faults` body; returns an error message or the settings. */
export function parseFaultSettings(body: unknown): FaultSettings | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body must be a JSON object';
  const input = body as Record<string, unknown>;
  const out: FaultSettings = {};
  for (const kind of KINDS) {
    const v = input[kind];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) return `${kind} must be a probability between 0 and 1`;
    out[kind] = v;
  }
  if (input.slowMs !== undefined) {
    if (typeof input.slowMs !== 'number' || !(input.slowMs >= 0 && input.slowMs <= 60_000)) return 'slowMs must be 0..60000';
    out.slowMs = input.slowMs;
  }
  if (input.operations !== undefined) {
    if (!Array.isArray(input.operations) || input.operations.some(o => typeof o !== 'string')) return 'operations must be a list of names';
    out.operations = input.operations as string[];
  }
  if (input.phase !== undefined) {
    if (input.phase !== 'before' && input.phase !== 'after') return 'phase must be "before" or "after"';
    out.phase = input.phase;
  }
  if (input.seed !== undefined) {
    if (typeof input.seed !== 'number' || !Number.isInteger(input.seed)) return 'seed must be an integer';
    out.seed = input.seed;
  }
  return out;
}

/** Marks a response whose connection the Node shell must drop without answering. */
export const DROP_HEADER = 'x-cognate-local-drop';
