/**
 * Verifies Cognito JWTs read from cookies before anything trusts them, with WebCrypto only (no
 * dependency; runs on Node, Deno, Bun, workers and Edge runtimes). The checks, in order:
 *
 * 1. shape: three strict base64url parts (RFC 7515: `[A-Za-z0-9_-]` only, no padding, canonical
 *    trailing bits), JSON objects for header and payload;
 * 2. header: `alg` is exactly `RS256` (so `alg: none` and HMAC confusion are refused) with a `kid`;
 *    no `crit` (RFC 7515 §4.1.11: we understand no extension, so any is refused) and no `b64: false`;
 * 3. `iss` equals the configured pool's issuer — checked before any key is fetched, so a foreign
 *    token never makes us fetch anything. Only for loopback: `localhost`, `127.0.0.1` and `[::1]`
 *    name one machine, so with the same scheme, port and path they are the same issuer (an app
 *    configured with `http://localhost:9229` accepts tokens cognate-local issued as
 *    `http://127.0.0.1:9229/<poolId>`); any other host must match exactly;
 * 4. the signature (RSASSA-PKCS1-v1_5 / SHA-256) against the key `kid` of the pool's JWKS at
 *    `<iss>/.well-known/jwks.json`, or of the pinned `jwks` (then nothing is ever fetched);
 * 5. `token_use` (`access` / `id`), the client id (`client_id` for access tokens, `aud` for id
 *    tokens), `exp` present and numeric, `nbf` not in the future.
 *
 * Expiry is not a failure here: an expired token with a good signature is authentic and is what the
 * caller refreshes (as Amplify lets an expired token through to its refresh).
 *
 * State, per verifier instance (a server runner makes one; nothing is shared between instances) and
 * holding no session: the key set (imported `CryptoKey`s) — fetched when a token names an unknown
 * `kid`, at most once per 10 s, concurrent fetches joined; a failed fetch is remembered for those
 * 10 s, so an outage answers `JwksFetchException` without refetching; each fetch is bounded (64 KiB
 * of body, `jwksTimeout` for answer and body together) — and a bounded memo of
 * signatures already verified, keyed by the exact token bytes (it answers only for a request
 * presenting those same bytes, expires after 5 minutes, and is dropped whenever the key set changes;
 * each hit parses the claims afresh, so no object is shared between requests).
 * `verifiedTokenCache: 0` turns the memo off.
 */
import { checkJwtClaims, checkJwtHeader, parseJwt } from '@cognate/protocol/jwt';
import { AuthError } from '../errors/auth-error.js';
import type { JwtPayload } from '../types/session.js';

export type TokenUse = 'access' | 'id';

export interface JwtVerifierOptions {
  /** The only issuer accepted, e.g. `https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc`. */
  issuer: string;
  clientId: string;
  /** Where the keys are; `<issuer>/.well-known/jwks.json` by default. */
  jwksUri?: string;
  /** Pinned keys, used instead of fetching (offline tests, pinned keys): final, nothing is ever fetched. */
  jwks?: { keys: JsonWebKey[] };
  fetch?: typeof fetch;
  /**
   * How long a JWKS fetch may take, answer and body together, in milliseconds (default 5000); past
   * it the fetch is abandoned with `JwksFetchException`.
   */
  jwksTimeout?: number;
  /** Entries in the verified-signature memo (default 2000; 0 disables it). */
  verifiedTokenCache?: number;
}

/** `reason` is the check that failed (`iss`, `signature`, …); `detail` says more where it helps (never a token). */
export type VerifyResult = { valid: true; payload: JwtPayload } | { valid: false; reason: string; detail?: string };

/** The least time between two JWKS fetches, whether the last one worked or failed. */
const REFETCH_INTERVAL_MS = 10_000;
const MEMO_TTL_MS = 5 * 60_000;
const JWKS_TIMEOUT_MS = 5_000;
/** A JWKS is a few kB; a body past this is abandoned (the rest is never read). */
const JWKS_MAX_BYTES = 64 * 1024;
const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

