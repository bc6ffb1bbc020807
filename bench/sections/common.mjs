// Shared plumbing for the bench sections (each section runs in its own Node process, started by
// bench/run.mjs, and writes its result as JSON to the file named by --out).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

/** `--quick`, `--out file`, and any `--name value` pairs. */
export function parseArgs(argv = process.argv.slice(2)) {
  const args = { quick: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a.startsWith('--')) args[a.slice(2)] = argv[++i];
  }
  return args;
}

/** The environment for child processes: without NODE_EXTRA_CA_CERTS (it costs ~75 ms per Node start). */
export function childEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

export function quantiles(values) {
  const s = [...values].sort((x, y) => x - y);
  const q = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return { n: s.length, min: s[0], median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}

export function writeResult(args, result) {
  const text = JSON.stringify(result, null, 2);
  if (args.out) writeFileSync(args.out, text);
  else console.log(text);
}
