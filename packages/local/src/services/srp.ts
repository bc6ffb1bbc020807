/**
 * Server-side SRP-6a on a small pool of worker threads. Each operation is dominated by 3072-bit
 * modular exponentiations (≈ 0.6 ms each in OpenSSL, synchronous); running them off the event loop
 * lets the main thread keep parsing, signing (RS256 already runs on libuv's pool) and answering.
 * The pool holds no data, only compute; its threads are `unref`'d so they never keep a process
 * alive. Where workers cannot start, the same functions run inline.
 *
 * A worker that fails (an error, or its thread ends) takes its pool down: the jobs out in the pool
 * run inline instead (a sign-in in flight never fails for it), and so does every SRP step while the
 * pool is off. A new pool is started on the first SRP step after a back-off that doubles with each
 * failure in a row (SRP_POOL_RESTART), so a worker that dies at once costs a few threads, not a crash
 * loop; after `maxInRow` failures in a row the pool stays off and everything runs inline, as before.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as inline from '@cognate/protocol';
import type { SrpJob } from './srp-worker.js';

type Input<F extends (...args: never[]) => unknown> = Parameters<F>[0];
type Job = Omit<SrpJob, 'id'>;

// From src/services (tests) and dist/services alike: the worker runs as built JavaScript, a module
// file of the package (dist/services/srp-worker.js), never source text evaluated at run time.
const WORKER = new URL('../../dist/services/srp-worker.js', import.meta.url);

class Pool {
  #workers: Worker[] = [];
  #next = 0;
  #id = 0;
  #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #disabled = false;
  readonly #onFail: (pool: Pool) => void;

  /** `onFail` is called once, when the pool goes down (possibly from within this constructor). */
  constructor(size: number, onFail: (pool: Pool) => void) {
    this.#onFail = onFail;
    try {
      for (let i = 0; i < size; i++) {
        const worker = new Worker(WORKER);
        worker.on('message', (message: { id?: number; result?: unknown; error?: string }) => {
          if (message.id === undefined) return;
          const job = this.#pending.get(message.id);
          if (!job) return;
          this.#pending.delete(message.id);
          if (message.error !== undefined) job.reject(new Error(message.error));
          else job.resolve(message.result);
        });
        worker.on('error', () => this.#fail());
        // A worker that ends without an error (terminated, out of memory) would leave its jobs unanswered.
        worker.on('exit', () => this.#fail());
        // After the listeners: adding a 'message' listener refs the worker's port again.
        worker.unref();
        this.#workers.push(worker);
      }
    } catch {
      this.#fail();
    }
  }

  #fail(): void {
    if (this.#disabled) return;
    this.#disabled = true;
    for (const w of this.#workers) void w.terminate();
    this.#workers = [];
    for (const job of this.#pending.values()) job.reject(new Error('SRP worker failed'));
    this.#pending.clear();
    this.#onFail(this);
  }

  get available(): boolean {
    return !this.#disabled && this.#workers.length > 0;
  }

  /** Jobs handed to a worker and not yet answered. */
  get busy(): number {
    return this.#pending.size;
  }

  /** The worker threads, for tests that stop one. */
  get threads(): readonly Worker[] {
    return this.#workers;
  }

  run<T>(job: Job): Promise<T> {
    const worker = this.#workers[this.#next++ % this.#workers.length];
    const id = ++this.#id;
    return new Promise<T>((resolve, reject) => {
      if (!worker || this.#disabled) return reject(new Error('SRP worker failed'));
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      // While a job is out, the worker keeps the process alive; idle, it does not.
      worker.ref();
      worker.postMessage({ id, ...job });
    }).finally(() => {
      if (this.#pending.size === 0) for (const w of this.#workers) w.unref();
    });
  }
}

/** The running pool; undefined before the first SRP step, and while it is down after a failure. */
let pool: Pool | undefined;

/**
 * When a failed pool is started again: after `firstDelayMs`, doubled for each further failure in a
 * row up to `maxDelayMs`; a pool that ran `healthyMs` before it failed starts the count again. After
 * `maxInRow` failures in a row, no new pool is started for the rest of the process. `now` is the
 * clock it is measured on (milliseconds, monotonic). Tests may change these.
 */
export const SRP_POOL_RESTART = {
  firstDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxInRow: 6,
  healthyMs: 60_000,
  now: (): number => performance.now(),
};

const poolLife = {
  /** Pools that failed, since the process started. */
  failures: 0,
  /** Failures without a healthy pool in between. */
  inRow: 0,
  /** Pools started after a failure. */
  restarts: 0,
  /** When the next pool may start (SRP_POOL_RESTART.now), while the pool is down; else undefined. */
  restartAt: undefined as number | undefined,
  /** When the running pool was started. */
  startedAt: 0,
  /** SRP steps answered by a worker, and run inline (on this thread), since the process started. */
  jobs: { worker: 0, inline: 0 },
};

function poolFailed(failed: Pool): void {
  if (pool === failed) pool = undefined;
  const now = SRP_POOL_RESTART.now();
  poolLife.failures++;
  poolLife.inRow = now - poolLife.startedAt >= SRP_POOL_RESTART.healthyMs ? 1 : poolLife.inRow + 1;
  const delay = Math.min(SRP_POOL_RESTART.firstDelayMs * 2 ** (poolLife.inRow - 1), SRP_POOL_RESTART.maxDelayMs);
  poolLife.restartAt = poolLife.inRow >= SRP_POOL_RESTART.maxInRow ? Number.POSITIVE_INFINITY : now + delay;
}

function startPool(): void {
  if (poolLife.restartAt !== undefined) poolLife.restarts++;
  poolLife.restartAt = undefined;
  poolLife.startedAt = SRP_POOL_RESTART.now();
  const started = new Pool(Number(process.env.COGNATE_LOCAL_SRP_WORKERS) || Math.max(1, Math.min(4, availableParallelism() - 1)), poolFailed);
  // One that failed in its constructor (no thread could start) has already set its restart time.
  if (started.available) pool = started;
}

/**
 * Inline jobs in progress on this thread (a synchronous step, or an async one awaiting its hashes).
 * An idle server runs a job inline: the hand-off to a worker and back (two thread wake-ups and
 * two structured clones) costs more than it saves when nothing else waits for the event loop.
 * While any job is out, inline or in a worker, the next one goes to a worker.
 * Under Node the SRP hashes are synchronous (node:crypto), so an inline job ends within the turn
 * that started it and is seldom seen "out": a loaded server now runs most of its SRP steps inline
 * too, one at a time on the event loop (≈ 0.6 ms per exponentiation), and saves the hand-offs' CPU.
 */
let inlineJobs = 0;

/** The worker pool, started on first use; undefined where workers are off or cannot run. */
function startedPool(): Pool | undefined {
  if (process.env.COGNATE_LOCAL_SRP_WORKERS === '0') return undefined;
  if (!pool && (poolLife.restartAt === undefined || SRP_POOL_RESTART.now() >= poolLife.restartAt)) startPool();
  return pool?.available ? pool : undefined;
}

/** The SRP worker threads now running (none where workers are off or failed), for tests. */
export function srpWorkerThreads(): readonly Worker[] {
  return pool?.available ? pool.threads : [];
}

/** The pool's state and history, for tests and diagnostics. */
export function srpPoolState(): {
  running: boolean;
  /** SRP steps out in a worker now. */
  busy: number;
  failures: number;
  failuresInRow: number;
  restarts: number;
  /** Milliseconds until a new pool may start (0: at the next SRP step); undefined while one runs or none has failed; Infinity: never. */
  restartInMs: number | undefined;
  jobs: { worker: number; inline: number };
} {
  const { restartAt } = poolLife;
  return {
    running: pool?.available === true,
    busy: pool?.busy ?? 0,
    failures: poolLife.failures,
    failuresInRow: poolLife.inRow,
    restarts: poolLife.restarts,
    restartInMs: restartAt === undefined ? undefined : Math.max(0, restartAt - SRP_POOL_RESTART.now()),
    jobs: { ...poolLife.jobs },
  };
}

/**
 * Runs `job` in a worker when `p` is given, else inline; a worker that fails (dies, or the pool was
 * stopped) is no error of the request's: the job runs inline instead, and later ones too until a new
 * pool starts (see SRP_POOL_RESTART).
 */
function offload<T>(p: Pool | undefined, job: Job, fn: () => T | Promise<T>): Promise<T> {
  if (!p) return inlineJob(fn);
  return p.run<T>(job).then(
    result => {
      poolLife.jobs.worker++;
      return result;
    },
    () => inlineJob(fn),
  );
}

function workers(): Pool | undefined {
  const p = startedPool();
  if (!p) return undefined;
  // Ephemerals drawn ahead (below) run in a worker but are nobody's wait: they don't make the server busy.
  if (process.env.COGNATE_LOCAL_SRP_INLINE_WHEN_IDLE !== '0' && p.busy - drawing === 0 && inlineJobs === 0) return undefined;
  return p;
}

async function inlineJob<T>(job: () => T | Promise<T>): Promise<T> {
  inlineJobs++;
  poolLife.jobs.inline++;
  try {
    return await job();
  } finally {
    inlineJobs--;
  }
}

/**
 * Verifiers computed recently, by a keyed hash of everything they are computed from (pool name,
 * user id, salt, password). `v = g^x mod N` is a pure function of those inputs, so a repeated check
 * of the same password for the same user and salt (a test suite signing the same users in again
 * and again) skips the 3072-bit exponentiation and returns the very value it would compute. A
 * changed password or salt is another key. The key is an HMAC under a random per-process secret,
 * so the memo holds no password and no unsalted digest of one; at most VERIFIER_MEMO_SIZE entries
 * (the oldest makes room).
 */
const VERIFIER_MEMO_SIZE = 2048;
const verifierMemoKey = randomBytes(32);
const verifierMemo = new Map<string, string>();

export async function computeSrpVerifier(input: Input<typeof inline.computeSrpVerifier>): Promise<string> {
  const key = createHmac('sha256', verifierMemoKey)
    .update(JSON.stringify([input.poolName, input.userId, input.salt, input.password]))
    .digest('base64');
  const known = verifierMemo.get(key);
  if (known !== undefined) return known;
  const p = workers();
  const verifier = await offload(p, { op: 'verifier', args: input }, () => inline.computeSrpVerifier(input));
  if (verifierMemo.size >= VERIFIER_MEMO_SIZE) verifierMemo.delete(verifierMemo.keys().next().value!);
  verifierMemo.set(key, verifier);
  drawAheadSoon();
  return verifier;
}

/**
 * Server ephemerals (b, g^b mod N) drawn ahead, in a worker, only while the server has no SRP work:
 * a challenge then costs no exponentiation on its way out (its B = k·v + g^b is one multiplication).
 * This moves work off the answer's path, it adds none: each pair is used once, and a busy server
 * draws no more ahead than it uses, since it does not draw at all. Where workers are off, nothing is
 * drawn ahead (that would block the event loop instead). `COGNATE_LOCAL_SRP_AHEAD=0` turns this and
 * the claim keys below off.
 */
const EPHEMERALS_AHEAD = 2;
const ephemerals: Array<{ b: bigint; gb: bigint }> = [];
/** Ephemeral draws out in a worker. */
let drawing = 0;

function drawAhead(): void {
  if (process.env.COGNATE_LOCAL_SRP_AHEAD === '0' || drawing > 0 || ephemerals.length >= EPHEMERALS_AHEAD) return;
  const p = startedPool();
  if (!p || p.busy > 0 || inlineJobs > 0) return;
  drawing++;
  p.run<{ b: bigint; gb: bigint }>({ op: 'ephemeral', args: null })
    .then(
      pair => void ephemerals.push(pair),
      () => {},
    )
    .finally(() => {
      drawing--;
      drawAhead();
    });
}

/** After the current request's answer is written (setImmediate runs after the handler's promise chain). */
function drawAheadSoon(): void {
  if (process.env.COGNATE_LOCAL_SRP_AHEAD !== '0') setImmediate(drawAhead);
}

/**
 * Claim keys computed ahead, by SRP_B (hex; unique per challenge, from a fresh b). A challenge knows
 * everything S = (A·v^u)^b needs when it is sent (A came with InitiateAuth, u = H(A, B)), so its key
 * is computed while the client does its own maths and round trip, and RespondToAuthChallenge only
 * checks an HMAC. An entry is used only for the same verifier, A and b, and once. No extra work for
 * an answered challenge, which would compute the same key anyway; an unanswered one costs its key,
 * so at most CLAIM_KEYS_MAX unanswered keys are kept or computed per CLAIM_KEY_LIFE (the longest
 * AuthSessionValidity): when that many are out, a new challenge's key waits for its answer, and a
 * flood of InitiateAuth that never answers costs no more than it did before keys were computed ahead.
 */
const CLAIM_KEYS_MAX = 1024;
const CLAIM_KEY_LIFE_MS = 15 * 60 * 1000;
interface ClaimKeyEntry {
  verifier: string;
  srpA: string;
  b: bigint;
  key: Promise<Uint8Array<ArrayBuffer> | undefined>;
  /** Date.now() when it was computed. */
  at: number;
}
const claimKeys = new Map<string, ClaimKeyEntry>();

/** How often the work done ahead was used: challenges answered from the stock, answers checked with a key computed ahead. */
const usedAhead = { ephemerals: 0, claimKeys: 0 };
/** Claim keys computed ahead (answered or not). */
let keysAhead = 0;

/** What is ready ahead and what was used, for tests and diagnostics. */
export function srpAheadState(): {
  ephemerals: number;
  drawing: number;
  claimKeys: number;
  keysAhead: number;
  used: { ephemerals: number; claimKeys: number };
} {
  return { ephemerals: ephemerals.length, drawing, claimKeys: claimKeys.size, keysAhead, used: { ...usedAhead } };
}

type ClaimKeyInput = Input<typeof inline.computeServerClaimKey>;

function computeClaimKey(input: ClaimKeyInput): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const args = { verifier: input.verifier, session: input.session, srpA: input.srpA };
  const p = workers();
  return offload(p, { op: 'key', args }, () => inline.computeServerClaimKey(args));
}

/**
 * Starts a server SRP exchange for a stored verifier: B from an ephemeral drawn ahead when there is
 * one, else a fresh one here or in a worker. With `srpA`, the challenge's claim key is then computed
 * ahead of the client's answer (see claimKeys).
 */
export async function startSrpServerSession(verifier: string, srpA?: string): Promise<inline.SrpServerSession> {
  const ahead = process.env.COGNATE_LOCAL_SRP_AHEAD !== '0';
  let session: inline.SrpServerSession | undefined;
  const pair = ahead ? ephemerals.pop() : undefined;
  if (pair) {
    try {
      session = inline.startSrpServerSession(verifier, pair.b, pair.gb);
      usedAhead.ephemerals++;
    } catch {
      // B = 0 for this pair (or a malformed verifier, which the path below reports): a fresh b.
    }
  }
  if (!session) {
    const p = workers();
    session = await offload(p, { op: 'start', args: verifier }, () => inline.startSrpServerSession(verifier));
  }
  if (srpA !== undefined && ahead) {
    const started = session;
    setImmediate(() => {
      const now = Date.now();
      // Keys of challenges past any session's life are dropped (the oldest first: insertion order).
      for (const [id, entry] of claimKeys) {
        if (claimKeys.size < CLAIM_KEYS_MAX || now - entry.at < CLAIM_KEY_LIFE_MS) break;
        claimKeys.delete(id);
      }
      if (claimKeys.size >= CLAIM_KEYS_MAX) return; // this challenge's key is computed when it is answered
      const key = computeClaimKey({ verifier, session: started, srpA });
      key.catch(() => {}); // a failed worker: the answer's check computes the key again
      keysAhead++;
      claimKeys.set(started.B.toString(16), { verifier, srpA, b: started.b, key, at: now });
    });
  }
  drawAheadSoon();
  return session;
}

/**
 * Checks a PASSWORD_CLAIM_SIGNATURE as `@cognate/protocol`'s verifyPasswordClaimSignature does, with
 * the claim key computed ahead when the challenge was started with SRP_A, else computed now.
 */
export async function verifyPasswordClaimSignature(input: Input<typeof inline.verifyPasswordClaimSignature>): Promise<boolean> {
  if (typeof input.salt !== 'string' || !/^[0-9a-fA-F]+$/.test(input.salt)) return false;
  const id = input.session.B.toString(16);
  const ahead = claimKeys.get(id);
  claimKeys.delete(id);
  let key: Uint8Array<ArrayBuffer> | undefined;
  if (ahead && ahead.verifier === input.verifier && ahead.srpA === input.srpA && ahead.b === input.session.b) {
    key = await ahead.key.catch(() => computeClaimKey(input));
    usedAhead.claimKeys++;
  } else {
    key = await computeClaimKey(input);
  }
  drawAheadSoon();
  return inline.checkPasswordClaimSignature(key, input);
}
