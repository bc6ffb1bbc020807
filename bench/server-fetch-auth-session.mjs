// Server-side fetchAuthSession per request, no network: cognate WITH token verification (RS256
// signature against the pool's JWKS, issuer, token_use, client id) against aws-amplify's
// adapter-core WITHOUT verification (as adapter-core runs unless a validator is passed), in one run.
//
//   npm run build && node bench/server-fetch-auth-session.mjs [rounds=7] [secondsPerRound=2] [concurrency=1]
//
// Every simulated request does what a framework adapter does per request (as in
// ../shared/reference/perf-scripts/server-bench.mjs, which measured Amplify's figure):
//   parse the Cookie header -> cookie adapter -> createKeyValueStorageFromCookieStorageAdapter
//   -> createUserPoolsTokenProvider (+ createAWSCredentialsAndIdentityIdProvider for Amplify)
//   -> runWithAmplifyServerContext(config, { Auth: { tokenProvider, ... } }, ctx => fetchAuthSession(ctx))
// The cookies are the ones Amplify's CookieStorage writes for a signed-in user (username = sub UUID,
// RS256 tokens from a fresh 2048-bit key, unexpired; a 1.5 KB opaque refresh token). cognate gets the
// pool's JWKS injected (`verify: { jwks }`), so verification runs fully but offline; globalThis.fetch
// throws and counts, to prove no request is made.
//
// Rows:
//   amplify   adapter-core + auth/server fetchAuthSession, no verification        (the baseline)
//   cognate   cognate/adapter-core + cognate/auth/server, verified (default: signature memo on)
//   node      the same through cognate/node's runner (createServerRunner().auth(req, res))
//   cold      cognate verified with the signature memo off: two WebCrypto RS256 verifies per request
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROUNDS = Number(process.argv[2] ?? 7);
const SECONDS = Number(process.argv[3] ?? 2);
const CONCURRENCY = Number(process.argv[4] ?? 1);
const root = join(import.meta.dirname, '..');
const dist = path => pathToFileURL(join(root, 'packages/cognate/dist', path)).href;

let fetchCalls = 0;
globalThis.fetch = async () => {
  fetchCalls++;
  throw new Error('network disabled in benchmark');
};

const amp = await import('aws-amplify/adapter-core');
const ampServer = await import('aws-amplify/auth/server');
const cog = await import(dist('adapter-core.js'));
const cogServer = await import(dist('auth-server.js'));
const cogNode = await import(dist('node.js'));
const { version } = JSON.parse(readFileSync(join(root, 'node_modules/aws-amplify/package.json'), 'utf8'));

const region = 'us-east-1';
const userPoolId = 'us-east-1_abc';
const clientId = 'xyz';
const config = { Auth: { Cognito: { userPoolId, userPoolClientId: clientId } } };

// ---- tokens and the pool's JWKS ----
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'bench-key', alg: 'RS256', use: 'sig' }] };
const b64url = obj => Buffer.from(JSON.stringify(obj)).toString('base64url');
function jwt(payload) {
  const head = b64url({ kid: 'bench-key', alg: 'RS256' });
  const body = b64url(payload);
  const sig = createSign('RSA-SHA256').update(`${head}.${body}`).sign(privateKey).toString('base64url');
  return `${head}.${body}.${sig}`;
}
const now = Math.floor(Date.now() / 1000);
const sub = randomUUID();
const username = sub;
const iss = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
const common = { sub, iss, origin_jti: randomUUID(), event_id: randomUUID(), auth_time: now, iat: now, exp: now + 3600, jti: randomUUID() };
const accessToken = jwt({ ...common, 'cognito:groups': ['users'], client_id: clientId, token_use: 'access', scope: 'aws.cognito.signin.user.admin', username });
const idToken = jwt({ ...common, aud: clientId, email_verified: true, 'cognito:username': username, token_use: 'id', email: 'user@example.com' });
const refreshToken = 'eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.' + 'x'.repeat(1500);
const P = `CognitoIdentityServiceProvider.${clientId}`;
const cookies = {
  [`${P}.LastAuthUser`]: username,
  [`${P}.${username}.accessToken`]: accessToken,
  [`${P}.${username}.idToken`]: idToken,
  [`${P}.${username}.refreshToken`]: refreshToken,
  [`${P}.${username}.clockDrift`]: '0',
};
const cookieHeader =
  Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ') + '; other_app_cookie=abc123';

