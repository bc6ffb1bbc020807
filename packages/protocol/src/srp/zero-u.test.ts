import { describe, expect, it, vi } from 'vitest';

// u = H(padHex(A) ‖ padHex(B)) = 0 cannot be produced honestly; force it to check the guards.
vi.mock('./compute-u.js', () => ({ computeU: async () => 0n }));

const { computePasswordClaimSignature, srpAToHex, startSrpSession } = await import('./client.js');
const { computeSrpVerifier, startSrpServerSession, verifyPasswordClaimSignature } = await import('./server.js');

describe('u = 0', () => {
  it('makes the client throw and the server refuse', async () => {
    const user = { poolName: 'p', userId: 'u', password: 'pw' };
    const salt = 'abcd';
    const verifier = await computeSrpVerifier({ ...user, salt });
    const server = startSrpServerSession(verifier);
    const client = startSrpSession();
    const fields = { salt, secretBlock: 'AAAA', timestamp: 'Tue Aug 5 09:03:07 UTC 2025' };
    await expect(computePasswordClaimSignature({ ...user, ...fields, session: client, srpB: server.B.toString(16) })).rejects.toThrow(RangeError);
    expect(await verifyPasswordClaimSignature({ ...user, ...fields, verifier, session: server, srpA: srpAToHex(client.A), signature: 'AAAA' })).toBe(false);
  });
});
