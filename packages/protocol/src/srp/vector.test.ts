import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../encoding.js';
import { computePasswordClaimSignature, srpAToHex, startSrpSession } from './client.js';
import { computeU } from './compute-u.js';
import { computeX } from './compute-x.js';
import { SRP_G, SRP_K, SRP_N } from './constants.js';
import { deriveClaimKey } from './hkdf.js';
import { modPow } from './mod-pow.js';

// amplify-auth.md §3.7: measured from Amplify 6.21.1's own modules.
const vector = {
  poolName: 'AbCdEfGhI',
  userId: 'user-id-for-srp',
  password: 'P@ssw0rd!',
  a: BigInt('0x' + 'a1b2c3d4e5f60718293a4b5c6d7e8f90'.repeat(8)),
  srpB: '1234567890abcdef'.repeat(48),
  salt: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  secretBlock: 'c2VjcmV0LWJsb2NrLWJ5dGVzLTAxMjM0NTY3ODk=',
  timestamp: 'Tue Aug 5 09:03:07 UTC 2025',
};

describe('SRP test vector (amplify-auth.md §3.7)', () => {
  const session = startSrpSession(vector.a);

  it('A = g^a mod N', () => {
    expect(srpAToHex(session.A).startsWith('319de7c59b46d165608c219624595543')).toBe(true);
  });

  it('hkdf = 80e5df22602efcfca0ffbe8da94484ce', async () => {
    const B = BigInt('0x' + vector.srpB);
    const u = await computeU(session.A, B);
    const x = await computeX(vector.poolName, vector.userId, vector.password, BigInt('0x' + vector.salt));
    const S = modPow(B - SRP_K * modPow(SRP_G, x, SRP_N), vector.a + u * x, SRP_N);
    expect(bytesToHex(await deriveClaimKey(S, u))).toBe('80e5df22602efcfca0ffbe8da94484ce');
  });

  it('PASSWORD_CLAIM_SIGNATURE', async () => {
    const signature = await computePasswordClaimSignature({ ...vector, session });
    expect(signature).toBe('1xe6lmr4L/mhVrqyNU3QLl7/OfX++hOHS/1Y4atd00I=');
  });

  it('accepts the secret block as base64url without padding, and upper-case hex', async () => {
    const signature = await computePasswordClaimSignature({
      ...vector,
      session,
      srpB: vector.srpB.toUpperCase(),
      secretBlock: vector.secretBlock.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'),
    });
    expect(signature).toBe('1xe6lmr4L/mhVrqyNU3QLl7/OfX++hOHS/1Y4atd00I=');
  });

  it('throws for B mod N = 0 and for malformed input', async () => {
    await expect(computePasswordClaimSignature({ ...vector, session, srpB: '0' })).rejects.toThrow(RangeError);
    await expect(computePasswordClaimSignature({ ...vector, session, srpB: SRP_N.toString(16) })).rejects.toThrow(RangeError);
    await expect(computePasswordClaimSignature({ ...vector, session, srpB: 'xyz' })).rejects.toThrow(TypeError);
    await expect(computePasswordClaimSignature({ ...vector, session, salt: '' })).rejects.toThrow(TypeError);
    await expect(computePasswordClaimSignature({ ...vector, session, secretBlock: '!!!' })).rejects.toThrow(TypeError);
  });
});
