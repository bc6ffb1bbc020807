/**
 * RS256 compact JWS for cognate-local's own tokens, on node:crypto's OpenSSL calls (signing on
 * libuv's threadpool, verification synchronously: 0.02 ms).
 * The JOSE framing is RFC 7515 §7.1 (base64url header . base64url payload . base64url signature);
 * the cryptography is OpenSSL's RSASSA-PKCS1-v1_5 with SHA-256. Going through WebCrypto instead
 * (as a Web-API JOSE library must) costs more in job scheduling than the 0.25 ms signature and
 * 0.02 ms verification themselves, on the path of every sign-in and every token-checked call.
 * Verification parses with @cognate/protocol's `parseJwt` and header rules (`alg: RS256`, a `kid`,
 * no `crit`, no `b64: false`) and accepts only the expected key; anything else is refused.
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import { checkJwtHeader, parseJwt, type ParsedJwt } from '@cognate/protocol';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Encoded headers by kid and typ: the same few for every token a server signs. Bounded: emptied when full. */
const HEADER_MEMO_SIZE = 1024;
const encodedHeaders = new Map<string, string>();
function encodedHeader(kid: string, header: { typ?: string }): string {
  const key = header.typ === undefined ? kid : `${kid}\0${header.typ}`;
  let encoded = encodedHeaders.get(key);
  if (encoded === undefined) {
    encoded = b64url({ kid, ...header, alg: 'RS256' });
    if (encodedHeaders.size >= HEADER_MEMO_SIZE) encodedHeaders.clear();
    encodedHeaders.set(key, encoded);
  }
  return encoded;
}

const signingInput = (payload: Record<string, unknown>, kid: string, header: { typ?: string }) => `${encodedHeader(kid, header)}.${b64url(payload)}`;

/** Signs on libuv's threadpool (node:crypto's callback form), keeping the event loop free. */
export function signRs256(payload: Record<string, unknown>, kid: string, privateKey: KeyObject, header: { typ?: string } = {}): Promise<string> {
  const input = signingInput(payload, kid, header);
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(input), privateKey, (error, signature) => (error ? reject(error) : resolve(`${input}.${signature.toString('base64url')}`)));
  });
}

/**
 * The same, signed on the calling thread: for the second of two signatures begun together, the
 * first on the threadpool (a sign-in's ID and access tokens), so that both run at once with one
 * handoff to the threadpool instead of two (a handoff and its wake-up cost about a fifth of a signature).
 */
export function signRs256Here(payload: Record<string, unknown>, kid: string, privateKey: KeyObject, header: { typ?: string } = {}): string {
  const input = signingInput(payload, kid, header);
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

/** True when `token` is a compact JWS (strict, @cognate/protocol's rules) whose signature `publicKey` verifies. */
export function verifyRs256(token: string, publicKey: KeyObject): boolean {
  const parsed = parseJwt(token);
  return !!parsed && verifyParsedRs256(parsed, publicKey);
}

/** The same for a token already parsed with `parseJwt` (so a caller that reads its claims parses it once). */
export function verifyParsedRs256(parsed: ParsedJwt, publicKey: KeyObject): boolean {
  if (checkJwtHeader(parsed.header)) return false;
  try {
    return verify('sha256', Buffer.from(parsed.signingInput), publicKey, parsed.signatureBytes);
  } catch {
    return false;
  }
}
