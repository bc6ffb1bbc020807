import { base64ToBytes, utf8Encode } from '../encoding.js';
import { hmacSha256 } from './hash.js';

/** The fields PASSWORD_CLAIM_SIGNATURE covers, in order. */
export interface ClaimFields {
  poolName: string;
  userId: string;
  /** SECRET_BLOCK: base64 or base64url, padding optional, ASCII whitespace ignored (as atob does). */
  secretBlock: string;
  timestamp: string;
}

/**
 * HMAC-SHA256(key, utf8(poolName) ‖ utf8(userId) ‖ base64decode(secretBlock) ‖ utf8(timestamp)).
 * Throws a `TypeError` when the secret block is not base64.
 */
export async function computeClaimHmac(key: Uint8Array<ArrayBuffer>, fields: ClaimFields): Promise<Uint8Array<ArrayBuffer>> {
  const parts = [
    utf8Encode(fields.poolName),
    utf8Encode(fields.userId),
    base64ToBytes(fields.secretBlock.replace(/[\t\n\f\r ]/g, '')), // atob ignores whitespace too
    utf8Encode(fields.timestamp),
  ];
  const message = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    message.set(part, offset);
    offset += part.length;
  }
  return hmacSha256(key, message);
}
