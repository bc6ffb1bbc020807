// Cold `import` of each entry in a fresh Node process, cognate against the aws-amplify equivalent.
// Every iteration spawns one new process per target, round-robin (so machine noise hits all targets
// alike), after one untimed warm-up process per target (warm OS file cache). Each child runs
//   node --input-type=module -e "const t = performance.now(); await import(SPEC); print(performance.now() - t)"
// from the repository root (cognate resolves through the workspace link, aws-amplify from
// node_modules). Two figures: `import` (the dynamic import alone, measured in the child) and `wall`
// (spawn to exit, measured here; includes Node's own start, see the `baseline` row). Children run
// without NODE_EXTRA_CA_CERTS, which would add ~75 ms to every start.
//
// Also cognate-local: `import('cognate-local')` the same way, and `start`: spawn
//   node packages/local/bin/cognate-local.js start --port 0 --in-memory --quiet
// until its first answered request (an InitiateAuth for an unknown client, answered 400), wall time.
//
//   node bench/sections/import-time.mjs [--iterations 20] [--out file]
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { childEnv, parseArgs, quantiles, ROOT, writeResult } from './common.mjs';

const args = parseArgs();
const ITERATIONS = Number(args.iterations ?? (args.quick ? 5 : 20));

export const PAIRS = [
  ['cognate-auth', 'aws-amplify'],
  ['cognate-auth/auth', 'aws-amplify/auth'],
  ['cognate-auth/auth/server', 'aws-amplify/auth/server'],
  ['cognate-auth/adapter-core', 'aws-amplify/adapter-core'],
];
const targets = ['baseline', ...PAIRS.flat(), 'cognate-local'];
const env = childEnv();

function childSource(spec) {
  if (spec === 'baseline') return 'process.stdout.write("0")';
  return `const t = performance.now(); await import(${JSON.stringify(spec)}); process.stdout.write(String(performance.now() - t));`;
}

function once(spec, attempt = 1) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', childSource(spec)], { cwd: ROOT, env, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) {
    // A dist being rebuilt under us (its chunks replaced) is transient: wait and measure again.
    if (attempt < 4 && /ERR_MODULE_NOT_FOUND|Cannot find module/.test(r.stderr)) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);
      return once(spec, attempt + 1);
    }
    throw new Error(`import of ${spec} failed: ${r.stderr}`);
  }
  return { wall, imp: Number(r.stdout) };
}

/** Spawn to the first answered request of `cognate-local start`, in ms. */
function startToFirstAnswer() {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [join(ROOT, 'packages/local/bin/cognate-local.js'), 'start', '--port', '0', '--in-memory', '--quiet'], { env });
    let out = '';
    child.stdout.on('data', async chunk => {
      out += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (!url || child.answered) return;
      child.answered = true;
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
        body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'nosuchclient', AuthParameters: { USERNAME: 'a', PASSWORD: 'b' } }),
      });
      await res.arrayBuffer();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      child.kill();
      child.on('exit', () => (res.status === 400 ? resolve(ms) : reject(new Error(`cognate-local answered ${res.status}`))));
    });
    child.on('error', reject);
  });
}

const samples = Object.fromEntries(targets.map(t => [t, { wall: [], imp: [] }]));
for (const t of targets) once(t);
for (let i = 0; i < ITERATIONS; i++) {
  for (const t of targets) {
    const r = once(t);
    samples[t].wall.push(r.wall);
    samples[t].imp.push(r.imp);
  }
}
const starts = [];
await startToFirstAnswer();
for (let i = 0; i < ITERATIONS; i++) starts.push(await startToFirstAnswer());
writeResult(args, {
  iterations: ITERATIONS,
  localStart: quantiles(starts),
  extraCaCerts: Boolean(env.NODE_EXTRA_CA_CERTS),
  targets: Object.fromEntries(targets.map(t => [t, { import: quantiles(samples[t].imp), wall: quantiles(samples[t].wall) }])),
});
