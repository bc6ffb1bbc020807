// Does one user's request slow down as the server's state grows with OTHER users' sign-ins?
//
//   npm run build && node --max-old-space-size=8192 bench/state-growth.mjs [--quick] [--samples 200]
//
// cognate-local (MemoryStore, in this process) over loopback HTTP. One user, `me`, signs in; then
// the server is filled with the state of other users' sign-ins: per other user, one token family
// (`family`, keyed pool/user/originJti, what GlobalSignOut lists by prefix) and one outbox message
// (`message`, keyed pool/user/sequence, what GET /_local/messages lists by prefix, with its entry
// in the destination index `messageIndex`, keyed pool/destination/sequence). They are
// written straight into the store (`local.services.store.put`, 10,000 per transaction), not by
// 1,000,000 real sign-ins, which would take an hour of SRP and RSA signing; the records are the
// ones a sign-in and a delivery write. Measured, after 1,000 and after 1,000,000 other users
// (--quick: 1,000 and 100,000):
//   - GlobalSignOut of `me` (each sample preceded by an untimed sign-in that gives the access token)
//   - `me`'s outbox read, GET /_local/messages?userPoolId=…&username=me
// Both should cost the user's own rows (a prefix range in the sorted index), not the others'.
// Prints the medians and the ratio large/small.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { sigv4Headers } from './sections/common.mjs';

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const SAMPLES = Number(argv[argv.indexOf('--samples') + 1]) || 200;
const SIZES = [1_000, QUICK ? 100_000 : 1_000_000];
const root = join(import.meta.dirname, '..');
const { startServer } = await import(pathToFileURL(join(root, 'packages/local/dist/index.js')).href);

const server = await startServer({ port: 0, log: () => {} });
const { url } = server;
const store = server.local.services.store;

async function call(op, body, signed = true) {
  const target = `AWSCognitoIdentityProviderService.${op}`;
  const payload = JSON.stringify(body);
  const base = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target };
  const res = await fetch(url, { method: 'POST', headers: signed ? { ...base, ...sigv4Headers(url, target, payload, base) } : base, body: payload });
  const json = await res.json();
  if (res.status !== 200) throw new Error(`${op}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const poolId = (await call('CreateUserPool', { PoolName: 'growth' })).UserPool.Id;
const clientId = (
  await call('CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })
).UserPoolClient.ClientId;
await call('AdminCreateUser', {
  UserPoolId: poolId,
  Username: 'me',
  MessageAction: 'SUPPRESS',
  UserAttributes: [
    { Name: 'email', Value: 'me@example.com' },
    { Name: 'email_verified', Value: 'true' },
  ],
});
await call('AdminSetUserPassword', { UserPoolId: poolId, Username: 'me', Password: 'Passw0rd!', Permanent: true });
await call('ForgotPassword', { ClientId: clientId, Username: 'me' }, false);
const signIn = async () =>
  (await call('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'me', PASSWORD: 'Passw0rd!' } }, false))
    .AuthenticationResult;

let filled = 0;
/** Other users' state up to `n` users: one family and one outbox message each, written in bulk. */
async function fill(n) {
  const now = Math.floor(Date.now() / 1000);
  while (filled < n) {
    const end = Math.min(n, filled + 10_000);
    store.transaction(() => {
      for (let i = filled; i < end; i++) {
        const username = `other-${String(i).padStart(7, '0')}`;
        const originJti = randomUUID();
        store.put('family', `${poolId}/${username}/${originJti}`, {
          poolId,
          clientId,
          username,
          originJti,
          authTime: now,
          createdAt: now,
          expiresAt: now + 30 * 86400,
          revoked: false,
        });
        const sequence = `${String(now).padStart(12, '0')}-${String(i).padStart(9, '0')}`;
        store.put('message', `${poolId}/${username}/${sequence}`, {
          id: randomUUID(),
          sequence,
          userPoolId: poolId,
          username,
          kind: 'ForgotPassword',
          deliveryMedium: 'EMAIL',
          destination: `${username}@example.com`,
          code: '123456',
          message: 'Your code is 123456',
          createdAt: now,
        });
        store.put('messageIndex', `${poolId}/${username}@example.com/${sequence}`, { key: `${poolId}/${username}/${sequence}`, createdAt: now });
      }
    });
    filled = end;
    // Let the event loop run between batches: idle keep-alive sockets close cleanly, not mid-request.
    await new Promise(resolve => setImmediate(resolve));
  }
}

const median = xs => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function measure() {
  const signOut = [];
  const outbox = [];
  for (let i = 0; i < SAMPLES; i++) {
    const { AccessToken } = await signIn();
    let t = performance.now();
    await call('GlobalSignOut', { AccessToken }, false);
    signOut.push(performance.now() - t);
    t = performance.now();
    const res = await fetch(`${url}/_local/messages?userPoolId=${poolId}&username=me`);
    const { messages } = await res.json();
    outbox.push(performance.now() - t);
    if (messages.length !== 1) throw new Error(`me has ${messages.length} messages`);
  }
  return { signOut: median(signOut), outbox: median(outbox) };
}

const results = [];
for (const n of SIZES) {
  const t = performance.now();
  await fill(n);
  // `me`'s own families from the previous round go, so both rounds start from the same own rows.
  store.deletePrefix('family', `${poolId}/me/`);
  // Each GlobalSignOut moves me's cut-off one second past the last (tokens issued in the same second
  // are refused); 200 a round would soon put it in the future. Each round starts 1,000 s later.
  await fetch(`${url}/_local/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ offsetSeconds: 1000 * results.length + 1000 }),
  });
  const setup = (performance.now() - t) / 1000;
  const counts = `families ${store.count('family', '')}, messages ${store.count('message', '')}`;
  const m = await measure();
  results.push({ others: n, ...m });
  console.log(
    `${n.toLocaleString('en')} other users (filled in ${setup.toFixed(1)} s; ${counts}): GlobalSignOut ${m.signOut.toFixed(2)} ms, outbox read ${m.outbox.toFixed(2)} ms (medians of ${SAMPLES})`,
  );
}
const [small, large] = results;
console.log(
  `ratio ${large.others.toLocaleString('en')}/${small.others.toLocaleString('en')}: GlobalSignOut ${(large.signOut / small.signOut).toFixed(2)}x, outbox read ${(large.outbox / small.outbox).toFixed(2)}x`,
);
await server.close();
