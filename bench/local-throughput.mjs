// cognate-local throughput and latency vs cognito-local, in one run, over loopback HTTP.
//
//   npm run build && node bench/local-throughput.mjs [--seconds 5] [--users 100000] [--json out.json]
//
// Each server runs in its own process (in memory); this process is the load generator, with 1 and
// 32 concurrent clients, each a loop of requests over keep-alive connections. Operations:
// password sign-in (USER_PASSWORD_AUTH), SRP sign-in (cognate-local only: cognito-local has no
// SRP), refresh (REFRESH_TOKEN_AUTH), GetUser. Then the memory (RSS) of cognate-local after
// creating --users users.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensurePeers } from './lib/peers.mjs';
import { summarize, table } from './lib/stats.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const SECONDS = Number(args.seconds ?? 5);
const USERS = Number(args.users ?? 100000);
const root = join(import.meta.dirname, '..');
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;

const protocol = await import(pathToFileURL(join(root, 'packages/protocol/dist/index.js')).href);

function startProcess(command, argv, options, ready) {
  const child = spawn(command, argv, { ...options, env: { ...env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk) => {
      out += chunk;
      const url = ready(out);
      if (url) resolve({ child, url });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} exited ${code}: ${out.slice(-500)}`)));
  });
}

async function call(url, op, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` }, body: JSON.stringify(body) });
  const json = await res.json();
  if (res.status !== 200) throw new Error(`${op}: ${json.__type ?? res.status} ${json.message ?? ''}`);
  return json;
}

async function setup(url) {
  // Email as the username: cognito-local's defaults insist on it, so both servers get the same pool.
  const pool = (await call(url, 'CreateUserPool', { PoolName: 'bench', UsernameAttributes: ['email'], Policies: { PasswordPolicy: { MinimumLength: 8 } } })).UserPool.Id;
  const client = (await call(url, 'CreateUserPoolClient', { UserPoolId: pool, ClientName: 'bench', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })).UserPoolClient.ClientId;
  const users = [];
  for (let i = 0; i < 32; i++) {
    const username = `bench${i}@example.com`;
    await call(url, 'AdminCreateUser', { UserPoolId: pool, Username: username, MessageAction: 'SUPPRESS', TemporaryPassword: 'Temp-Passw0rd!', UserAttributes: [{ Name: 'email', Value: username }] });
    await call(url, 'AdminSetUserPassword', { UserPoolId: pool, Username: username, Password: 'Passw0rd!', Permanent: true });
    const tokens = (await call(url, 'InitiateAuth', { ClientId: client, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: 'Passw0rd!' } })).AuthenticationResult;
    users.push({ username, tokens });
  }
  return { pool, client, users };
}

const operations = {
  password: (url, s, u) => call(url, 'InitiateAuth', { ClientId: s.client, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: u.username, PASSWORD: 'Passw0rd!' } }),
  srp: (url, s, u) => srpSignIn(url, s, u, protocol.startSrpSession()),
  // The same sign-in with a 256-bit client secret (RFC 5054's minimum size): the load generator,
  // which shares the machine's 2 cores, then spends ~1.9 ms of SRP maths per sign-in instead of
  // ~5.5 ms, so what is measured is the server's SRP capacity rather than the client's.
  srp256: (url, s, u) => srpSignIn(url, s, u, protocol.startSrpSession(protocol.randomBigInt(32))),
  refresh: (url, s, u) => call(url, 'InitiateAuth', { ClientId: s.client, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: u.tokens.RefreshToken } }),
  getUser: (url, s, u) => call(url, 'GetUser', { AccessToken: u.tokens.AccessToken }),
};

async function srpSignIn(url, s, u, session) {
  const first = await call(url, 'InitiateAuth', { ClientId: s.client, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: u.username, SRP_A: protocol.srpAToHex(session.A) } });
  const p = first.ChallengeParameters;
  const timestamp = protocol.formatSrpTimestamp();
  const signature = await protocol.computePasswordClaimSignature({ poolName: s.pool.split('_')[1], userId: p.USER_ID_FOR_SRP, password: 'Passw0rd!', session, srpB: p.SRP_B, salt: p.SALT, secretBlock: p.SECRET_BLOCK, timestamp });
  return call(url, 'RespondToAuthChallenge', { ClientId: s.client, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: { USERNAME: p.USER_ID_FOR_SRP, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK, PASSWORD_CLAIM_SIGNATURE: signature, TIMESTAMP: timestamp } });
}

