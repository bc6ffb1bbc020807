/**
 * Hands out the current session and refreshes it when needed. Refresh is lazy: a read finds the id
 * or access token within 5 s of expiry (clock drift applied), or is asked to `forceRefresh`. However
 * many callers ask at once, exactly one refresh is in flight per orchestrator; they all get its
 * result, and one `tokenRefresh` event is sent (Amplify sends one per waiting caller).
 *
 * A failed refresh clears the session only for definitive answers (Amplify's list:
 * NotAuthorizedException, TokenRevokedException, UserNotFoundException,
 * PasswordResetRequiredException, UserNotConfirmedException, RefreshTokenReuseException); it
 * always sends `tokenRefresh_failure`; `NotAuthorizedException` then reads as signed out, and any
 * other error (network, throttling, 5xx after retries) is thrown with the session kept.
 *
 * Unlike Amplify, a refresh that fails because another tab (or another request sharing the same
 * storage) already refreshed — with rotation, the old refresh token is then refused — does not sign
 * the user out: before clearing, the storage is read again, and tokens written meanwhile win.
 */
import type { CognitoClient } from '../client/transport.js';
import { toAuthError } from '../errors/auth-error.js';
import type { HubClass } from '../hub/hub.js';
import type { CognitoUserPoolConfig } from '../types/config.js';
import type { AuthTokens, ClientMetadata } from '../types/session.js';
import { refreshTokens } from './refresh-tokens.js';
import type { ExceptionName } from '../client/wire-types.js';
import type { CognitoAuthTokens, TokenStore } from './token-store.js';

/** Service answers after which the stored session is cleared (TokenRevokedException is not in Cognito's table). */
const CLEAR_ON: (ExceptionName | 'TokenRevokedException')[] = [
  'NotAuthorizedException',
  'TokenRevokedException',
  'UserNotFoundException',
  'PasswordResetRequiredException',
  'UserNotConfirmedException',
  'RefreshTokenReuseException',
];

export interface TokenOrchestratorDeps {
  /** The user-pool config, or undefined when not configured. */
  config(): CognitoUserPoolConfig | undefined;
  store: TokenStore;
  client(config: CognitoUserPoolConfig): CognitoClient;
  hub: HubClass;
  clientMetadataProvider?: () => ClientMetadata | undefined | Promise<ClientMetadata | undefined>;
  /**
   * Errors that read as signed out without clearing the stored session. A server sets
   * RefreshTokenReuseException here: a parallel request with the same cookies won the rotation
   * race and is sending the browser new cookies, which a deletion from this request must not undo.
   */
  keepSessionOn?: ExceptionName[];
}

export interface GetTokensOptions {
  forceRefresh?: boolean;
  clientMetadata?: ClientMetadata;
}

/** `isTokenExpired` for the ID or the access token: within 5 s of `exp` on the server's clock (stored drift applied). */
function expired({ idToken, accessToken, clockDrift }: CognitoAuthTokens): boolean {
  return [idToken, accessToken].some(token => token && Date.now() + clockDrift + 5000 > (token.payload.exp ?? 0) * 1000);
}

export class TokenOrchestrator {
  readonly deps: TokenOrchestratorDeps;
  #inflight: Promise<CognitoAuthTokens | null> | undefined;
  #waitForInflightOAuth: (() => Promise<void>) | undefined;

  constructor(deps: TokenOrchestratorDeps) {
    this.deps = deps;
  }

  get store(): TokenStore {
    return this.deps.store;
  }

  /** Browser only (set by `oauth/listener.ts`): reads first wait for a redirect sign-in completing on this page. */
  setWaitForInflightOAuth(wait: () => Promise<void>): void {
    this.#waitForInflightOAuth = wait;
  }

  /** The session with the refresh token left out, refreshed first if needed; null when signed out. */
  async getTokens(options: GetTokensOptions = {}): Promise<AuthTokens | null> {
    const config = this.deps.config();
    if (!config?.userPoolId || !config.userPoolClientId) return null;
    await this.#waitForInflightOAuth?.();
    let tokens = await this.deps.store.loadTokens();
    if (tokens && (options.forceRefresh || expired(tokens))) {
      // Joins the refresh in flight, or starts one.
      // biome-ignore lint/suspicious/noAssignInExpressions: one refresh per orchestrator, shared by every caller
      tokens = await (this.#inflight ??= this.#refresh(config, tokens, options).finally(() => {
        this.#inflight = undefined;
      }));
    }
    if (!tokens) return null;
    const out: AuthTokens = { accessToken: tokens.accessToken };
    if (tokens.idToken) out.idToken = tokens.idToken;
    if (tokens.signInDetails) out.signInDetails = tokens.signInDetails;
    return out;
  }

  async #refresh(config: CognitoUserPoolConfig, seen: CognitoAuthTokens, options: GetTokensOptions): Promise<CognitoAuthTokens | null> {
    const { store, hub, keepSessionOn } = this.deps;
    // A caller that read the session just before another refresh finished must not refresh again.
    const current = (await store.loadTokens()) ?? seen;
    if (!options.forceRefresh && current.accessToken.toString() !== seen.accessToken.toString() && !expired(current)) {
      return current;
    }
    try {
      const clientMetadata = options.clientMetadata ?? (await this.deps.clientMetadataProvider?.());
      const next = await refreshTokens(this.deps.client(config), config.userPoolClientId, current, clientMetadata);
      await store.storeTokens(next);
      hub.dispatch('auth', { event: 'tokenRefresh' }, 'Auth');
      return next;
    } catch (caught) {
      const error = toAuthError(caught);
      // As Amplify, an error that is no service's (a token that does not decode) is thrown as `Unknown` with no event.
      if (error !== caught && error.name === 'Unknown') throw error;
      const is = (name: string) => error.name.startsWith(name);
      const keep = keepSessionOn?.some(is);
      if (!keep && CLEAR_ON.some(is)) {
        const latest = await store.loadTokens();
        if (latest && latest.refreshToken !== current.refreshToken && !expired(latest)) return latest;
        await store.clearTokens();
      }
      hub.dispatch('auth', { event: 'tokenRefresh_failure', data: { error } }, 'Auth');
      if (keep || is('NotAuthorizedException')) return null;
      throw error;
    }
  }

  async setTokens(tokens: CognitoAuthTokens): Promise<void> {
    await this.deps.store.storeTokens(tokens);
  }

  async clearTokens(): Promise<void> {
    await this.deps.store.clearTokens();
  }
}
