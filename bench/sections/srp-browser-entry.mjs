// Bundled for the browser by srp-browser.mjs (esbuild, platform browser, so @cognate/protocol's
// #modpow resolves to mod-pow-web.js: native BigInt) and run in headless Chromium. The same work as
// bench/srp.mjs's client rows: one SRP client sign-in = A, then u, x, S, HKDF and the claim signature.
import * as cognate from '../../packages/protocol/dist/index.js';
import BigInteger from '../../node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/BigInteger/BigInteger.mjs';
import { getAuthenticationHelper } from '../../node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/getAuthenticationHelper.mjs';
import { getSignatureString } from '../../node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/getSignatureString.mjs';

const user = { poolName: 'AbCdEfGhI', userId: 'user-id-for-srp', password: 'P@ssw0rd!' };
const salt = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const randomBase64 = (n) => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(n))));

async function cognateClient(c) {
  const session = cognate.startSrpSession();
  const signature = await cognate.computePasswordClaimSignature({ ...user, ...c, session });
  return { srpA: cognate.srpAToHex(session.A), signature };
}

async function amplifyClient(c) {
  const helper = await getAuthenticationHelper(user.poolName);
  const hkdf = await helper.getPasswordAuthenticationKey({
    username: user.userId,
    password: user.password,
    serverBValue: new BigInteger(c.srpB, 16),
    salt: new BigInteger(c.salt, 16),
  });
  const signature = getSignatureString({
    userPoolName: user.poolName,
    username: user.userId,
    challengeParameters: { SECRET_BLOCK: c.secretBlock },
    dateNow: c.timestamp,
    hkdf,
  });
  return { srpA: helper.A.toString(16), signature };
}

/** Runs `runs` timed client sign-ins per library after `warmup`, interleaved; checks every signature afterwards. */
export async function run(runs, warmup) {
  const verifier = await cognate.computeSrpVerifier({ ...user, salt });
  const libs = { cognate: cognateClient, 'aws-amplify': amplifyClient };
  const times = { cognate: [], 'aws-amplify': [] };
  const done = [];
  for (let i = 0; i < warmup + runs; i++) {
    for (const [name, client] of Object.entries(libs)) {
      const server = cognate.startSrpServerSession(verifier);
      const c = { server, srpB: server.B.toString(16), salt, secretBlock: randomBase64(64), timestamp: cognate.formatSrpTimestamp() };
      const t0 = performance.now();
      const out = await client(c);
      const t = performance.now() - t0;
      if (i >= warmup) times[name].push(t);
      done.push([name, c, out]);
    }
  }
  let checked = 0;
  for (const [name, c, out] of done) {
    const ok = await cognate.verifyPasswordClaimSignature({ ...user, verifier, ...c, session: c.server, ...out });
    if (!ok) throw new Error(`${name}: the server refused the claim signature`);
    checked++;
  }
  return { times, checked, userAgent: navigator.userAgent, bigint: typeof BigInt };
}
