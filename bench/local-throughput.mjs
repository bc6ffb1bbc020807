// cognate-local throughput and latency vs cognito-local, in one run, over loopback HTTP.
//
//   npm run build && node bench/local-throughput.mjs [--seconds 5] [--users 100000] [--json out.json] [--ops srp256,password]
//
// Each server runs in its own process (in memory); this process is the load generator, with 1 and
// 32 concurrent clients, each a loop of requests over keep-alive connections. Operations:
// password sign-in (USER_PASSWORD_AUTH), SRP sign-in (cognate-local only: cognito-local has no
// SRP), refresh (REFRESH_TOKEN_AUTH), and the read-only calls GetUser, AdminGetUser, ListUsers
// (the bench pool's 32 users, Limit 10) and DescribeUserPoolClient. Then the memory (RSS) of
// cognate-local after creating --users users.
//
// The floor of the read path is measured in the same run, with the same client: Node's own HTTP
// server (node:http, keep-alive) in its own process, answering every POST with a fixed JSON body the
// size and shape of a GetUser answer, after reading the request body (op `fixed`, server `node-http`).
// Op `fixedSigned` sends it AdminGetUser's signed request instead: the floor for the admin reads,
// whose generator signs every request. Op `fixedPassword` is the password sign-in's floor: the same
// server sent the password sign-in's own request (InitiateAuth, USER_PASSWORD_AUTH) does what no
// server can skip for one: two RS256 signatures (node:crypto, two 2048-bit keys, as a pool has one for
// ID and one for access tokens; one on libuv's threadpool while the other runs on the event loop, so
// that a sign-in may use two cores, as cognate-local's does) of signing inputs the size of the tokens
// cognate-local issued to the bench's user in the same run, and a refresh token's 1,484 random bytes,
// then answers a JSON body of an AuthenticationResult's shape and size built from them. No store, no
// password check, no lockout, triggers or events: the gap to this floor is what the rest costs.
//
// The generator shares the machine's cores with the server it measures, so it keeps its own cost
// low: requests go through node:http with keep-alive (not fetch, whose Request/Response and stream
// bookkeeping cost more than a small JSON call), and an SRP client does only the maths that depends
// on the server's answer. Its ephemeral key pairs (a, A = g^a) are drawn before the run starts
// (256 of each size, used in turn) and g^x is kept per user, as each user's salt and password are
// fixed; S = (B - k*g^x)^(a + u*x), HKDF and the HMAC are computed per sign-in: what any client
// must compute after it sees B. Two sizes of a: 1024 bits (`srp`, as Amplify draws it) and 256 bits
// (`srp256`, as cognate-auth draws it). The server's work is the same as for any client: a fresh b
// and B, u, S and the signature check per sign-in (cognate-local draws b and g^b ahead only while
// idle, so under load it does them per sign-in too). Each cell also reports the server process's CPU
// time per operation (utime + stime of all its threads, from /proc), a figure the generator's share
// of the cores does not distort, and the generator's own. From the 32-client SRP cells the bench also
// derives the SRP capacity of the server's CPU, cores x 1000 / (server CPU ms per sign-in): what the
// server would sustain with the cores to itself. It is a derived figure, printed apart from the
// measured rates, not a measurement.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensurePeers } from './lib/peers.mjs';
import { summarize, table } from './lib/stats.mjs';
import { sigv4Headers } from './sections/common.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const SECONDS = Number(args.seconds ?? 5);
const USERS = Number(args.users ?? 100000);
const root = join(import.meta.dirname, '..');
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;

const protocolModule = path => import(pathToFileURL(join(root, 'packages/protocol/dist', path)).href);
const protocol = await protocolModule('index.js');
const { computeU } = await protocolModule('srp/compute-u.js');
const { computeX } = await protocolModule('srp/compute-x.js');
const { deriveClaimKey } = await protocolModule('srp/hkdf.js');
const { computeClaimHmac } = await protocolModule('srp/claim-signature.js');

