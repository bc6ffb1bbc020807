/**
 * The whole client and server run on the browser implementation (`#modpow` → mod-pow-web.js).
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('#modpow', () => import('./mod-pow-web.js'));

const { computePasswordClaimSignature, srpAToHex, startSrpSession } = await import('./client.js');
const { computeSrpVerifier, startSrpServerSession, verifyPasswordClaimSignature } = await import('./server.js');
const { modPow } = await import('./mod-pow.js');
const web = await import('./mod-pow-web.js');

describe('SRP on the web modPow', () => {
  it('is really using the BigInt implementation', () => {
    const spy = vi.spyOn(web, 'modPow');
    modPow(3n, 5n, 7n);
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });

  it('reproduces the §3.7 vector', async () => {
    const session = startSrpSession(BigInt('0x' + 'a1b2c3d4e5f60718293a4b5c6d7e8f90'.repeat(8)));
    expect(srpAToHex(session.A).startsWith('319de7c59b46d165608c219624595543')).toBe(true);
    const signature = await computePasswordClaimSignature({
      poolName: 'AbCdEfGhI',
      userId: 'user-id-for-srp',
      password: 'P@ssw0rd!',
      session,
      srpB: '1234567890abcdef'.repeat(48),
      salt: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      secretBlock: 'c2VjcmV0LWJsb2NrLWJ5dGVzLTAxMjM0NTY3ODk=',
      timestamp: 'Tue Aug 5 09:03:07 UTC 2025',
    });
    expect(signature).toBe('1xe6lmr4L/mhVrqyNU3QLl7/OfX++hOHS/1Y4atd00I=');
  });

  it('round-trips a sign-in', async () => {
    const user = { poolName: 'WebPool1', userId: 'web-user', password: 'hunter2' };
    const salt = 'c0ffee00';
    const verifier = await computeSrpVerifier({ ...user, salt });
    const server = startSrpServerSession(verifier);
    const client = startSrpSession();
    const fields = { salt, secretBlock: 'd2Vi', timestamp: 'Wed Jan 1 00:00:00 UTC 2025' };
    const signature = await computePasswordClaimSignature({ ...user, ...fields, session: client, srpB: server.B.toString(16) });
    const check = { ...user, ...fields, verifier, session: server, srpA: srpAToHex(client.A), signature };
    expect(await verifyPasswordClaimSignature(check)).toBe(true);
    expect(await verifyPasswordClaimSignature({ ...check, userId: 'other' })).toBe(false);
  });
});
