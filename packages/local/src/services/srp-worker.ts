/**
 * The worker thread of the SRP pool (started by services/srp.ts, from dist/services/srp-worker.js):
 * runs the 3072-bit SRP-6a steps off the server's event loop. A message `{ id, op, args }` is
 * answered with `{ id, result }` or `{ id, error }`.
 */
import { parentPort } from 'node:worker_threads';
import { computeServerClaimKey, computeSrpVerifier, createSrpServerEphemeral, startSrpServerSession, verifyPasswordClaimSignature } from '@cognate/protocol';

export type SrpOp = 'verifier' | 'start' | 'verify' | 'ephemeral' | 'key';
export interface SrpJob {
  id: number;
  op: SrpOp;
  args: unknown;
}
export type SrpAnswer = { id: number; result: unknown } | { id: number; error: string };

const port = parentPort;
port?.on('message', async ({ id, op, args }: SrpJob) => {
  try {
    let result: unknown;
    if (op === 'verifier') result = await computeSrpVerifier(args as Parameters<typeof computeSrpVerifier>[0]);
    else if (op === 'start') result = startSrpServerSession(args as string);
    else if (op === 'ephemeral') result = createSrpServerEphemeral();
    else if (op === 'key') result = await computeServerClaimKey(args as Parameters<typeof computeServerClaimKey>[0]);
    else result = await verifyPasswordClaimSignature(args as Parameters<typeof verifyPasswordClaimSignature>[0]);
    port.postMessage({ id, result } satisfies SrpAnswer);
  } catch (error) {
    port.postMessage({ id, error: String((error as Error)?.message ?? error) } satisfies SrpAnswer);
  }
});
