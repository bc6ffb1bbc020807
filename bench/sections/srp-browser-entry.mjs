// Bundled for the browser by srp-browser.mjs (esbuild, platform browser, so @cognate/protocol's
// #modpow resolves to mod-pow-web.js: native BigInt) and run in headless Chromium. The same work as
// bench/srp.mjs's client rows: one SRP client sign-in = A, then u, x, S, HKDF and the claim signature.
import * as cognate from '../../packages/protocol/dist/index.js';
import BigInteger from '../../node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/BigInteger/BigInteger.mjs';
import { getAuthenticationHelper } from '../../node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/getAuthenticationHelper.mjs';
import { getSignatureString } from '../../node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/getSignatureString.mjs';
import { amplifyClient as amplifyWith, cognateClient as cognateWith, salt, user } from '../lib/srp-clients.mjs';

const amplify = { BigInteger, getAuthenticationHelper, getSignatureString };
const amplifyClient = c => amplifyWith(amplify, c);
const randomBase64 = n => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(n))));
const cognateClient = c => cognateWith(cognate, c);

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
