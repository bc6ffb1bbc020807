/**
 * Server-side SRP-6a on a small pool of worker threads. Each operation is dominated by 3072-bit
 * modular exponentiations (≈ 0.6 ms each in OpenSSL, synchronous); running them off the event loop
 * lets the main thread keep parsing, signing (RS256 already runs on libuv's pool) and answering.
 * The pool holds no data, only compute; its threads are `unref`'d so they never keep a process
 * alive. Where workers cannot start, the same functions run inline.
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

  constructor(size: number) {
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
        // After the listeners: adding a 'message' listener refs the worker's port again.
        worker.unref();
        this.#workers.push(worker);
      }
    } catch {
      this.#fail();
    }
  }

  #fail(): void {
    this.#disabled = true;
    for (const w of this.#workers) void w.terminate();
    this.#workers = [];
    for (const job of this.#pending.values()) job.reject(new Error('SRP worker failed'));
    this.#pending.clear();
  }

  get available(): boolean {
    return !this.#disabled && this.#workers.length > 0;
  }

  /** Jobs handed to a worker and not yet answered. */
  get busy(): number {
    return this.#pending.size;
  }

  run<T>(job: Job): Promise<T> {
    const worker = this.#workers[this.#next++ % this.#workers.length]!;
    const id = ++this.#id;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      // While a job is out, the worker keeps the process alive; idle, it does not.
      worker.ref();
      worker.postMessage({ id, ...job });
    }).finally(() => {
      if (this.#pending.size === 0) for (const w of this.#workers) w.unref();
    });
  }
}

let pool: Pool | undefined;

/**
 * Inline jobs in progress on this thread (a synchronous step, or an async one awaiting its hashes).
 * An idle server runs a job inline: the hand-off to a worker and back (two thread wake-ups and
 * two structured clones) costs more than it saves when nothing else waits for the event loop.
 * While any job is out, inline or in a worker, the next one goes to a worker, so a loaded server
 * keeps its event loop free and uses its cores as before.
 */
let inlineJobs = 0;

function workers(): Pool | undefined {
  if (process.env.COGNATE_LOCAL_SRP_WORKERS === '0') return undefined;
  pool ??= new Pool(Number(process.env.COGNATE_LOCAL_SRP_WORKERS) || Math.max(1, Math.min(4, availableParallelism() - 1)));
  if (!pool.available) return undefined;
  if (process.env.COGNATE_LOCAL_SRP_INLINE_WHEN_IDLE !== '0' && pool.busy === 0 && inlineJobs === 0) return undefined;
  return pool;
}

async function inlineJob<T>(job: () => T | Promise<T>): Promise<T> {
  inlineJobs++;
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
  const verifier: string = await (p ? p.run({ op: 'verifier', args: input }) : inlineJob(() => inline.computeSrpVerifier(input)));
  if (verifierMemo.size >= VERIFIER_MEMO_SIZE) verifierMemo.delete(verifierMemo.keys().next().value!);
  verifierMemo.set(key, verifier);
  return verifier;
}

export async function startSrpServerSession(verifier: string): Promise<inline.SrpServerSession> {
  const p = workers();
  return p ? p.run({ op: 'start', args: verifier }) : inlineJob(() => inline.startSrpServerSession(verifier));
}

export function verifyPasswordClaimSignature(input: Input<typeof inline.verifyPasswordClaimSignature>): Promise<boolean> {
  const p = workers();
  return p ? p.run({ op: 'verify', args: input }) : inlineJob(() => inline.verifyPasswordClaimSignature(input));
}
