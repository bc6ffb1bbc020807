import { randomBytes } from 'node:crypto';
import type { Services } from '../context.js';

/**
 * A random 32-byte secret kept in the store under `meta`/`key`, made on first use: it survives a
 * restart with `--data`, and processes sharing the folder settle on the first one stored.
 */
export function storedSecret(ctx: Services, key: string): Buffer {
  const secret = ctx.store.get<string>('meta', key) ?? ctx.store.putIfAbsent('meta', key, randomBytes(32).toString('base64'));
  return Buffer.from(secret, 'base64');
}
