/**
 * Verifies Cognito JWTs read from cookies before anything trusts them, with WebCrypto only (no
 * dependency; runs on Node, Deno, Bun, workers and Edge runtimes). The checks, in order:
 *
 * 1. shape: three base64url parts, JSON header and payload;
 * 2. header: `alg` is exactly `RS256` (so `alg: none` and HMAC confusion are refused) with a `kid`;
 * 3. `iss` equals the configured pool's issuer — checked before any key is fetched, so a foreign
 *    token never makes us fetch anything;
 * 4. the signature (RSASSA-PKCS1-v1_5 / SHA-256) against the key `kid` of the pool's JWKS at
 *    `<iss>/.well-known/jwks.json`;
 * 5. `token_use` (`access` / `id`), the client id (`client_id` for access tokens, `aud` for id
 *    tokens), `exp` present and numeric, `nbf` not in the future.
 *
 * Expiry is not a failure here: an expired token with a good signature is authentic and is what the
 * caller refreshes (as aws-jwt-verify's `JwtExpiredError`, which Amplify also lets through).
 *
 * Process-wide state, shared on purpose and holding no session: per issuer, the JWKS (imported
 * `CryptoKey`s) — refetched when a token names an unknown `kid`, at most once per 10 s per issuer,
 * concurrent fetches joined — and a bounded memo of signatures already verified, keyed by the exact
 * token bytes (it answers only for a request presenting those same bytes, expires after 5 minutes,
 * and is dropped whenever the key set changes; each hit parses the claims afresh, so no object is
 * shared between requests). `verifiedTokenCache: 0` turns the memo off.
 */
import { base64UrlToBytes, utf8Decode } from '@cognate/protocol/encoding';
import { AuthError } from '../errors/auth-error.js';
import type { JwtPayload } from '../types/session.js';

export type TokenUse = 'access' | 'id';

export interface JwtVerifierOptions {
  /** The only issuer accepted, e.g. `https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc`. */
  issuer: string;
  clientId: string;
  /** Where the keys are; `<issuer>/.well-known/jwks.json` by default. */
  jwksUri?: string;
  /** A JWKS to use instead of fetching one (offline tests, pinned keys). */
  jwks?: { keys: JsonWebKey[] };
  fetch?: typeof fetch;
  /** Entries in the verified-signature memo (default 2000; 0 disables it). */
  verifiedTokenCache?: number;
}

export type VerifyResult = { valid: true; payload: JwtPayload } | { valid: false; reason: string };

const REFETCH_INTERVAL_MS = 10_000;
const MEMO_TTL_MS = 5 * 60_000;
const JWKS_TIMEOUT_MS = 5_000;
const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

interface IssuerKeys {
  keys: Map<string, Promise<CryptoKey | undefined>>;
  lastFetch: number;
  inflight: Promise<void> | undefined;
  /** Token → its payload's JSON text (parsed afresh per hit: no claims object is shared between requests). */
  memo: Map<string, { json: string; at: number }>;
}

/** Per JWKS URI, for the life of the process (keys are public and shared by every request). */
const issuers = new Map<string, IssuerKeys>();

function fail(reason: string): VerifyResult {
  return { valid: false, reason };
}

function decodeJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    return decodeJson(utf8Decode(base64UrlToBytes(part)));
  } catch {
    return undefined;
  }
}

function importKey(jwk: JsonWebKey): Promise<CryptoKey | undefined> {
  if (jwk.kty !== 'RSA' || (jwk.alg !== undefined && jwk.alg !== 'RS256') || (jwk.use !== undefined && jwk.use !== 'sig')) {
    return Promise.resolve(undefined);
  }
  const { kty, n, e } = jwk;
  return crypto.subtle.importKey('jwk', { kty, n, e, alg: 'RS256', ext: true }, ALGORITHM, false, ['verify']).catch(() => undefined);
}

export class CognitoJwtVerifier {
  readonly options: JwtVerifierOptions;
  readonly #jwksUri: string;
  readonly #memoSize: number;

  constructor(options: JwtVerifierOptions) {
    this.options = options;
    this.#jwksUri = options.jwksUri ?? `${options.issuer}/.well-known/jwks.json`;
    this.#memoSize = options.verifiedTokenCache ?? 2000;
  }

  #state(): IssuerKeys {
    let state = issuers.get(this.#jwksUri);
    if (!state) {
      state = { keys: new Map(), lastFetch: 0, inflight: undefined, memo: new Map() };
      issuers.set(this.#jwksUri, state);
      if (this.options.jwks) this.#load(state, this.options.jwks);
    }
    return state;
  }

  #load(state: IssuerKeys, jwks: { keys?: unknown }): void {
    const keys = new Map<string, Promise<CryptoKey | undefined>>();
    for (const jwk of Array.isArray(jwks.keys) ? (jwks.keys as (JsonWebKey & { kid?: string })[]) : []) {
      if (typeof jwk?.kid === 'string') keys.set(jwk.kid, state.keys.get(jwk.kid) ?? importKey(jwk));
    }
    state.keys = keys;
    state.memo.clear();
  }