function fail(reason: string): VerifyResult {
  return { valid: false, reason };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a token's `iss` is the configured issuer: the same string, or, for loopback only, the
 * same scheme, port and path on another of the loopback names.
 */
export function sameIssuer(iss: unknown, issuer: string): boolean {
  if (iss === issuer) return true;
  if (typeof iss !== 'string' || iss.length > 2048) return false;
  let a: URL;
  let b: URL;
  try {
    a = new URL(iss);
    b = new URL(issuer);
  } catch {
    return false;
  }
  if (!LOOPBACK_HOSTS.has(a.hostname) || !LOOPBACK_HOSTS.has(b.hostname) || a.protocol !== b.protocol || a.port !== b.port) return false;
  // Only the host name may differ: after `<scheme>//<host>`, both must be the same characters.
  const originA = `${a.protocol}//${a.host}`;
  const originB = `${b.protocol}//${b.host}`;
  return iss.startsWith(originA) && issuer.startsWith(originB) && iss.slice(originA.length) === issuer.slice(originB.length);
}

function issFailure(iss: unknown, issuer: string): VerifyResult {
  const shown = typeof iss === 'string' ? JSON.stringify(iss.slice(0, 200)) : String(iss === undefined ? 'missing' : typeof iss);
  return { valid: false, reason: 'iss', detail: `the token's iss ${shown} is not the configured issuer ${JSON.stringify(issuer)}` };
}

function decodeJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
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

/** The server side's verifier of a user pool's access and id tokens (`cognate-auth/node`). */
export class UserPoolTokenVerifier {
  readonly options: JwtVerifierOptions;
  readonly #jwksUri: string;
  readonly #memoSize: number;
  readonly #pinned: boolean;
  #keys = new Map<string, Promise<CryptoKey | undefined>>();
  /** When the last JWKS fetch started (0: never). */
  #fetchedAt = 0;
  /** Why the last fetch failed, while that is less than 10 s ago; undefined after a good one. */
  #failure: string | undefined;
  #inflight: Promise<void> | undefined;
  /** Token → its payload's JSON text (parsed afresh per hit: no claims object is shared between requests). */
  readonly #memo = new Map<string, { json: string; at: number }>();

  constructor(options: JwtVerifierOptions) {
    this.options = options;
    this.#jwksUri = options.jwksUri ?? `${options.issuer}/.well-known/jwks.json`;
    this.#memoSize = options.verifiedTokenCache ?? 2000;
    this.#pinned = options.jwks !== undefined;
    if (options.jwks) this.#load(options.jwks);
  }

  #load(jwks: { keys?: unknown }): void {
    const keys = new Map<string, Promise<CryptoKey | undefined>>();
    for (const jwk of Array.isArray(jwks.keys) ? (jwks.keys as (JsonWebKey & { kid?: string })[]) : []) {
      if (typeof jwk?.kid === 'string' && !keys.has(jwk.kid)) keys.set(jwk.kid, this.#keys.get(jwk.kid) ?? importKey(jwk));
    }
    this.#keys = keys;
    this.#memo.clear();
  }

  #fetchError(message: string, cause?: unknown): AuthError {
    return new AuthError({ name: 'JwksFetchException', message, ...(cause !== undefined ? { cause } : {}) });
  }

  /**
   * Fetches the JWKS unless a fetch started less than 10 s ago (then a failure of that fetch is
   * answered again, as a new error, without fetching); concurrent callers share one fetch.
   */
  async #refetch(): Promise<void> {
    // Joiners get errors of their own (no object is shared between requests).
    if (this.#inflight) return this.#inflight.catch(() => Promise.reject(this.#fetchError(this.#failure ?? 'The JWKS could not be fetched.')));
    if (Date.now() - this.#fetchedAt < REFETCH_INTERVAL_MS) {
      if (this.#failure) throw this.#fetchError(this.#failure);
      return;
    }
    this.#fetchedAt = Date.now();
    this.#inflight = (async () => {
      const uri = this.#jwksUri;
      let jwks: { keys?: unknown };
      try {
        const parsed = decodeJson(await this.#download(uri));
        if (!parsed || !Array.isArray(parsed.keys)) throw this.#fetchError(`The JWKS at ${uri} is not a JSON key set.`);
        jwks = parsed;
      } catch (error) {
        this.#failure = (error as Error).message;
        throw error;
      }
      this.#failure = undefined;
      this.#load(jwks);
    })().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  /**
   * The JWKS body as text: at most JWKS_MAX_BYTES, answer and body within the timeout (raced here,
   * so a `fetch` that ignores its signal is given up too); the connection is cancelled on failure.
   */
  async #download(uri: string): Promise<string> {
    const doFetch = this.options.fetch ?? globalThis.fetch;
    const ms = this.options.jwksTimeout ?? JWKS_TIMEOUT_MS;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = this.#fetchError(`The JWKS at ${uri} did not answer within ${ms} ms.`);
        reject(error);
        controller.abort(error);
      }, ms);
    });
    let body: ReadableStreamDefaultReader<Uint8Array> | undefined;
    try {
      const fetched = doFetch(uri, { signal: controller.signal }).catch((cause: unknown) => {
        throw controller.signal.aborted ? controller.signal.reason : this.#fetchError(`The JWKS at ${uri} could not be fetched.`, cause);
      });
      const response = await Promise.race([fetched, timeout]);
      body = typeof response.body?.getReader === 'function' ? response.body.getReader() : undefined;
      if (!response.ok) throw this.#fetchError(`The JWKS at ${uri} answered ${response.status}.`);
      const tooLarge = () => this.#fetchError(`The JWKS at ${uri} is larger than ${JWKS_MAX_BYTES} bytes.`);
      if (Number(response.headers.get('content-length')) > JWKS_MAX_BYTES) throw tooLarge();
      if (!body && response.body) {
        // A `fetch` whose body is not a web stream (node-fetch's Node stream): read whole, within the time.
        const text = await Promise.race([response.text(), timeout]);
        if (text.length > JWKS_MAX_BYTES) throw tooLarge();
        return text;
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      for (;;) {
        const read = body ? await Promise.race([body.read(), timeout]) : { done: true as const, value: undefined };
        if (read.done) break;
        size += read.value.byteLength;
        if (size > JWKS_MAX_BYTES) throw tooLarge();
        chunks.push(read.value);
      }
      body = undefined;
      const all = new Uint8Array(size);
      let at = 0;
      for (const chunk of chunks) {
        all.set(chunk, at);
        at += chunk.byteLength;
      }
      return new TextDecoder().decode(all);
    } catch (error) {
      // A connection reset half-way is an outage like any other, not an unexpected exception.
      throw error instanceof AuthError ? error : this.#fetchError(`The JWKS at ${uri} could not be fetched.`, error);
    } finally {
      clearTimeout(timer);
      // Abandoned: the rest of the body is never read, and the connection is let go.
      if (body) body.cancel().catch(() => {});
    }
  }

  async #key(kid: string): Promise<CryptoKey | undefined> {
    const known = this.#keys.get(kid);
    if (known || this.#pinned) return known;
    await this.#refetch();
    return this.#keys.get(kid);
  }

  /**
   * Checks one token. Resolves `{valid: false}` for anything inauthentic or meant for someone else;
   * rejects only when the JWKS cannot be fetched (an outage is reported, not read as a sign-out).
   */
  async verify(token: string, tokenUse: TokenUse): Promise<VerifyResult> {
    if (typeof token !== 'string' || token.length > 16_384) return fail('malformed');
    const memo = this.#memoSize > 0 ? this.#memo.get(token) : undefined;
    let payload: JwtPayload;
    if (memo && Date.now() - memo.at < MEMO_TTL_MS) {
      payload = JSON.parse(memo.json) as JwtPayload;
    } else {
      const parsed = parseJwt(token);
      if (!parsed) return fail('malformed');
      const { header, signingInput, signatureBytes: signature, payloadJson: json } = parsed;
      const headerFailure = checkJwtHeader(header);
      if (headerFailure) return fail(headerFailure);
      payload = parsed.payload as JwtPayload;
      if (!sameIssuer(payload.iss, this.options.issuer)) return issFailure(payload.iss, this.options.issuer);
      const key = await this.#key(header.kid!);
      if (!key) return fail('kid');
      const data = new TextEncoder().encode(signingInput);
      if (!(await crypto.subtle.verify(ALGORITHM, key, signature, data))) return fail('signature');
      if (this.#memoSize > 0) {
        if (this.#memo.size >= this.#memoSize) this.#memo.delete(this.#memo.keys().next().value!);
        this.#memo.set(token, { json, at: Date.now() });
      }
    }
    return this.#claims(payload, tokenUse);
  }

  #claims(payload: JwtPayload, tokenUse: TokenUse): VerifyResult {
    if (!sameIssuer(payload.iss, this.options.issuer)) return issFailure(payload.iss, this.options.issuer);
    const failure = checkJwtClaims(payload, { now: Date.now() / 1000, tokenUse, clientId: this.options.clientId, nbfSkew: 60, iatSkew: 300 });
    if (failure) return fail(failure);
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

/**
 * The name this verifier was first published under, kept for code that imports it. It is not
 * aws-jwt-verify's `CognitoJwtVerifier` (a different API: `new` with `{issuer, clientId}`, and
 * `verify(token, tokenUse)` resolving `{valid, …}`).
 * @deprecated Use `UserPoolTokenVerifier`.
 */
export const CognitoJwtVerifier = UserPoolTokenVerifier;
/** @deprecated Use `UserPoolTokenVerifier`. */
export type CognitoJwtVerifier = UserPoolTokenVerifier;
