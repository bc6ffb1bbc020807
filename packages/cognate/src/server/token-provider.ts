/**
 * The server's token provider for one request (`createUserPoolsTokenProvider`): tokens are read from
 * the request's storage (cookies) and **verified before anything sees them** (signature against the
 * pool's JWKS, issuer, `token_use`, client id; see `jwt-verifier.ts`). A token that fails is read as
 * signed out. An authentic but expired token is refreshed with `GetTokensFromRefreshToken` and the
 * new tokens are written back through the same storage (→ `Set-Cookie` where the framework allows).
 *
 * Per request, nothing shared: a fresh store and orchestrator each time, so the single-flight
 * refresh is per request (concurrent calls in one request share one refresh; different requests
 * never share one), and no Hub fan-out (server refreshes are not broadcast on the process-wide Hub).
 * Expiry is judged on the server's clock: the `clockDrift` cookie is client-written and ignored.
 */
import { userPoolClient } from '../context/auth-context.js';
import { HubClass } from '../hub/hub.js';
import type { KeyValueStorageInterface } from '../storage/key-value-storage.js';
import { TokenOrchestrator } from '../tokens/token-orchestrator.js';
import { isTokenExpired } from '../tokens/is-token-expired.js';
import { TokenStore, type CognitoAuthTokens } from '../tokens/token-store.js';
import { AUTH_KEY_PREFIX, createKeysForAuthStorage } from '../tokens/storage-keys.js';
import type { AuthConfig, CognitoUserPoolConfig, LibraryOptions } from '../types/config.js';
import type { AuthTokens, TokenProvider } from '../types/session.js';
import { UserPoolTokenVerifier, userPoolIssuer, type JwtVerifierOptions } from './jwt-verifier.js';

export interface UserPoolsTokenProviderOptions {
  /**
   * `true` (default) verifies tokens; `false` trusts them as Amplify's adapter does without a
   * validator (only for tokens that never came from a client); an object tunes the verifier.
   */
  verify?: boolean | Partial<Omit<JwtVerifierOptions, 'clientId'>> | UserPoolTokenVerifier;
  /** The `fetch` for Cognito calls and the JWKS. */
  fetch?: typeof fetch;
  /**
   * Called when a stored token is refused (the request reads as signed out): `reason` names the token
   * and the check (`accessToken: iss`), `detail` says more where it helps (the issuers compared).
   * With the environment variable `COGNATE_DEBUG` set, each refusal is also printed as one line.
   */
  onRejected?: (reason: string, detail?: string) => void;
  /**
   * False where the new tokens could not be written back (headers already sent, read-only cookie
   * stores). There an expired session reads as signed out instead of being refreshed: a refresh
   * whose rotated refresh token is dropped would end the session for good.
   */
  canRefresh?: () => boolean;
}

/** Whether `COGNATE_DEBUG` is set (to anything but empty, `0` or `false`), read each time. */
function debugging(): boolean {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.COGNATE_DEBUG;
  return !!value && value !== '0' && value.toLowerCase() !== 'false';
}

/** Tells `onRejected`, and with `COGNATE_DEBUG` the console, why a session read as signed out. */
function reportRejection(onRejected: UserPoolsTokenProviderOptions['onRejected'], reason: string, detail: string | undefined): void {
  if (debugging()) console.warn(`[cognate] token refused, the request reads as signed out: ${reason}${detail ? ` (${detail})` : ''}`);
  onRejected?.(reason, detail);
}

/** One Hub nobody can listen to: server refreshes are not broadcast across requests. */
const silentHub = new HubClass('server');

/**
 * Each verifier owns its keys. A server runner makes its own (`createServerScope`). For
 * `createUserPoolsTokenProvider` called per request without one, a verifier is kept per (pinned key
 * set or `fetch` function; issuer, client, JWKS URI, memo size, JWKS timeout), so that requests do not each refetch
 * the JWKS: callers sharing one would load the very same keys anyway.
 */
const verifiers = new WeakMap<object, Map<string, UserPoolTokenVerifier>>();
/** Stands for the global `fetch` in `verifiers`. */
const GLOBAL_FETCH = {};

export function verifierFor(config: CognitoUserPoolConfig, options: UserPoolsTokenProviderOptions, shared = true): UserPoolTokenVerifier | undefined {
  if (options.verify === false) return undefined;
  if (options.verify instanceof UserPoolTokenVerifier) return options.verify;
  const tuned = typeof options.verify === 'object' ? options.verify : {};
  const issuer = tuned.issuer ?? userPoolIssuer(config.userPoolId, config.userPoolEndpoint);
  const fetchFn = tuned.fetch ?? options.fetch;
  const make = () => new UserPoolTokenVerifier({ ...tuned, issuer, clientId: config.userPoolClientId, ...(fetchFn ? { fetch: fetchFn } : {}) });
  if (!shared) return make();
  const owner: object = tuned.jwks ?? fetchFn ?? GLOBAL_FETCH;
  const key = `${issuer}\n${config.userPoolClientId}\n${tuned.jwksUri ?? ''}\n${tuned.verifiedTokenCache ?? ''}\n${tuned.jwksTimeout ?? ''}`;
  let kept = verifiers.get(owner);
  if (!kept) {
    kept = new Map();
    verifiers.set(owner, kept);
  }
  let verifier = kept.get(key);
  if (!verifier) {
    verifier = make();
    if (kept.size > 100) kept.clear();
    kept.set(key, verifier);
  }
  return verifier;
}

