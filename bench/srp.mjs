// SRP-6a maths per sign-in: cognate (@cognate/protocol dist) against aws-amplify's helper.
//
//   npm run build && node bench/srp.mjs [runs=50] [warmup=10]
//
// Rows (ms per sign-in; the inputs — a server challenge with a fresh B, salt and secret block — are
// made before each timed call):
//   client  cognate (node)      startSrpSession() + computePasswordClaimSignature(); #modpow → OpenSSL
//   client  cognate (browser)   the same calls from an esbuild platform=browser bundle of the dist
//                               (#modpow → mod-pow-web.js, native BigInt), run in this Node's V8
//   client  aws-amplify         getAuthenticationHelper() (random a, A) + getPasswordAuthenticationKey()
//                               (u, x, S, HKDF) + getSignatureString(): the same work
//   server  cognate (node)      startSrpServerSession() + verifyPasswordClaimSignature()
//   server  cognate (browser)   the same on the BigInt path
// and the three exponentiations of a client sign-in on mod-pow-web.js alone (A = g^a with cognate's a of
// 256 bits, g^x with x of 256 bits, S with an exponent of about 512 bits). Cognate's a is 256 bits
// (RFC 5054, SP 800-56A; packages/protocol/src/srp/client.ts), Amplify's 1024.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { amplifyClient as amplifyWith, cognateClient, salt, user } from './lib/srp-clients.mjs';

const RUNS = Number(process.argv[2] ?? 50);
const WARMUP = Number(process.argv[3] ?? 10);
const root = join(import.meta.dirname, '..');
const fileUrl = path => pathToFileURL(join(root, path)).href;

