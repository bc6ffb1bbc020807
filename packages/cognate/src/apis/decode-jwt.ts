/**
 * decodeJWT: splits a compact JWT and parses its payload, without verifying anything. Same contract
 * as Amplify's: synchronous, `{payload, toString()}`, and a plain `Error('Invalid token')` or
 * `Error('Invalid token payload')` for bad input. The decoding is @cognate/protocol's.
 */
import { decodeJwtPayloadUnverified } from '@cognate/protocol/jwt';
import type { JWT, JwtPayload } from '../types/session.js';

export function decodeJWT(token: string): JWT {
  const payload = decodeJwtPayloadUnverified(token) as JwtPayload;
  return { payload, toString: () => token };
}
