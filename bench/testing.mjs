// How long cognate-local/testing takes to give a test file its server, and a test a clean slate.
//
//   npm run build && node bench/testing.mjs [--samples 50]
//
// In this process, from packages/local/dist: the import of cognate-local/testing; the first
// startCognateLocal() (the default pool and client, in memory, on a free loopback port); then
// `--samples` more start → stop pairs; reset() after each test-sized change (5 createUser calls,
// 2 tokensFor, a failNext and an advanceClock); createUser; tokensFor (the pool's RSA keys exist).
// Prints medians and p95 in milliseconds.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const SAMPLES = Number(argv[argv.indexOf('--samples') + 1]) || 50;
const root = join(import.meta.dirname, '..');

const quantile = (list, q) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const row = (name, list) =>
  console.log(
    `${name.padEnd(44)} ${quantile(list, 0.5).toFixed(2).padStart(8)} ms median ${quantile(list, 0.95).toFixed(2).padStart(8)} ms p95  (n=${list.length})`,
  );

let t = performance.now();
const { startCognateLocal } = await import(pathToFileURL(join(root, 'packages/local/dist/testing/index.js')).href);
const importMs = performance.now() - t;

t = performance.now();
const first = await startCognateLocal();
const firstMs = performance.now() - t;
await first.stop();

const starts = [];
for (let i = 0; i < SAMPLES; i++) {
  const begin = performance.now();
  const handle = await startCognateLocal();
  starts.push(performance.now() - begin);
  await handle.stop();
}

const local = await startCognateLocal();
await local.createUser({ username: 'warm' });
await local.tokensFor({ username: 'warm' }); // the pool's signing keys exist from here on
const resets = [];
const creates = [];
const tokens = [];
for (let i = 0; i < SAMPLES; i++) {
  for (let u = 0; u < 5; u++) {
    const begin = performance.now();
    await local.createUser({ username: `user-${i}-${u}` });
    creates.push(performance.now() - begin);
  }
  for (let u = 0; u < 2; u++) {
    const begin = performance.now();
    await local.tokensFor({ username: `user-${i}-${u}` });
    tokens.push(performance.now() - begin);
  }
  local.failNext('InitiateAuth', 'TooManyRequestsException');
  await local.advanceClock(3600_000);
  const begin = performance.now();
  await local.reset();
  resets.push(performance.now() - begin);
}
await local.stop();

console.log(`node ${process.version}, ${SAMPLES} samples`);
console.log(`${'import cognate-local/testing'.padEnd(44)} ${importMs.toFixed(2).padStart(8)} ms (once, cold)`);
console.log(`${'first startCognateLocal()'.padEnd(44)} ${firstMs.toFixed(2).padStart(8)} ms (once)`);
row('startCognateLocal() after the first', starts);
row('reset() after 5 users, 2 sessions', resets);
row('createUser()', creates);
row('tokensFor()', tokens);
