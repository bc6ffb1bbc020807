// The measured floors that limit the figures of the other sections (node:crypto = OpenSSL, one thread):
//   modexp-3072/1024   2^e mod N, RFC 5054 3072-bit N, 1024-bit e (A = g^a in an SRP sign-in)
//   modexp-3072/256    2^e mod N with a 256-bit e (g^x)
//   modexp-any/1024    b^e mod N for an arbitrary base b, 1024-bit e (S), via DH computeSecret
//   srp-client-floor   the sum of the three above: what an OpenSSL SRP client cannot avoid per sign-in
//   bigint-modexp-3072/1024  the same A = g^a on V8's native BigInt (square and multiply, 4-bit window)
//   rs256-sign         RSA-2048 PKCS#1 v1.5 SHA-256 signature of a JWT-sized input (a server issues two per sign-in)
//   rs256-verify       the matching verification with a cached KeyObject (a server verifying two tokens per request)
//
//   node bench/sections/floors.mjs [--out file]
import { createDiffieHellman, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, ROOT, writeResult } from './common.mjs';

const args = parseArgs();
const SECONDS = args.quick ? 0.3 : 1;
const ROUNDS = args.quick ? 3 : 5;

// RFC 5054 3072-bit group (also RFC 3526 group 15), as Cognito uses it: @cognate/protocol's own constant.
const { SRP_N } = await import(pathToFileURL(join(ROOT, 'packages/protocol/dist/srp/constants.js')).href);
const N_HEX = SRP_N.toString(16);
const N = Buffer.from(N_HEX, 'hex');
const Nbig = SRP_N;
// The generator as a Buffer, as cognate's #modpow does: createDiffieHellman(N, 2) with a numeric
// generator measured ~1.3–1.6× slower per exponentiation on this machine.
const dh = createDiffieHellman(N, Buffer.from([2]));
const exponent = bytes => {
  const e = randomBytes(bytes);
  e[0] |= 0x80;
  return e;
};
const e1024 = Array.from({ length: 32 }, () => exponent(128));
const e256 = Array.from({ length: 32 }, () => exponent(32));
const bases = Array.from({ length: 32 }, () => {
  const b = randomBytes(384);
  b[0] &= 0x7f;
  return b;
});
const big = buf => BigInt('0x' + buf.toString('hex'));
const e1024big = e1024.map(big);

function modPowW4(base, exp, m) {
  const table = [1n, base % m];
  for (let i = 2; i < 16; i++) table.push((table[i - 1] * base) % m);
  const hex = exp.toString(16);
  let r = table[parseInt(hex[0], 16)];
  for (let i = 1; i < hex.length; i++) {
    r = (r * r) % m;
    r = (r * r) % m;
    r = (r * r) % m;
    r = (r * r) % m;
    const d = parseInt(hex[i], 16);
    if (d) r = (r * table[d]) % m;
  }
  return r;
}

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const priv = createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }));
const pub = createPublicKey(publicKey.export({ format: 'pem', type: 'spki' }));
const input = Buffer.from(`${randomBytes(27).toString('base64url')}.${randomBytes(600).toString('base64url')}`);
const signature = sign('sha256', input, priv);

let i = 0;
const benches = {
  'modexp-3072/1024': () => {
    dh.setPrivateKey(e1024[i++ & 31]);
    dh.generateKeys();
  },
  'modexp-3072/256': () => {
    dh.setPrivateKey(e256[i++ & 31]);
    dh.generateKeys();
  },
  'modexp-any/1024': () => {
    dh.setPrivateKey(e1024[i++ & 31]);
    dh.computeSecret(bases[i & 31]);
  },
  'bigint-modexp-3072/1024': () => modPowW4(2n, e1024big[i++ & 31], Nbig),
  'rs256-sign': () => sign('sha256', input, priv),
  'rs256-verify': () => {
    if (!verify('sha256', input, pub, signature)) throw new Error('verify');
  },
};

function measure(fn) {
  let n = 0;
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  let now = t0;
  while (now < end) {
    fn();
    n++;
    now = performance.now();
  }
  return (now - t0) / n;
}

const results = {};
for (const [name, fn] of Object.entries(benches)) {
  measure(fn);
  const per = [];
  for (let r = 0; r < ROUNDS; r++) per.push(measure(fn));
  per.sort((a, b) => a - b);
  results[name] = { msPerOp: per[per.length >> 1], min: per[0], max: per[per.length - 1] };
}
results['srp-client-floor'] = { msPerOp: results['modexp-3072/1024'].msPerOp + results['modexp-3072/256'].msPerOp + results['modexp-any/1024'].msPerOp };
writeResult(args, { openssl: process.versions.openssl, rounds: ROUNDS, seconds: SECONDS, results });