async function load(url, s, op, concurrency) {
  const latencies = [];
  let errors = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const worker = async (w) => {
    const user = s.users[w % s.users.length];
    while (performance.now() < deadline) {
      const t = performance.now();
      try {
        await operations[op](url, s, user);
        latencies.push(performance.now() - t);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  return { ...summarize(latencies, SECONDS), errors };
}

async function rss(pid) {
  const { readFileSync } = await import('node:fs');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

const results = { seconds: SECONDS, runs: [] };
const peersModules = ensurePeers(['cognito-local@5.3.0']);
const cognitoDir = mkdtempSync(join(tmpdir(), 'cognito-local-'));
const servers = [
  { name: 'cognate-local', start: () => startProcess(process.execPath, [join(root, 'packages/local/bin/cognate-local.js'), 'start', '--port', '0', '--in-memory'], {}, (o) => /listening on (http:\/\/\S+)/.exec(o)?.[1]) },
  { name: 'cognito-local', start: () => startProcess(process.execPath, [join(peersModules, 'cognito-local/lib/bin/start.js')], { cwd: cognitoDir, env: { PORT: '0', HOST: '127.0.0.1' } }, (o) => /running on (http:\/\/[^\s\x1b]+)/i.exec(o)?.[1]) },
];

const rows = [];
for (const server of servers) {
  let running;
  try {
    running = await server.start();
  } catch (error) {
    process.stderr.write(`${server.name}: could not start: ${error.message}\n`);
    continue;
  }
  try {
    const s = await setup(running.url);
    for (const op of Object.keys(operations)) {
      if (op.startsWith('srp') && server.name === 'cognito-local') continue;
      for (const concurrency of [1, 32]) {
        const r = await load(running.url, s, op, concurrency);
        results.runs.push({ server: server.name, op, concurrency, ...r });
        rows.push({ server: server.name, op, concurrency, 'req/s': r.perSecond.toFixed(0), 'p50 ms': r.p50.toFixed(2), 'p99 ms': r.p99.toFixed(2), errors: r.errors });
        process.stderr.write(`${server.name} ${op} c=${concurrency}: ${r.perSecond.toFixed(0)}/s\n`);
      }
    }
  } finally {
    running.child.kill('SIGKILL');
  }
}
rmSync(cognitoDir, { recursive: true, force: true });

// Memory of cognate-local holding many users.
{
  const running = await servers[0].start();
  const pool = (await call(running.url, 'CreateUserPool', { PoolName: 'memory' })).UserPool.Id;
  const before = await rss(running.child.pid);
  const t = performance.now();
  const batch = 64;
  for (let i = 0; i < USERS; i += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, USERS - i) }, (_, j) => call(running.url, 'AdminCreateUser', { UserPoolId: pool, Username: `user${i + j}`, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: `user${i + j}@example.com` }] })));
  }
  const after = await rss(running.child.pid);
  results.memory = { users: USERS, rssBeforeMiB: before, rssAfterMiB: after, createSeconds: (performance.now() - t) / 1000 };
  running.child.kill('SIGKILL');
}

const find = (server, op, c) => results.runs.find((r) => r.server === server && r.op === op && r.concurrency === c);
const ratios = [];
for (const op of ['password', 'refresh', 'getUser']) {
  for (const c of [1, 32]) {
    const a = find('cognate-local', op, c);
    const b = find('cognito-local', op, c);
    if (a && b) ratios.push({ op, concurrency: c, 'cognate-local/s': a.perSecond.toFixed(0), 'cognito-local/s': b.perSecond.toFixed(0), ratio: `${(a.perSecond / b.perSecond).toFixed(1)}x` });
  }
}
results.ratios = ratios;
console.log(`\ncognate-local vs cognito-local (${SECONDS} s per cell, loopback, load generator on the same machine)\n`);
console.log(table(rows, ['server', 'op', 'concurrency', 'req/s', 'p50 ms', 'p99 ms', 'errors']));
console.log('\n' + table(ratios, ['op', 'concurrency', 'cognate-local/s', 'cognito-local/s', 'ratio']));
console.log(`\nmemory: ${USERS} users → RSS ${results.memory.rssBeforeMiB.toFixed(0)} MiB before, ${results.memory.rssAfterMiB.toFixed(0)} MiB after (created in ${results.memory.createSeconds.toFixed(1)} s)`);
if (args.json) (await import('node:fs')).writeFileSync(args.json, JSON.stringify(results, null, 2));