// Amplify: the reference bench's adapter (a Map over the parsed header).
function parseCookieHeader(h) {
  const m = new Map();
  for (const part of h.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    m.set(decodeURIComponent(part.slice(0, i).trim()), decodeURIComponent(part.slice(i + 1).trim()));
  }
  return m;
}
function amplifyOptions(header) {
  const jar = parseCookieHeader(header);
  const adapter = {
    get: name => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    set: (name, value) => jar.set(name, value),
    delete: name => jar.delete(name),
  };
  const kv = amp.createKeyValueStorageFromCookieStorageAdapter(adapter);
  const tokenProvider = amp.createUserPoolsTokenProvider(config.Auth, kv);
  const credentialsProvider = amp.createAWSCredentialsAndIdentityIdProvider(config.Auth, kv);
  return { Auth: { tokenProvider, credentialsProvider } };
}

// cognate: its own request jar (js-cookie decoding), the same factories.
function cognateOptions(header, verify) {
  const jar = new cog.RequestCookieJar(header);
  const kv = cog.createKeyValueStorageFromCookieStorageAdapter(jar);
  const tokenProvider = cog.createUserPoolsTokenProvider(config.Auth, kv, { verify });
  return { Auth: { tokenProvider } };
}
const warm = { jwks };
const cold = { jwks, verifiedTokenCache: 0 };
const runner = cogNode.createServerRunner({ config, runtimeOptions: { verify: warm } });
const fakeResponse = () => ({ headersSent: false, getHeader: () => undefined, setHeader: () => {} });

const ops = {
  amplify: () => amp.runWithAmplifyServerContext(config, amplifyOptions(cookieHeader), ctx => ampServer.fetchAuthSession(ctx)),
  cognate: () => cog.runWithAmplifyServerContext(config, cognateOptions(cookieHeader, warm), ctx => cogServer.fetchAuthSession(ctx)),
  node: () => runner.auth({ headers: { cookie: cookieHeader } }, fakeResponse()).fetchAuthSession(),
  cold: () => cog.runWithAmplifyServerContext(config, cognateOptions(cookieHeader, cold), ctx => cogServer.fetchAuthSession(ctx)),
};

// ---- correctness: the same session from every path, and forged tokens refused by cognate ----
for (const [name, op] of Object.entries(ops)) {
  const s = await op();
  if (s.tokens?.accessToken?.payload?.username !== username || s.userSub !== sub || s.tokens.idToken?.payload?.email !== 'user@example.com') {
    throw new Error(`${name}: wrong session ${JSON.stringify(s)}`);
  }
}
{
  const [h, p] = accessToken.split('.');
  const forged = cookieHeader.replace(accessToken, `${h}.${p}.${'A'.repeat(342)}`);
  const s = await cog.runWithAmplifyServerContext(config, cognateOptions(forged, warm), ctx => cogServer.fetchAuthSession(ctx));
  if (s.tokens) throw new Error('cognate accepted a forged signature');
  const a = await amp.runWithAmplifyServerContext(config, amplifyOptions(forged), ctx => ampServer.fetchAuthSession(ctx));
  if (!a.tokens) throw new Error('expected Amplify (no validator) to accept the forged token');
}

async function measure(op) {
  let n = 0;
  const end = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  while (performance.now() < end) {
    if (CONCURRENCY === 1) {
      await op();
      n++;
    } else {
      await Promise.all(Array.from({ length: CONCURRENCY }, op));
      n += CONCURRENCY;
    }
  }
  return (n * 1000) / (performance.now() - t0);
}
const median = a => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

const results = Object.fromEntries(Object.keys(ops).map(k => [k, []]));
for (const op of Object.values(ops)) await measure(op); // warm-up
for (let r = 0; r < ROUNDS; r++) for (const [name, op] of Object.entries(ops)) results[name].push(await measure(op));
if (fetchCalls) throw new Error(`fetch was called ${fetchCalls} times`);

console.log(
  `node ${process.version}; aws-amplify ${version}; rounds=${ROUNDS} x ${SECONDS}s; concurrency=${CONCURRENCY}; cookie header ${cookieHeader.length} B; fetch calls: ${fetchCalls}`,
);
const base = median(results.amplify);
const labels = {
  amplify: 'aws-amplify adapter-core, NOT verified',
  cognate: 'cognate adapter-core, verified',
  node: 'cognate/node runner, verified',
  cold: 'cognate, verified, memo off',
};
for (const [name, arr] of Object.entries(results)) {
  const m = median(arr);
  console.log(
    `${labels[name].padEnd(40)} median ${m.toFixed(0).padStart(7)} req/s  (${(1e6 / m).toFixed(1).padStart(6)} us)  x${(m / base).toFixed(2)}   rounds: ${arr.map(x => x.toFixed(0)).join(' ')}`,
  );
}
