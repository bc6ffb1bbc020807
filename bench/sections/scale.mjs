// Cost as a pool grows, with --data (SQLite): the published bin's RSS, password sign-ins/s and
// ListUsers with a filter, at 1,000 users and at --users (1,000,000; --quick 20,000), in one run.
//
// Seeding a million users through the API would take most of an hour, so this bench writes the
// users STRAIGHT INTO THE STORE (SqliteStore from packages/local/dist, the server stopped), with
// the record shape the API gives: one user is made with AdminCreateUser + AdminSetUserPassword,
// and each seeded user is a copy of that record with its own username, email and sub (its
// password verifier is the template's, so seeded users cannot sign in: sign-ins use 32 users made
// through the API). The pool has plain usernames, so no alias entries are needed.
//
// Each phase starts the server on the data directory, waits 1 s, measures (32 clients over
// keep-alive, --seconds per cell): USER_PASSWORD_AUTH sign-ins; ListUsers with Filter
// `email ^= "user12"` (Limit 10: a full page at both sizes) and `username = "user500"`; then reads RSS from /proc and stops
// the server. Seeding is bounded by --deadline seconds: if the target is not reached, the row says
// how many users the second phase had.
//
//   node bench/sections/scale.mjs [--users 1000000] [--seconds 3] [--deadline 150] [--quick] [--out file]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, ROOT, sigv4Headers, startCognateLocal, writeResult } from './common.mjs';

const args = parseArgs();
const TARGET = Number(args.users ?? (args.quick ? 20000 : 1000000));
const SMALL = 1000;
const SECONDS = Number(args.seconds ?? (args.quick ? 1 : 3));
const DEADLINE_S = Number(args.deadline ?? (args.quick ? 30 : 150));
const CLIENTS = 32;

const { SqliteStore } = await import(pathToFileURL(join(ROOT, 'packages/local/dist/index.js')).href);
const rssMiB = pid => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function call(url, op, body) {
  const payload = JSON.stringify(body);
  const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` };
  if (op !== 'InitiateAuth') Object.assign(headers, sigv4Headers(url, headers['x-amz-target'], payload, headers));
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(payload) } }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        const json = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        if (res.statusCode !== 200) reject(new Error(`${op}: ${json.__type} ${json.message}`));
        else resolve(json);
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function load(fn) {
  let n = 0;
  let errors = 0;
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, w) => {
      while (performance.now() < end) {
        try {
          await fn(w);
          n++;
        } catch {
          errors++;
        }
      }
    }),
  );
  return { perSecond: n / SECONDS, errors };
}

const dir = mkdtempSync(join(tmpdir(), 'cognate-scale-'));
try {
  // The pool, its client, 32 users who sign in, and the template record, made through the API.
  let server = await startCognateLocal(['--data', dir]);
  const url0 = server.url;
  const pool = (await call(url0, 'CreateUserPool', { PoolName: 'scale', Policies: { PasswordPolicy: { MinimumLength: 8 } } })).UserPool.Id;
  const client = (await call(url0, 'CreateUserPoolClient', { UserPoolId: pool, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }))
    .UserPoolClient.ClientId;
  const signers = [];
  for (let i = 0; i < CLIENTS; i++) {
    const username = `signer${i}`;
    await call(url0, 'AdminCreateUser', {
      UserPoolId: pool,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: `${username}@example.org` }],
    });
    await call(url0, 'AdminSetUserPassword', { UserPoolId: pool, Username: username, Password: 'Passw0rd!', Permanent: true });
    signers.push(username);
  }
  server.child.kill('SIGTERM');
  await new Promise(r => server.child.once('exit', r));

  const store = new SqliteStore(dir);
  const template = store.get('user', `${pool}/signer0`);
  store.close();
  let seeded = 0;
  let seedSeconds = 0;
  /** Writes users user<seeded>… up to `count`, in transactions of 10,000, until the deadline. */
  const seedTo = (count, deadline) => {
    const s = new SqliteStore(dir);
    const t0 = performance.now();
    while (seeded < count && performance.now() < deadline) {
      s.transaction(() => {
        const end = Math.min(count, seeded + 10000);
        for (; seeded < end; seeded++) {
          const username = `user${seeded}`;
          const sub = `00000000-0000-4000-8000-${seeded.toString(16).padStart(12, '0')}`;
          s.put('user', `${pool}/${username}`, { ...template, username, sub, attributes: { ...template.attributes, email: `${username}@example.com`, sub } });
        }
      });
    }
    seedSeconds += (performance.now() - t0) / 1000;
    s.close();
  };

  const measure = async () => {
    server = await startCognateLocal(['--data', dir]);
    const url = server.url;
    await new Promise(r => setTimeout(r, 1000));
    const rssStart = rssMiB(server.child.pid);
    const password = await load(w =>
      call(url, 'InitiateAuth', {
        ClientId: client,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: signers[w % signers.length], PASSWORD: 'Passw0rd!' },
      }),
    );
    // Limit 10: at 1,000 users `user12` matches 11, so both phases answer full pages of 10.
    const prefix = await load(() => call(url, 'ListUsers', { UserPoolId: pool, Filter: 'email ^= "user12"', Limit: 10 }));
    const exact = await load(() => call(url, 'ListUsers', { UserPoolId: pool, Filter: 'username = "user500"' }));
    const firstPage = await call(url, 'ListUsers', { UserPoolId: pool, Filter: 'email ^= "user12"', Limit: 10 });
    const rss = rssMiB(server.child.pid);
    server.child.kill('SIGTERM');
    await new Promise(r => server.child.once('exit', r));
    return { users: seeded + CLIENTS, rssStartMiB: rssStart, rssMiB: rss, password, listPrefix: prefix, listExact: exact, prefixPage: firstPage.Users.length };
  };

  seedTo(SMALL - CLIENTS, Infinity);
  const small = await measure();
  seedTo(TARGET - CLIENTS, performance.now() + DEADLINE_S * 1000);
  const large = await measure();
  writeResult(args, { target: TARGET, deadlineSeconds: DEADLINE_S, seedSeconds, seconds: SECONDS, clients: CLIENTS, small, large });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
