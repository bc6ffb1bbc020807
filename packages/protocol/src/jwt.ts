/**
 * The one JWT implementation: compact-JWS parsing (RFC 7519 §7.2 steps 1–8 minus the signature),
 * the header rules and the claim checks that everything reading a Cognito token applies. Signature
 * verification lives where keys are (cognate-local: node:crypto; the cognate server side: WebCrypto),
 * on the `signingInput` and `signature` this returns.
 *
 * Strictness: every segment is RFC 7515 base64url (no padding, no `+`/`/`, canonical trailing bits)
 * and header and payload are JSON objects. The header must say `alg: RS256` (so `none` and HMAC
 * confusion are refused), name a `kid`, carry no `crit` (RFC 7515 §4.1.11: we understand no
 * extension) and no `b64` other than `true` (RFC 7797).
 */
import { base64UrlToBytes, base64UrlToBytesStrict, utf8Decode } from './encoding.js';

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
  /** The signature segment as it appears in the token. */
  signature: string;
}

export interface ParsedJwt extends DecodedJwt {
  /** `<header>.<payload>`, the bytes the signature covers (as text). */
  signingInput: string;
  signatureBytes: Uint8Array<ArrayBuffer>;
  /** The payload's JSON text, as decoded. */
  payloadJson: string;
}

/** Why a token is refused: the name of the check that failed. */
export type JwtFailure = 'malformed' | 'alg' | 'kid' | 'crit' | 'b64' | 'iss' | 'token_use' | 'client_id' | 'aud' | 'exp' | 'expired' | 'nbf' | 'iat';

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A compact JWS's three segments, strictly decoded; undefined when the string is not one. */
export function parseJwt(token: unknown): ParsedJwt | undefined {
  if (typeof token !== 'string') return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const [h, p, s] = parts as [string, string, string];
    const header = jsonObject(utf8Decode(base64UrlToBytesStrict(h)));
    const payloadJson = utf8Decode(base64UrlToBytesStrict(p));
    const payload = jsonObject(payloadJson);
    const signatureBytes = base64UrlToBytesStrict(s);
    if (!header || !payload) return undefined;
    return { header: header as JwtHeader, payload: payload as JwtPayload, signature: s, signingInput: `${h}.${p}`, signatureBytes, payloadJson };
  } catch {
    return undefined;
  }
}

/** The header rules: `alg` RS256, a string `kid`, no `crit`, no `b64` other than true. */
export function checkJwtHeader(header: JwtHeader): JwtFailure | undefined {
  if (header.alg !== 'RS256') return 'alg';
  if (typeof header.kid !== 'string') return 'kid';
  if ('crit' in header) return 'crit';
  if (header.b64 !== undefined && header.b64 !== true) return 'b64';
  return undefined;
}

export interface JwtClaimRules {
  /** Now, in seconds since the epoch. */
  now: number;
  /** `token_use` required (`access` / `id`); with `clientId`, `client_id` (access) or `aud` (id) must name it. */
  tokenUse?: 'access' | 'id';
  clientId?: string;
  /** Whether `iss` is acceptable (checked first when given). */
  issuer?: (iss: unknown) => boolean;
  /** Refuse a token whose `exp` is at or before now (default: only require `exp` to be a number). */
  rejectExpired?: boolean;
  /** Seconds `nbf` may be in the future (default 60). */
  nbfSkew?: number;
  /** Seconds `iat` may be in the future (default 300); `iat` is required. */
  iatSkew?: number;
}

/**
 * The claim checks, in order: `iss`, `token_use`, `client_id`/`aud`, `exp` (a number; past it only
 * with `rejectExpired`), `nbf` (not beyond the skew), `iat` (a number, not beyond the skew).
 */
export function checkJwtClaims(payload: JwtPayload, rules: JwtClaimRules): JwtFailure | undefined {
  if (rules.issuer && !rules.issuer(payload.iss)) return 'iss';
  if (rules.tokenUse !== undefined) {
    if (payload.token_use !== rules.tokenUse) return 'token_use';
    const clientId = rules.clientId;
    if (clientId !== undefined) {
      if (rules.tokenUse === 'access') {
        if (payload.client_id !== clientId) return 'client_id';
      } else if (Array.isArray(payload.aud) ? !payload.aud.includes(clientId) : payload.aud !== clientId) {
        return 'aud';
      }
    }
  }
  if (typeof payload.exp !== 'number') return 'exp';
  if (rules.rejectExpired && payload.exp <= rules.now) return 'expired';
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > rules.now + (rules.nbfSkew ?? 60))) return 'nbf';
  // Issued in the future beyond clock skew: not a token the pool's clock produced.
  if (typeof payload.iat !== 'number' || payload.iat > rules.now + (rules.iatSkew ?? 300)) return 'iat';
  return undefined;
}

/** Splits and parses a compact JWS strictly (see `parseJwt`). Throws TypeError when the string is not a JWT. */
export function decodeJwtParts(token: string): DecodedJwt {
  const parsed = parseJwt(token);
  if (!parsed) throw new TypeError('not a compact JWS');
  return { header: parsed.header, payload: parsed.payload, signature: parsed.signature };
}

/**
 * The unverified payload decode of Amplify's `decodeJWT`: three dot-separated parts and a payload
 * that base64-decodes (padded or not) to JSON. Kept lenient on purpose: it must accept and refuse
 * exactly what aws-amplify's decodeJWT does. Throws `Error('Invalid token')` / `Error('Invalid token payload')`.
 */
export function decodeJwtPayloadUnverified(token: string): unknown {
  const parts = String(token).split('.');
  if (parts.length !== 3) throw new Error('Invalid token');
  try {
    return JSON.parse(utf8Decode(base64UrlToBytes(parts[1]!)));
  } catch {
    throw new Error('Invalid token payload');
  }
}
