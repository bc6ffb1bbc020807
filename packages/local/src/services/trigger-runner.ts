/**
 * The worker threads that run trigger code (trigger-worker.ts), with Cognito's timeout. The server
 * owns one (`Services.triggers`); what a trigger is and how its event is built is `triggers.ts`.
 */
import { Worker } from 'node:worker_threads';
import type { TriggerAnswer, TriggerCall, TriggerLog } from './trigger-worker.js';

/** Cognito's wait for a trigger's answer. */
export const TRIGGER_TIMEOUT_MS = 5000;
/** Workers running trigger calls at once; further calls wait for one. */
const MAX_WORKERS = 4;
/** Workers kept warm between calls. */
const MAX_IDLE = 1;
// From src/services (tests) and dist/services alike: the worker runs as built JavaScript.
const WORKER = new URL('../../dist/services/trigger-worker.js', import.meta.url);

export type Outcome = TriggerAnswer | { ok: false; kind: 'timeout' | 'crash'; message: string };

/**
 * The worker threads that run trigger code: one call per worker at a time, up to MAX_WORKERS, one
 * kept warm. A worker whose call times out (a hang, a CPU loop) or that dies is terminated and
 * forgotten; the next call gets a fresh one.
 */
export class TriggerRunner {
  private idle: Worker[] = [];
  private readonly all = new Set<Worker>();
  private readonly online = new WeakMap<Worker, Promise<boolean>>();
  private busy = 0;
  private waiting: Array<(worker: Worker | undefined) => void> = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly log: (line: string) => void,
    readonly timeoutMs: number = TRIGGER_TIMEOUT_MS,
  ) {}

  private spawn(): Worker {
    const worker = new Worker(WORKER, { resourceLimits: { maxOldGenerationSizeMb: 512 } });
    // The timeout counts from the moment the worker runs: a thread's start is not the trigger's time.
    this.online.set(
      worker,
      new Promise<boolean>(resolve => {
        worker.once('online', () => resolve(true));
        worker.once('exit', () => resolve(false));
      }),
    );
    this.all.add(worker);
    worker.on('message', (message: TriggerLog | TriggerAnswer) => {
      if ('log' in message) this.log(`[cognate-local] ${message.log}`);
    });
    worker.on('error', error => this.log(`[cognate-local] a trigger worker failed: ${error.message}`));
    worker.on('exit', () => {
      this.all.delete(worker);
      this.idle = this.idle.filter(w => w !== worker);
    });
    return worker;
  }

  private acquire(): Promise<Worker | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const warm = this.idle.pop();
    if (warm) {
      this.busy++;
      warm.ref();
      return Promise.resolve(warm);
    }
    if (this.busy < MAX_WORKERS) {
      this.busy++;
      return Promise.resolve(this.spawn());
    }
    return new Promise(resolve => this.waiting.push(resolve));
  }

  /** Hands a worker on to a waiting call, keeps it warm, or ends it; a broken one is replaced. */
  private release(worker: Worker, healthy: boolean): void {
    if (!healthy) {
      void worker.terminate();
      this.all.delete(worker);
    }
    const next = this.waiting.shift();
    if (next) {
      next(healthy ? worker : this.closed ? undefined : this.spawn());
      return;
    }
    this.busy--;
    if (healthy && !this.closed && this.idle.length < MAX_IDLE && this.all.has(worker)) {
      worker.unref();
      this.idle.push(worker);
    } else if (healthy) {
      void worker.terminate();
    }
  }

  /** Runs `url`'s handler with `event` in a worker; never rejects. */
  async invoke(url: string, event: Record<string, unknown>, context: Record<string, unknown>): Promise<Outcome> {
    const worker = await this.acquire();
    if (!worker) return { ok: false, kind: 'crash', message: 'cognate-local is shutting down' };
    if (!(await this.online.get(worker))) {
      this.release(worker, false);
      return { ok: false, kind: 'crash', message: 'the trigger worker did not start' };
    }
    const id = this.nextId++;
    return new Promise<Outcome>(resolve => {
      let settled = false;
      const finish = (outcome: Outcome, healthy: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        this.release(worker, healthy);
        resolve(outcome);
      };
      const onMessage = (message: TriggerLog | TriggerAnswer) => {
        if ('id' in message && message.id === id) finish(message, true);
      };
      const onExit = (code: number) => finish({ ok: false, kind: 'crash', message: `the trigger's worker exited with code ${code}` }, false);
      const timer = setTimeout(() => finish({ ok: false, kind: 'timeout', message: 'Socket timeout while invoking Lambda function' }, false), this.timeoutMs);
      worker.on('message', onMessage);
      worker.on('exit', onExit);
      worker.postMessage({ id, url, event, context } satisfies TriggerCall);
    });
  }

  /** Ends every worker; calls still waiting for one fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const resolve of this.waiting.splice(0)) resolve(undefined);
    await Promise.all([...this.all].map(w => w.terminate()));
    this.all.clear();
    this.idle = [];
  }
}