/**
 * The token store over the request's cookies, with loading checked: `TokenStore` reads the session
 * (the one copy of the storage layout), then the raw token values are verified and the session keeps
 * only the **verified** claims (the unverified decode is dropped), so what the APIs see is exactly
 * what was checked.
 */
export class VerifiedTokenStore extends TokenStore {
  readonly #storage: KeyValueStorageInterface;
  readonly #clientId: string;
  readonly #verifier: UserPoolTokenVerifier | undefined;
  readonly #onRejected: UserPoolsTokenProviderOptions['onRejected'];

  constructor(
    storage: KeyValueStorageInterface,
    clientId: string,
    verifier: UserPoolTokenVerifier | undefined,
    onRejected?: UserPoolsTokenProviderOptions['onRejected'],
  ) {
    super(
      () => storage,
      () => clientId,
    );
    this.#storage = storage;
    this.#clientId = clientId;
    this.#verifier = verifier;
    this.#onRejected = onRejected;
  }

  override async loadTokens(): Promise<CognitoAuthTokens | null> {
    const verifier = this.#verifier;
    try {
      const tokens = await super.loadTokens();
      // Expiry is judged on this server's clock: the clockDrift cookie is written by the client.
      if (tokens) tokens.clockDrift = 0;
      if (!verifier) return tokens;
      if (!tokens) {
        // TokenStore reads cookies that do not decode as no session: the verifier says what is wrong with them.
        const keys = createKeysForAuthStorage(AUTH_KEY_PREFIX, `${this.#clientId}.${await this.getLastAuthUser()}`);
        const access = await this.#storage.getItem(keys.accessToken);
        if (access && (await this.#verified(verifier, access, (await this.#storage.getItem(keys.idToken)) ?? undefined)))
          reportRejection(this.#onRejected, 'session cookies unreadable', undefined);
        return null;
      }
      const verified = await this.#verified(verifier, tokens.accessToken.toString(), tokens.idToken?.toString());
      if (!verified) return null;
      return { ...tokens, ...verified };
    } catch (error) {
      // An unreachable JWKS is reported, not read as a sign-out.
      if ((error as { name?: string })?.name === 'JwksFetchException') throw error;
      // Its message could quote cookie bytes: only the error's name is reported.
      reportRejection(this.#onRejected, 'session cookies unreadable', String((error as { name?: string })?.name ?? typeof error));
      return null;
    }
  }

  /** The tokens with their verified claims, or undefined (reported) when one fails or the two name different users. */
  async #verified(
    verifier: UserPoolTokenVerifier,
    access: string,
    id: string | undefined,
  ): Promise<Pick<CognitoAuthTokens, 'accessToken' | 'idToken'> | undefined> {
    const [accessResult, idResult] = await Promise.all([verifier.verify(access, 'access'), id ? verifier.verify(id, 'id') : undefined]);
    let reason: string | undefined;
    let detail: string | undefined;
    if (!accessResult.valid) [reason, detail] = [`accessToken: ${accessResult.reason}`, accessResult.detail];
    else if (idResult && !idResult.valid) [reason, detail] = [`idToken: ${idResult.reason}`, idResult.detail];
    else if (idResult?.valid && idResult.payload.sub !== accessResult.payload.sub) reason = 'idToken: sub differs from the access token';
    if (reason || !accessResult.valid) {
      reportRejection(this.#onRejected, reason!, detail);
      return undefined;
    }
    return {
      accessToken: { payload: accessResult.payload, toString: () => access },
      ...(id && idResult?.valid ? { idToken: { payload: idResult.payload, toString: () => id } } : {}),
    };
  }
}

/** Amplify's `createUserPoolsTokenProvider(authConfig, keyValueStorage)`, verifying by default. */
export function createUserPoolsTokenProvider(
  authConfig: AuthConfig | undefined,
  keyValueStorage: KeyValueStorageInterface,
  options: UserPoolsTokenProviderOptions = {},
): TokenProvider & { readonly orchestrator: TokenOrchestrator | undefined } {
  const cognito = authConfig?.Cognito as Partial<CognitoUserPoolConfig> | undefined;
  if (!cognito?.userPoolId || !cognito.userPoolClientId) {
    return { orchestrator: undefined, getTokens: async () => null };
  }
  const config = cognito as CognitoUserPoolConfig;
  const store = new VerifiedTokenStore(keyValueStorage, config.userPoolClientId, verifierFor(config, options), options.onRejected);
  const library: LibraryOptions = options.fetch ? { fetch: options.fetch } : {};
  const orchestrator = new TokenOrchestrator({
    config: () => config,
    store,
    client: c => userPoolClient({ libraryOptions: () => library }, c),
    hub: silentHub,
    keepSessionOn: ['RefreshTokenReuseException'],
  });
  return {
    orchestrator,
    async getTokens(getOptions?: { forceRefresh?: boolean }): Promise<AuthTokens | null> {
      const forceRefresh = getOptions?.forceRefresh ?? false;
      if (options.canRefresh && !options.canRefresh()) {
        const tokens = await store.loadTokens();
        if (!tokens || forceRefresh) return null;
        const stale = [tokens.accessToken, tokens.idToken].some(t => t && isTokenExpired({ expiresAt: (t.payload.exp ?? 0) * 1000, clockDrift: 0 }));
        if (stale) return null;
      }
      return orchestrator.getTokens({ forceRefresh });
    },
  };
}