const cognate = await import(fileUrl('packages/protocol/dist/index.js'));
const web = await import(fileUrl('packages/protocol/dist/srp/mod-pow-web.js'));
const bundle = await build({
  entryPoints: [join(root, 'packages/protocol/dist/index.js')],
  bundle: true,
  platform: 'browser',
  format: 'esm',
  write: false,
  logLevel: 'silent',
});
const browser = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`);
if (bundle.outputFiles[0].text.includes('createDiffieHellman')) throw new Error('the browser bundle picked the node modPow');

const srpDir = 'node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/';
const { default: BigInteger } = await import(fileUrl(srpDir + 'BigInteger/BigInteger.mjs'));
const { getAuthenticationHelper } = await import(fileUrl(srpDir + 'getAuthenticationHelper.mjs'));
const { getSignatureString } = await import(fileUrl(srpDir + 'getSignatureString.mjs'));

const { SRP_N, SRP_G, SRP_K } = cognate;
const verifier = await cognate.computeSrpVerifier({ ...user, salt });
const randomBase64 = n => Buffer.from(crypto.getRandomValues(new Uint8Array(n))).toString('base64');

/** A fresh challenge as cognate-local would send it. */
function challenge() {
  const server = cognate.startSrpServerSession(verifier);
  return { server, srpB: server.B.toString(16), salt, secretBlock: randomBase64(64), timestamp: cognate.formatSrpTimestamp() };
}

const amplifyClient = c => amplifyWith({ BigInteger, getAuthenticationHelper, getSignatureString }, c);

/**
 * Times `run(input)` RUNS times after WARMUP; `run` may report its own time as `ms`. The results are
 * checked after the loop: interleaving the checks (OpenSSL, WebCrypto) slows the BigInt rows by ~30 %.
 */
async function measure(makeInput, run, check) {
  const times = [];
  const results = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const input = await makeInput();
    const t0 = performance.now();
    const output = await run(input);
    const t = output?.ms ?? performance.now() - t0;
    results.push([input, output]);
    if (i >= WARMUP) times.push(t);
  }
  for (const [input, output] of results) if (!(await check(input, output))) throw new Error('wrong result');
  times.sort((x, y) => x - y);
  const at = p => times[Math.min(times.length - 1, Math.round(p * (times.length - 1)))];
  return { min: times[0], median: at(0.5), p90: at(0.9), max: times[times.length - 1] };
}

const signedBy = (c, out) => cognate.verifyPasswordClaimSignature({ ...user, verifier, session: c.server, ...c, ...out });

/** The server's share of a sign-in: B for InitiateAuth, then the check in RespondToAuthChallenge (client untimed). */
const serverSignIn = lib => async () => {
  const t0 = performance.now();
  const server = lib.startSrpServerSession(verifier);
  const t1 = performance.now();
  const c = { server, srpB: server.B.toString(16), salt, secretBlock: randomBase64(64), timestamp: cognate.formatSrpTimestamp() };
  const out = await cognateClient(cognate, c);
  const t2 = performance.now();
  const ok = await lib.verifyPasswordClaimSignature({ ...user, verifier, ...c, session: server, ...out });
  return { ok, ms: t1 - t0 + (performance.now() - t2) };
};

const rows = [
  ['client', 'cognate (node, OpenSSL)', await measure(challenge, c => cognateClient(cognate, c), signedBy)],
  ['client', 'cognate (browser build, BigInt)', await measure(challenge, c => cognateClient(browser, c), signedBy)],
  ['client', 'aws-amplify 6 helper', await measure(challenge, amplifyClient, signedBy)],
  [
    'server',
    'cognate (node, OpenSSL)',
    await measure(
      () => null,
      serverSignIn(cognate),
      (_, r) => r.ok,
    ),
  ],
  [
    'server',
    'cognate (browser build, BigInt)',
    await measure(
      () => null,
      serverSignIn(browser),
      (_, r) => r.ok,
    ),
  ],
];

// The web modPow alone: the three exponentiations of a client sign-in.
const parts = { 'A = g^a': [], 'g^x': [], S: [] };
for (let i = 0; i < WARMUP + RUNS; i++) {
  const a = cognate.randomBigInt(32);
  const x = cognate.randomBigInt(32);
  const B = challenge().server.B;
  const u = cognate.randomBigInt(32);
  const t0 = performance.now();
  web.modPow(SRP_G, a, SRP_N);
  const t1 = performance.now();
  const gx = web.modPow(SRP_G, x, SRP_N);
  const t2 = performance.now();
  web.modPow(B - SRP_K * gx, a + u * x, SRP_N);
  const t3 = performance.now();
  if (i >= WARMUP) {
    parts['A = g^a'].push(t1 - t0);
    parts['g^x'].push(t2 - t1);
    parts.S.push(t3 - t2);
  }
}
const median = values => values.sort((x, y) => x - y)[values.length >> 1];

const f = ms => ms.toFixed(2).padStart(8);
console.log(`node ${process.version}, OpenSSL ${process.versions.openssl}; ${RUNS} runs after ${WARMUP} warm-up; ms per sign-in\n`);
console.log('side    implementation                     median      min      p90      max');
for (const [side, name, s] of rows) console.log(`${side.padEnd(7)} ${name.padEnd(33)} ${f(s.median)} ${f(s.min)} ${f(s.p90)} ${f(s.max)}`);
const amplify = rows[2][2].median;
console.log(
  `\nclient speed-up against aws-amplify (medians): node ${(amplify / rows[0][2].median).toFixed(1)}×, browser build ${(amplify / rows[1][2].median).toFixed(1)}×`,
);
console.log(`server sign-ins per second, one core (node): ${(1000 / rows[3][2].median).toFixed(0)}`);
const partMedians = Object.entries(parts).map(([name, values]) => `${name} ${median(values).toFixed(2)}`);
console.log(
  `mod-pow-web.js alone, medians (ms): ${partMedians.join(', ')}; sum ${Object.values(parts)
    .reduce((sum, v) => sum + median(v), 0)
    .toFixed(2)}`,
);
console.log(`browser bundle of @cognate/protocol: ${bundle.outputFiles[0].contents.length} bytes unminified`);
