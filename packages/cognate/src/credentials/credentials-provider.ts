/**
 * AWS credentials from a Cognito identity pool, behind `fetchAuthSession().credentials` and
 * `.identityId` — Amplify's `CognitoAWSCredentialsAndIdentityIdProvider` behaviour:
 *
 * - nothing without `identityPoolId`; nothing when signed out unless `allowGuestAccess`;
 * - the identity id: the one in memory (signed in) or the stored guest id, else `GetId` with
 *   `Logins = {<id token iss without scheme>: idToken}` (`{}` for a guest). A guest who signs in keeps
 *   the guest identity id: it is sent with the user's login to `GetCredentialsForIdentity`, which
 *   links the login to it, and the answer's id becomes the primary id;
 * - credentials come from `GetCredentialsForIdentity` and are cached in memory until 5 minutes before
 *   their `Expiration` (Amplify: a fixed 50 minutes from the fetch), for the same kind (guest or
 *   signed in) and the same id token; `forceRefresh` or a new id token fetches new ones;
 * - `clearCredentialsAndIdentityId()` (sign-out) forgets credentials and both ids.
 */
import { userUnauthenticatedError, authError } from '../errors/auth-error.js';
import type { GetCredentialsForIdentityRequest } from '@cognate/protocol/wire';
import type { AuthConfig, CognitoIdentityPoolConfig } from '../types/config.js';
import type { AWSCredentials, CredentialsAndIdentityId, CredentialsAndIdentityIdProvider, GetCredentialsOptions } from '../types/session.js';
import { identityPoolEndpoint, sendIdentityRequest, type IdentityClient } from './identity-client.js';
import type { IdentityIdStore } from './identity-id-store.js';

/** Credentials are used until this long before they expire. */
const EXPIRY_MARGIN_MS = 5 * 60_000;
/** Amplify's TTL, used when Cognito sends no `Expiration`. */
const FALLBACK_TTL_MS = 50 * 60_000;

interface Cached extends CredentialsAndIdentityId {
  authenticated: boolean;
  idToken: string | undefined;
  validUntil: number;
}

export interface CredentialsProviderOptions {
  /** The `fetch` for identity-pool calls (a getter: the default context's can change). */
  fetch?: () => typeof fetch | undefined;
  /** The auth config, so that sign-out finds the stored guest id before any credentials were asked for. */
  authConfig?: () => unknown;
}

/** `{ 'cognito-idp.<region>.amazonaws.com/<pool>': idToken }`: the issuer without its scheme. */
export function loginsFor(idToken: string, iss: unknown): Record<string, string> {
  if (typeof iss !== 'string' || !iss) {
    throw authError('InvalidIdTokenException', 'Invalid Idtoken.');
  }
  return { [iss.replace(/^https?:\/\//, '')]: idToken };
}

function identityConfig(authConfig: unknown): CognitoIdentityPoolConfig | undefined {
  const cognito = (authConfig as { Cognito?: Partial<CognitoIdentityPoolConfig> } | undefined)?.Cognito;
  return cognito?.identityPoolId ? (cognito as CognitoIdentityPoolConfig) : undefined;
}

export class CognitoAWSCredentialsAndIdentityIdProvider implements CredentialsAndIdentityIdProvider {
  readonly #store: IdentityIdStore;
  readonly #options: CredentialsProviderOptions;
  #cached: Cached | undefined;
  #poolId: string | undefined;

  /** `identityIdStore`: a `DefaultIdentityIdStore`, or any store written for Amplify's provider. */
  constructor(identityIdStore: IdentityIdStore, options: CredentialsProviderOptions = {}) {
    this.#store = identityIdStore;
    this.#options = options;
  }

  async getCredentialsAndIdentityId(options: GetCredentialsOptions): Promise<CredentialsAndIdentityId | undefined> {
    const config = identityConfig(options.authConfig);
    const authenticated = options.authenticated;
    if (!config || (!authenticated && !config.allowGuestAccess)) return undefined;
    const store = this.#store;
    this.#poolId = config.identityPoolId;
    store.setAuthConfig({ Cognito: config } as AuthConfig);
    const client: IdentityClient = {
      endpoint: identityPoolEndpoint(config.identityPoolId, config.identityPoolEndpoint),
      fetch: this.#options.fetch?.(),
    };
    const tokens = authenticated ? options.tokens : undefined;
    const token = tokens?.idToken;
    const idToken = token?.toString();
    if (options.forceRefresh || (this.#cached?.authenticated && idToken !== this.#cached.idToken)) this.#cached = undefined;
    // The identity id: the one in memory or stored, else GetId (with the user's login when signed in).
    let identityId = (await store.loadIdentityId())?.id;
    if (!identityId) {
      ({ IdentityId: identityId } = await sendIdentityRequest(client, 'GetId', {
        IdentityPoolId: config.identityPoolId,
        Logins: token ? loginsFor(idToken!, token.payload.iss) : {},
      }));
      if (typeof identityId !== 'string' || !identityId) {
        throw authError(
          'GetIdResponseException',
          'Received undefined response from getId operation',
          'Make sure to pass a valid identityPoolId in the configuration.',
        );
      }
      await store.storeIdentityId({ id: identityId, type: tokens ? 'primary' : 'guest' });
    }
    const cached = this.#cached;
    if (cached && cached.authenticated === authenticated && Date.now() < cached.validUntil) {
      return { credentials: cached.credentials, identityId: cached.identityId ?? identityId };
    }
    this.#cached = undefined;
    const input: GetCredentialsForIdentityRequest = { IdentityId: identityId };
    if (authenticated) {
      if (!token || !idToken) throw userUnauthenticatedError();
      input.Logins = loginsFor(idToken, token.payload.iss);
    }
    const result = await sendIdentityRequest(client, 'GetCredentialsForIdentity', input);
    const wire = result.Credentials;
    if (!wire?.AccessKeyId || !wire.SecretKey) {
      throw authError(
        authenticated ? 'CredentialsException' : 'CredentialsNotFoundException',
        'Cognito did not respond with either Credentials, AccessKeyId or SecretKey.',
      );
    }
    const credentials: AWSCredentials = { accessKeyId: wire.AccessKeyId, secretAccessKey: wire.SecretKey };
    if (wire.SessionToken) credentials.sessionToken = wire.SessionToken;
    const expiration = typeof wire.Expiration === 'number' ? new Date(wire.Expiration * 1000) : undefined;
    if (expiration) credentials.expiration = expiration;
    if (result.IdentityId) await store.storeIdentityId({ id: result.IdentityId, type: authenticated ? 'primary' : 'guest' });
    const out = { credentials, identityId: result.IdentityId ?? identityId };
    this.#cached = { ...out, authenticated, idToken, validUntil: expiration ? expiration.getTime() - EXPIRY_MARGIN_MS : Date.now() + FALLBACK_TTL_MS };
    return out;
  }

  /** Drops the cached credentials, keeping the identity id. */
  clearCredentials(): void {
    this.#cached = undefined;
  }

  /** Sign-out: drops the credentials and both identity ids (the stored guest id too). */
  async clearCredentialsAndIdentityId(): Promise<void> {
    this.#cached = undefined;
    if (!this.#poolId) {
      // Nothing asked for credentials yet on this page: the configured pool says where a stored guest id is.
      const config = identityConfig(this.#options.authConfig?.());
      if (config) this.#store.setAuthConfig({ Cognito: config } as AuthConfig);
    }
    await this.#store.clearIdentityId();
  }
}