function startProcess(command, argv, options, ready) {
  const child = spawn(command, argv, { ...options, env: { ...env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = chunk => {
      out += chunk;
      const url = ready(out);
      if (url) resolve({ child, url });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', code => reject(new Error(`${command} exited ${code}: ${out.slice(-500)}`)));
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** The measured operations, public on AWS: sent unsigned as Amplify sends them. */
const PUBLIC = new Set(['InitiateAuth', 'RespondToAuthChallenge', 'GetUser']);

/** One AWS JSON 1.1 call over a kept-alive connection (admin ones signed); the parsed body, or a thrown `<__type> <message>`. */
function call(url, op, body) {
  const payload = JSON.stringify(body);
  const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` };
  if (!PUBLIC.has(op)) Object.assign(headers, sigv4Headers(url, headers['x-amz-target'], payload, headers));
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(payload) } }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        try {
          const json = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
          if (res.statusCode !== 200) reject(new Error(`${op}: ${json.__type ?? res.statusCode} ${json.message ?? ''}`));
          else resolve(json);
        } catch (error) {
          reject(error);
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** CPU seconds (user + system, all threads) the process has used so far. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ = 100
}

async function setup(url) {
  // Email as the username: cognito-local's defaults insist on it, so both servers get the same pool.
  const pool = (await call(url, 'CreateUserPool', { PoolName: 'bench', UsernameAttributes: ['email'], Policies: { PasswordPolicy: { MinimumLength: 8 } } }))
    .UserPool.Id;
  const client = (
    await call(url, 'CreateUserPoolClient', {
      UserPoolId: pool,
      ClientName: 'bench',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })
  ).UserPoolClient.ClientId;
  const users = [];
  for (let i = 0; i < 32; i++) {
    const username = `bench${i}@example.com`;
    await call(url, 'AdminCreateUser', {
      UserPoolId: pool,
      Username: username,
      MessageAction: 'SUPPRESS',
      TemporaryPassword: 'Temp-Passw0rd!',
      UserAttributes: [{ Name: 'email', Value: username }],
    });
    await call(url, 'AdminSetUserPassword', { UserPoolId: pool, Username: username, Password: 'Passw0rd!', Permanent: true });
    const tokens = (
      await call(url, 'InitiateAuth', { ClientId: client, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: 'Passw0rd!' } })
    ).AuthenticationResult;
    users.push({ username, tokens });
  }
  return { pool, client, users };
}

/** Client key pairs drawn before the run, used in turn: `bits` is the size of the client's secret a. */
function keyPairs(bits) {
  return Array.from({ length: 256 }, () => protocol.startSrpSession(protocol.randomBigInt(bits / 8)));
}
const pairs = { srp: keyPairs(1024), srp256: keyPairs(256) };
let nextPair = 0;
const gx = new Map(); // `${userId} ${salt}` -> { x, gx }

const operations = {
  password: (url, s, u) =>
    call(url, 'InitiateAuth', { ClientId: s.client, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: u.username, PASSWORD: 'Passw0rd!' } }),
  // a of 1024 bits, as Amplify draws it: S's exponent a + u*x is ~1024 bits.
  srp: (url, s, u) => srpSignIn(url, s, u, pairs.srp[nextPair++ % pairs.srp.length]),
  // a of 256 bits (RFC 5054's minimum, what cognate-auth draws): S's exponent is ~512 bits, so the
  // generator's share of the cores is smaller still and the figure is closer to the server's own capacity.
  srp256: (url, s, u) => srpSignIn(url, s, u, pairs.srp256[nextPair++ % pairs.srp256.length]),
  refresh: (url, s, u) =>
    call(url, 'InitiateAuth', { ClientId: s.client, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: u.tokens.RefreshToken } }),
  getUser: (url, s, u) => call(url, 'GetUser', { AccessToken: u.tokens.AccessToken }),
  adminGetUser: (url, s, u) => call(url, 'AdminGetUser', { UserPoolId: s.pool, Username: u.username }),
  listUsers: (url, s) => call(url, 'ListUsers', { UserPoolId: s.pool, Limit: 10 }),
  describeUserPoolClient: (url, s) => call(url, 'DescribeUserPoolClient', { UserPoolId: s.pool, ClientId: s.client }),
  // The floor server answers anything with its fixed body; the request is GetUser's.
  fixed: (url, s, u) => call(url, 'GetUser', { AccessToken: u.tokens.AccessToken }),
  // The same floor for the admin reads: the request AdminGetUser sends, SigV4-signed by this generator
  // (which costs the generator a signature per request, as it does for every admin cell).
  fixedSigned: (url, s, u) => call(url, 'AdminGetUser', { UserPoolId: s.pool ?? 'us-east-1_floor', Username: u.username }),
  // The password sign-in's floor: its request, answered with two fresh signatures (FLOOR_SERVER).
  fixedPassword: (url, s, u) =>
    call(url, 'InitiateAuth', {
      ClientId: s.client ?? '1example23456789abcdefghij',
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: u.username, PASSWORD: 'Passw0rd!' },
    }),
};
/**
 * What the floor server runs: read the body; for InitiateAuth (`fixedPassword`) sign two JWT-sized
 * inputs and draw a refresh token, and answer an AuthenticationResult built from them; for anything
 * else answer a fixed GetUser-shaped JSON body; both with AWS's headers. FLOOR_TOKENS (the tokens of
 * cognate-local's own sign-in in this run) gives the sizes of the signing inputs; without it, the
 * sizes of a bench user's tokens.
 */
const FLOOR_SERVER = `
const { createServer } = require('node:http');
const { generateKeyPairSync, randomBytes, randomUUID, sign } = require('node:crypto');
const body = JSON.stringify({ Username: 'bench0@example.com', UserAttributes: [{ Name: 'email', Value: 'bench0@example.com' }, { Name: 'email_verified', Value: 'false' }, { Name: 'sub', Value: '0b9c8a4e-8f25-4c61-a3c6-6a3f1d2e4b5c' }], UserMDASettingList: [] });
const sample = JSON.parse(process.env.FLOOR_TOKENS || '{}');
const inputOf = (token, size) => (typeof token === 'string' && token.split('.').length === 3 ? token.slice(0, token.lastIndexOf('.')) : 'x'.repeat(size));
const idInput = inputOf(sample.IdToken, 679);
const accessInput = inputOf(sample.AccessToken, 696);
const key = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const idKey = key();
const accessKey = key();
const JWE_HEADER = 'eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ';
async function signIn() {
  const pending = new Promise((ok, ko) => sign('sha256', Buffer.from(accessInput), accessKey, (e, sig) => e ? ko(e) : ok(accessInput + '.' + sig.toString('base64url'))));
  const IdToken = idInput + '.' + sign('sha256', Buffer.from(idInput), idKey).toString('base64url');
  const AccessToken = await pending;
  const r = randomBytes(1484);
  const part = (a, b) => r.subarray(a, b).toString('base64url');
  const RefreshToken = JWE_HEADER + '.' + part(0, 256) + '.' + part(256, 268) + '.' + part(268, 1468) + '.' + part(1468, 1484);
  return JSON.stringify({ AuthenticationResult: { AccessToken, ExpiresIn: 3600, IdToken, RefreshToken, TokenType: 'Bearer' }, ChallengeParameters: {} });
}
function answer(res, text) {
  res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID(), date: new Date().toUTCString(), 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
  const chunks = [];
  req.on('data', c => chunks.push(c));
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (req.headers['x-amz-target'] === 'AWSCognitoIdentityProviderService.InitiateAuth') signIn().then(text => answer(res, text));
    else answer(res, body);
  });
});
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
`;

const { SRP_G, SRP_K, SRP_N } = protocol;

async function srpSignIn(url, s, u, { a, A }) {
  const first = await call(url, 'InitiateAuth', {
    ClientId: s.client,
    AuthFlow: 'USER_SRP_AUTH',
    AuthParameters: { USERNAME: u.username, SRP_A: protocol.srpAToHex(A) },
  });
  const p = first.ChallengeParameters;
  const poolName = s.pool.split('_')[1];
  const key = `${p.USER_ID_FOR_SRP} ${p.SALT}`;
  let cached = gx.get(key);
  if (!cached) {
    const x = await computeX(poolName, p.USER_ID_FOR_SRP, 'Passw0rd!', BigInt('0x' + p.SALT));
    cached = { x, gx: protocol.modPow(SRP_G, x, SRP_N) };
    gx.set(key, cached);
  }
  const B = BigInt('0x' + p.SRP_B);
  const uValue = await computeU(A, B);
  const base = (((B - SRP_K * cached.gx) % SRP_N) + SRP_N) % SRP_N;
  const S = protocol.modPow(base, a + uValue * cached.x, SRP_N);
  const timestamp = protocol.formatSrpTimestamp();
  const hmac = await computeClaimHmac(await deriveClaimKey(S, uValue), { poolName, userId: p.USER_ID_FOR_SRP, secretBlock: p.SECRET_BLOCK, timestamp });
  const signature = protocol.bytesToBase64(hmac);
  return call(url, 'RespondToAuthChallenge', {
    ClientId: s.client,
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeResponses: { USERNAME: p.USER_ID_FOR_SRP, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK, PASSWORD_CLAIM_SIGNATURE: signature, TIMESTAMP: timestamp },
  });
}

async function load(url, s, op, concurrency, pid) {
  const latencies = [];
  let errors = 0;
  const cpuBefore = cpuSeconds(pid);
  const generatorBefore = process.cpuUsage();
  const deadline = performance.now() + SECONDS * 1000;
  const worker = async w => {
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
  const ops = Math.max(1, latencies.length);
  const serverCpuMs = ((cpuSeconds(pid) - cpuBefore) * 1000) / ops;
  const generator = process.cpuUsage(generatorBefore);
  const generatorCpuMs = (generator.user + generator.system) / 1000 / ops;
  return { ...summarize(latencies, SECONDS), errors, serverCpuMs, generatorCpuMs };
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
  {
    name: 'cognate-local',
    start: () =>
      startProcess(
        process.execPath,
        [join(root, 'packages/local/bin/cognate-local.js'), 'start', '--port', '0', '--in-memory', '--quiet'],
        {},
        o => /listening on (http:\/\/\S+)/.exec(o)?.[1],
      ),
  },
  {
    name: 'node-http',
    // The sizes of the password floor's tokens are those cognate-local issued in this run, when it ran first.
    start: () =>
      startProcess(
        process.execPath,
        ['-e', FLOOR_SERVER],
        { env: { FLOOR_TOKENS: JSON.stringify(floorSetup?.users[0]?.tokens ?? {}) } },
        o => /listening on (http:\/\/\S+)/.exec(o)?.[1],
      ),
  },
  {
    name: 'cognito-local',
    start: () =>
      startProcess(
        process.execPath,
        [join(peersModules, 'cognito-local/lib/bin/start.js')],
        { cwd: cognitoDir, env: { PORT: '0', HOST: '127.0.0.1' } },
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the URL ends where a terminal colour escape (ESC) begins
        o => /running on (http:\/\/[^\s\x1b]+)/i.exec(o)?.[1],
      ),
  },
];

const rows = [];
/** Read calls measured on cognate-local and the floor only (cognito-local's figures are for GetUser). */
const READS_ONLY_OURS = new Set(['adminGetUser', 'listUsers', 'describeUserPoolClient']);
let floorSetup;
for (const server of servers) {
  if (args.servers && !args.servers.split(',').includes(server.name)) continue;
  let running;
  try {
    running = await server.start();
  } catch (error) {
    process.stderr.write(`${server.name}: could not start: ${error.message}\n`);
    continue;
  }
  try {
    // The floor server has no pool: the bench's own setup, against cognate-local, gives the tokens it is sent.
    const s =
      server.name === 'node-http' ? (floorSetup ?? { users: [{ username: 'bench0@example.com', tokens: { AccessToken: 'x' } }] }) : await setup(running.url);
    if (server.name === 'cognate-local') floorSetup = s;
    for (const op of args.ops ? args.ops.split(',') : Object.keys(operations)) {
      if (op.startsWith('fixed') !== (server.name === 'node-http')) continue;
      if (op.startsWith('srp') && server.name === 'cognito-local') continue;
      if (READS_ONLY_OURS.has(op) && server.name === 'cognito-local') continue;
      for (const concurrency of [1, 32]) {
        const r = await load(running.url, s, op, concurrency, running.child.pid);
        results.runs.push({ server: server.name, op, concurrency, ...r });
        rows.push({
          server: server.name,
          op,
          concurrency,
          'req/s': r.perSecond.toFixed(0),
          'p50 ms': r.p50.toFixed(2),
          'p99 ms': r.p99.toFixed(2),
          'server CPU ms/op': r.serverCpuMs.toFixed(3),
          'generator CPU ms/op': r.generatorCpuMs.toFixed(3),
          errors: r.errors,
        });
        process.stderr.write(`${server.name} ${op} c=${concurrency}: ${r.perSecond.toFixed(0)}/s\n`);
      }
    }
  } finally {
    running.child.kill('SIGKILL');
  }
}
rmSync(cognitoDir, { recursive: true, force: true });

// Memory of cognate-local holding many users.
if (USERS > 0) {
  const running = await servers[0].start();
  const pool = (await call(running.url, 'CreateUserPool', { PoolName: 'memory' })).UserPool.Id;
  const before = await rss(running.child.pid);
  const t = performance.now();
  const batch = 64;
  for (let i = 0; i < USERS; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, USERS - i) }, (_, j) =>
        call(running.url, 'AdminCreateUser', {
          UserPoolId: pool,
          Username: `user${i + j}`,
          MessageAction: 'SUPPRESS',
          UserAttributes: [{ Name: 'email', Value: `user${i + j}@example.com` }],
        }),
      ),
    );
  }
  const after = await rss(running.child.pid);
  results.memory = { users: USERS, rssBeforeMiB: before, rssAfterMiB: after, createSeconds: (performance.now() - t) / 1000 };
  running.child.kill('SIGKILL');
}

const find = (server, op, c) => results.runs.find(r => r.server === server && r.op === op && r.concurrency === c);
const ratios = [];
for (const op of ['password', 'refresh', 'getUser']) {
  for (const c of [1, 32]) {
    const a = find('cognate-local', op, c);
    const b = find('cognito-local', op, c);
    if (a && b)
      ratios.push({
        op,
        concurrency: c,
        'cognate-local/s': a.perSecond.toFixed(0),
        'cognito-local/s': b.perSecond.toFixed(0),
        ratio: `${(a.perSecond / b.perSecond).toFixed(1)}x`,
      });
  }
}
results.ratios = ratios;
// The SRP capacity of the server's CPU (derived, not measured): cores x 1000 / server CPU ms per sign-in.
results.cores = availableParallelism();
results.srpCapacity = ['srp', 'srp256']
  .map(op => find('cognate-local', op, 32))
  .filter(Boolean)
  .map(r => ({ op: r.op, measuredPerSecond: r.perSecond, serverCpuMs: r.serverCpuMs, capacityPerSecond: (results.cores * 1000) / r.serverCpuMs }));
console.log(`\ncognate-local vs cognito-local (${SECONDS} s per cell, loopback, load generator on the same machine)\n`);
console.log(table(rows, ['server', 'op', 'concurrency', 'req/s', 'p50 ms', 'p99 ms', 'server CPU ms/op', 'generator CPU ms/op', 'errors']));
console.log('\n' + table(ratios, ['op', 'concurrency', 'cognate-local/s', 'cognito-local/s', 'ratio']));
if (results.srpCapacity.length)
  console.log(
    `\nSRP sign-ins at 32 clients: measured rate, and the capacity of the server's CPU on ${results.cores} cores (derived: cores x 1000 / server CPU ms per sign-in, not a measured rate)\n\n` +
      table(
        results.srpCapacity.map(x => ({
          op: x.op,
          'measured/s': x.measuredPerSecond.toFixed(0),
          'server CPU ms/sign-in': x.serverCpuMs.toFixed(2),
          'capacity/s (derived)': x.capacityPerSecond.toFixed(0),
        })),
        ['op', 'measured/s', 'server CPU ms/sign-in', 'capacity/s (derived)'],
      ),
  );
if (results.memory)
  console.log(
    `\nmemory: ${USERS} users → RSS ${results.memory.rssBeforeMiB.toFixed(0)} MiB before, ${results.memory.rssAfterMiB.toFixed(0)} MiB after (created in ${results.memory.createSeconds.toFixed(1)} s)`,
  );
if (args.json) (await import('node:fs')).writeFileSync(args.json, JSON.stringify(results, null, 2));
