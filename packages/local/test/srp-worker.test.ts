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

it('the pool never keeps a process alive: a script that signs up a user and stops the server exits by itself', async () => {
  const { spawn } = await import('node:child_process');
  const { mkdirSync, rmSync, writeFileSync } = await import('node:fs');
  // A module file in the repository (so `cognate-local/testing` resolves), run as a user runs one.
  const dir = new URL(`../../../.tmp/srp-exit-${process.pid}/`, import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL('script.mjs', dir);
  writeFileSync(
    file,
    `import { startCognateLocal } from 'cognate-local/testing';
const cognito = await startCognateLocal();
await cognito.createUser({ username: 'ada', password: 'Passw0rd!' });
await cognito.tokensFor({ username: 'ada' });
await cognito.stop();
console.log('stopped');
`,
  );
  try {
    const child = spawn(process.execPath, [file.pathname], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', chunk => (out += chunk));
    // A process held open by an idle worker never exits: the kill below ends it, and the test fails.
    const killer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    const code = await new Promise(resolve => child.once('exit', (exitCode, signal) => resolve(signal ?? exitCode)));
    clearTimeout(killer);
    expect({ code, out: out.trim() }).toEqual({ code: 0, out: 'stopped' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);
