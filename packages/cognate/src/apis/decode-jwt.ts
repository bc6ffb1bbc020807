/**
 * decodeJWT: splits a compact JWT and parses its payload, without verifying anything. Same contract
 * as Amplify's: synchronous, `{payload, toString()}`, and a plain `Error('Invalid token')` or
 * `Error('Invalid token payload')` for bad input.
 */
import { base64UrlToBytes, utf8Decode } from '@cognate/protocol/encoding';
import type { JWT, JwtPayload } from '../types/session.js';

export function decodeJWT(token: string): JWT {
  const parts = String(token).split('.');
  if (parts.length !== 3) throw new Error('Invalid token');
  let payload: JwtPayload;
  try {
    payload = JSON.parse(utf8Decode(base64UrlToBytes(parts[1]!))) as JwtPayload;
  } catch {
    throw new Error('Invalid token payload');
  }
  return { payload, toString: () => token };
}
