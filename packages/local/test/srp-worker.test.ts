/**
 * The SRP pool's worker is a module file of the built package (dist/services/srp-worker.js, loaded
 * by URL), not source text evaluated at run time: started from that file, it answers the pool's
 * messages with what the inline functions compute, and a bad job with an error, staying up.
 */
import { Worker } from 'node:worker_threads';
import { computeSrpVerifier } from '@cognate/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';

const WORKER = new URL('../dist/services/srp-worker.js', import.meta.url);
let worker: Worker;
/** Rejects with the worker's error, if it ever has one (a missing file, a failed import). */
let failed: Promise<never>;

function ask(message: { id: number; op: string; args: unknown }): Promise<{ id: number; result?: unknown; error?: string }> {
  const answered = new Promise<{ id: number; result?: unknown; error?: string }>(resolve => {
    const onMessage = (answer: { id?: number; result?: unknown; error?: string }) => {
      if (answer.id !== message.id) return;
      worker.off('message', onMessage);
      resolve(answer as { id: number });
    };
    worker.on('message', onMessage);
    worker.postMessage(message);
  });
  return Promise.race([answered, failed]);
}

beforeAll(() => {
  worker = new Worker(WORKER);
  failed = new Promise<never>((_, reject) => worker.once('error', reject));
  failed.catch(() => {});
});
afterAll(async () => {
  await worker?.terminate();
});

it('computes the verifier the inline function computes', async () => {
  const input = { poolName: 'abcDEF123', userId: 'f3a1-user', password: 'Passw0rd!', salt: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' };
  expect(await ask({ id: 1, op: 'verifier', args: input })).toEqual({ id: 1, result: await computeSrpVerifier(input) });
});

it('starts a server session (b, B as bigints) and answers a bad job with an error, still serving', async () => {
  const verifier = await computeSrpVerifier({ poolName: 'p', userId: 'u', password: 'x', salt: '01' });
  const started = await ask({ id: 2, op: 'start', args: verifier });
  expect(typeof (started.result as { B: unknown }).B).toBe('bigint');
  const bad = await ask({ id: 3, op: 'start', args: 'not hex' });
  expect(bad).toEqual({ id: 3, error: expect.any(String) });
  expect(await ask({ id: 4, op: 'start', args: verifier })).toEqual({ id: 4, result: expect.objectContaining({ B: expect.any(BigInt) }) });
});
