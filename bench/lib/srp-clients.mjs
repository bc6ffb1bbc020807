// One SRP client sign-in's maths, as bench/srp.mjs (Node) and bench/sections/srp-browser-entry.mjs
// (Chromium) both time it: cognate's @cognate/protocol calls, and aws-amplify's own SRP helper
// (getAuthenticationHelper + getPasswordAuthenticationKey + getSignatureString), given the same
// challenge. The caller passes the modules, because Node imports them by file URL and the browser
// entry through its bundle.

export const user = { poolName: 'AbCdEfGhI', userId: 'user-id-for-srp', password: 'P@ssw0rd!' };
export const salt = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';

/** cognate: A = g^a, then u, x, S, HKDF and the claim signature for challenge `c`. */
export async function cognateClient(lib, c) {
  const session = lib.startSrpSession();
  const signature = await lib.computePasswordClaimSignature({ ...user, ...c, session });
  return { srpA: lib.srpAToHex(session.A), signature };
}

/** aws-amplify's helper doing the same work; `amplify` holds BigInteger, getAuthenticationHelper, getSignatureString. */
export async function amplifyClient(amplify, c) {
  const helper = await amplify.getAuthenticationHelper(user.poolName);
  const hkdf = await helper.getPasswordAuthenticationKey({
    username: user.userId,
    password: user.password,
    serverBValue: new amplify.BigInteger(c.srpB, 16),
    salt: new amplify.BigInteger(c.salt, 16),
  });
  const signature = amplify.getSignatureString({
    userPoolName: user.poolName,
    username: user.userId,
    challengeParameters: { SECRET_BLOCK: c.secretBlock },
    dateNow: c.timestamp,
    hkdf,
  });
  return { srpA: helper.A.toString(16), signature };
}
