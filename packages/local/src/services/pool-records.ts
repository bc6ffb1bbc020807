/**
 * What DeleteUserPool removes beyond the records kept under `<poolId>/` keys that it lists itself:
 * devices, passkeys, identity providers, resource servers, the message index, the domain, the
 * existence secret (services/existence.ts), signing keys (the caller forgets them), and the records
 * keyed by a hash that name the pool in their value: refresh tokens, open auth sessions and SRP
 * state, hosted-UI sessions, flows and authorization codes. Those are walked a batch at a time.
 */
import type { Services } from '../context.js';
import type { Kind } from '../storage/store.js';
import { forgetExistenceSecret } from './existence.js';

const BY_PREFIX: Kind[] = ['device', 'webauthn', 'webauthnIndex', 'idp', 'resourceServer', 'messageIndex'];
const BATCH = 500;

/** Whether a hash-keyed record belongs to the pool: its `poolId`, or its refresh-token family's key. */
function names(value: unknown, poolId: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as { poolId?: unknown; family?: unknown };
  return record.poolId === poolId || (typeof record.family === 'string' && record.family.startsWith(`${poolId}/`));
}

export function deletePoolRecords(ctx: Services, poolId: string): void {
  ctx.store.transaction(() => {
    for (const kind of BY_PREFIX) ctx.store.deletePrefix(kind, `${poolId}/`);
    for (const domain of ctx.store.list<{ Domain: string; UserPoolId: string }>('domain', '')) {
      if (domain.UserPoolId === poolId) ctx.store.delete('domain', domain.Domain);
    }
    forgetExistenceSecret(ctx, poolId);
    ctx.bounds.forgetScopes(`:${poolId}`);
    for (const kind of ['refresh', 'session', 'oauth'] as const) {
      let after = '';
      for (;;) {
        const batch = ctx.store.scan<unknown>(kind, after, BATCH);
        for (const [key, value] of batch) if (names(value, poolId)) ctx.store.delete(kind, key);
        if (batch.length < BATCH) break;
        after = batch[batch.length - 1]![0];
      }
    }
  });
}
