// Shared plumbing for the bench sections (each section runs in its own Node process, started by
// bench/run.mjs, and writes its result as JSON to the file named by --out).
import { spawn } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
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
  const q = p => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return { n: s.length, min: s[0], median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}

export function writeResult(args, result) {
  const text = JSON.stringify(result, null, 2);
  if (args.out) writeFileSync(args.out, text);
  else console.log(text);
}

/** Derived SigV4 signing keys by day and service (see sigv4Headers). */
const signingKeys = new Map();

/**
 * SigV4 headers (Authorization, X-Amz-Date) for an AWS JSON 1.1 POST to `url` with credentials
 * local/local, as an AWS SDK sends them: cognate-local refuses unsigned admin operations.
 */
export function sigv4Headers(url, target, payload, headers) {
  const host = new URL(url).host;
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  const date = amzDate.slice(0, 8);
  const service = target.startsWith('AWSCognitoIdentityService.') ? 'cognito-identity' : 'cognito-idp';
  const all = { ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)])), host, 'x-amz-date': amzDate };
  const names = Object.keys(all)
    .filter(n => n !== 'content-length')
    .sort();
  const sha = s => createHash('sha256').update(s).digest('hex');
  const hmac = (key, s) => createHmac('sha256', key).update(s).digest();
  const canonical = ['POST', '/', '', names.map(n => `${n}:${all[n].trim()}\n`).join(''), names.join(';'), sha(payload)].join('\n');
  const scope = `${date}/us-east-1/${service}/aws4_request`;
  // The derived key is kept per day and service, as the AWS SDK's signer keeps it: the generator's
  // cost per signed request is then what a real client's is.
  const keyId = `${date}/${service}`;
  let key = signingKeys.get(keyId);
  if (!key) {
    key = hmac(hmac(hmac(hmac('AWS4local', date), 'us-east-1'), service), 'aws4_request');
    signingKeys.set(keyId, key);
  }
  const signature = createHmac('sha256', key)
    .update(['AWS4-HMAC-SHA256', amzDate, scope, sha(canonical)].join('\n'))
    .digest('hex');
  return { 'x-amz-date': amzDate, authorization: `AWS4-HMAC-SHA256 Credential=local/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
}

/** One AWS JSON 1.1 user-pool call (signed); the parsed body, or a thrown `<op>: <__type> <message>`. */
export async function callCognito(url, op, body) {
  const payload = JSON.stringify(body);
  const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` };
  const res = await fetch(url, { method: 'POST', headers: { ...headers, ...sigv4Headers(url, headers['x-amz-target'], payload, headers) }, body: payload });
  const json = await res.json();
  if (res.status !== 200) throw new Error(`${op}: ${json.__type ?? res.status} ${json.message ?? ''}`);
  return json;
}

/** Starts the published cognate-local bin on a free port (in memory, or `storage` = ['--data', DIR]): `{ child, url }` once it listens. */
export async function startCognateLocal(storage = ['--in-memory']) {
  const child = spawn(process.execPath, [join(ROOT, 'packages/local/bin/cognate-local.js'), 'start', '--port', '0', ...storage, '--quiet'], {
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const onData = chunk => {
      out += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        // Stop collecting, but keep draining the pipes so a chatty server never blocks on them.
        child.stdout.off('data', onData);
        child.stderr.off('data', onData);
        child.stdout.resume();
        child.stderr.resume();
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', code => reject(new Error(`cognate-local exited ${code}: ${out.slice(-500)}`)));
  });
  return { child, url };
}