  /** Fetches the JWKS again unless that happened less than 10 s ago; concurrent callers share one fetch. */
  async #refetch(state: IssuerKeys): Promise<void> {
    if (state.inflight) return state.inflight;
    if (Date.now() - state.lastFetch < REFETCH_INTERVAL_MS) return;
    state.lastFetch = Date.now();
    state.inflight = (async () => {
      const doFetch = this.options.fetch ?? globalThis.fetch;
      let response: Response;
      try {
        response = await doFetch(this.#jwksUri, { signal: AbortSignal.timeout(JWKS_TIMEOUT_MS) });
      } catch (cause) {
        state.lastFetch = 0;
        throw new AuthError({ name: 'JwksFetchException', message: `The JWKS at ${this.#jwksUri} could not be fetched.`, cause });
      }
      if (!response.ok) {
        state.lastFetch = 0;
        throw new AuthError({ name: 'JwksFetchException', message: `The JWKS at ${this.#jwksUri} answered ${response.status}.` });
      }
      const text = await response.text();
      let jwks: { keys?: unknown };
      try {
        jwks = JSON.parse(text) as { keys?: unknown };
      } catch (cause) {
        throw new AuthError({ name: 'JwksFetchException', message: `The JWKS at ${this.#jwksUri} is not JSON.`, cause });
      }
      this.#load(state, jwks);
    })().finally(() => {
      state.inflight = undefined;
    });
    return state.inflight;
  }

  async #key(state: IssuerKeys, kid: string): Promise<CryptoKey | undefined> {
    let key = state.keys.get(kid);
    if (!key) {
      await this.#refetch(state);
      key = state.keys.get(kid);
    }
    return key;
  }

  /**
   * Checks one token. Resolves `{valid: false}` for anything inauthentic or meant for someone else;
   * rejects only when the JWKS cannot be fetched (an outage is reported, not read as a sign-out).
   */
  async verify(token: string, tokenUse: TokenUse): Promise<VerifyResult> {
    if (typeof token !== 'string' || token.length > 16_384) return fail('malformed');
    const state = this.#state();
    const memo = this.#memoSize > 0 ? state.memo.get(token) : undefined;
    let payload: JwtPayload;
    if (memo && Date.now() - memo.at < MEMO_TTL_MS) {
      payload = JSON.parse(memo.json) as JwtPayload;
    } else {
      const parts = token.split('.');
      if (parts.length !== 3) return fail('malformed');
      const header = decodePart(parts[0]!);
      let json: string;
      try {
        json = utf8Decode(base64UrlToBytes(parts[1]!));
      } catch {
        return fail('malformed');
      }
      const decoded = decodeJson(json);
      if (!header || !decoded) return fail('malformed');
      if (header.alg !== 'RS256') return fail('alg');
      if (typeof header.kid !== 'string') return fail('kid');
      payload = decoded as JwtPayload;
      if (payload.iss !== this.options.issuer) return fail('iss');
      let signature: Uint8Array;
      try {
        signature = base64UrlToBytes(parts[2]!);
      } catch {
        return fail('malformed');
      }
      const key = await this.#key(state, header.kid);
      if (!key) return fail('kid');
      const data = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
      if (!(await crypto.subtle.verify(ALGORITHM, key, signature as Uint8Array<ArrayBuffer>, data))) return fail('signature');
      if (this.#memoSize > 0) {
        if (state.memo.size >= this.#memoSize) state.memo.delete(state.memo.keys().next().value!);
        state.memo.set(token, { json, at: Date.now() });
      }
    }
    return this.#claims(payload, tokenUse);
  }

  #claims(payload: JwtPayload, tokenUse: TokenUse): VerifyResult {
    if (payload.iss !== this.options.issuer) return fail('iss');
    if (payload.token_use !== tokenUse) return fail('token_use');
    const clientId = this.options.clientId;
    if (tokenUse === 'access') {
      if (payload.client_id !== clientId) return fail('client_id');
    } else if (Array.isArray(payload.aud) ? !payload.aud.includes(clientId) : payload.aud !== clientId) {
      return fail('aud');
    }
    if (typeof payload.exp !== 'number') return fail('exp');
    if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf * 1000 > Date.now() + 60_000)) return fail('nbf');
    // Issued in the future beyond clock skew: not a token the pool's clock produced.
    if (typeof payload.iat !== 'number' || payload.iat * 1000 > Date.now() + 300_000) return fail('iat');
    return { valid: true, payload };
  }
}

/** The issuer of a user pool's tokens: `<userPoolEndpoint>/<poolId>` (cognate-local), else AWS's. */
export function userPoolIssuer(userPoolId: string, userPoolEndpoint?: string): string {
  if (userPoolEndpoint) return `${new URL(userPoolEndpoint).href.replace(/\/+$/, '')}/${userPoolId}`;
  const region = userPoolId.split('_')[0] ?? '';
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://cognito-idp.${region}.${suffix}/${userPoolId}`;
}

/** Forget every cached key set (tests). */
export function clearJwksCache(): void {
  issuers.clear();
}
