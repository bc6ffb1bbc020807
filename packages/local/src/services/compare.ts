/** Constant-time equality for secrets (codes, hashes, client secrets, CSRF and PKCE values). */
import { timingSafeEqual } from 'node:crypto';

export function equalSecrets(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
