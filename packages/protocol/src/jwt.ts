/**
 * JWT decoding without verification (RFC 7519 §7.2 steps 1–8 minus the signature).
 * Verification lives where keys are: cognate-local signs, the cognate server side verifies.
 */
import { base64UrlToBytes, utf8Decode } from './encoding.js';

export interface JwtHeader {
  alg?: string;
  kid?: string;
  typ?: string;
  [key: string]: unknown;
}

export interface JwtPayload {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
  [key: string]: unknown;
}

export interface DecodedJwt {
  header: JwtHeader;
  payload: JwtPayload;
  signature: string;
}

function segment(part: string): Record<string, unknown> {
  const value: unknown = JSON.parse(utf8Decode(base64UrlToBytes(part)));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('JWT segment is not a JSON object');
  }
  return value as Record<string, unknown>;
}

/** Splits and parses a compact JWS. Throws TypeError when the string is not a JWT. */
export function decodeJwtParts(token: string): DecodedJwt {
  if (typeof token !== 'string') throw new TypeError('JWT must be a string');
  const parts = token.split('.');
  if (parts.length !== 3) throw new TypeError('JWT must have three segments');
  return { header: segment(parts[0]!) as JwtHeader, payload: segment(parts[1]!) as JwtPayload, signature: parts[2]! };
}
