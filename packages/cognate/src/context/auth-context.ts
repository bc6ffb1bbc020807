/**
 * The explicit context every internal takes: configuration, token storage, the Hub to report to and
 * the client-side sign-in state. Nothing below `apis/` reads a global; only the browser-facing API
 * functions bind the default context (`default-context.ts`). A server creates one context per
 * request, so concurrent requests never see each other's tokens.
 */
import type { CognitoClient } from '../client/transport.js';
import { userPoolEndpoint } from '../client/endpoint.js';
import { authError } from '../errors/auth-error.js';
import { Hub, type HubClass } from '../hub/hub.js';
import { AutoSignInStore } from '../flows/auto-sign-in-state.js';
import { SignInStateStore, type SyncStorage } from '../flows/sign-in-state.js';
import type { KeyValueStorageInterface } from '../storage/key-value-storage.js';
import { TokenOrchestrator, type TokenOrchestratorDeps } from '../tokens/token-orchestrator.js';
import { TokenStore } from '../tokens/token-store.js';
import type { CognitoUserPoolConfig, LibraryOptions, ResourcesConfig } from '../types/config.js';
import type { ClientMetadata, CredentialsAndIdentityIdProvider } from '../types/session.js';

export interface AuthContext {
  /** The configured resources (already parsed), or undefined before configuration. */
  resourcesConfig(): ResourcesConfig | undefined;
  libraryOptions(): LibraryOptions;
  tokens: TokenOrchestrator;
  hub: HubClass;
  signInState: SignInStateStore;
  autoSignIn: AutoSignInStore;
  /** The identity-pool provider used when `libraryOptions.Auth` brings none (the default context's). */
  credentials?: CredentialsAndIdentityIdProvider;
}

export interface AuthContextOptions {
  resourcesConfig: () => ResourcesConfig | undefined;
  libraryOptions?: () => LibraryOptions;
  storage: () => KeyValueStorageInterface;
  hub?: HubClass;
  /** Where pending sign-in state survives a reload (browser `sessionStorage`). */
  signInPersistence?: () => SyncStorage | undefined;
  clientMetadataProvider?: () => ClientMetadata | Promise<ClientMetadata> | undefined;
  /** The context's default identity-pool provider. */
  credentials?: CredentialsAndIdentityIdProvider;
}

/** The user-pool part of the configuration, when there is one. */
export function userPoolConfig(ctx: Pick<AuthContext, 'resourcesConfig'>): CognitoUserPoolConfig | undefined {
  const cognito = ctx.resourcesConfig()?.Auth?.Cognito as Partial<CognitoUserPoolConfig> | undefined;
  return cognito?.userPoolId && cognito.userPoolClientId ? (cognito as CognitoUserPoolConfig) : undefined;
}

/** The user-pool configuration, or Amplify's `AuthUserPoolException` when it is missing. */
export function requireUserPoolConfig(ctx: Pick<AuthContext, 'resourcesConfig'>): CognitoUserPoolConfig {
  const config = userPoolConfig(ctx);
  if (!config) {
    throw authError(
      'AuthUserPoolException',
      'Auth UserPool not configured.',
      'Make sure to call Amplify.configure in your app with userPoolId and userPoolClientId.',
    );
  }
  return config;
}

/**
 * The credentials provider in effect: `libraryOptions.Auth.credentialsProvider` when the caller
 * brings its own providers (`libraryOptions.Auth` set), else the context's default (as Amplify).
 */
export function credentialsProviderOf(ctx: Pick<AuthContext, 'libraryOptions' | 'credentials'>): CredentialsAndIdentityIdProvider | undefined {
  const auth = ctx.libraryOptions().Auth;
  return auth ? auth.credentialsProvider : ctx.credentials;
}

/** What the transport needs for a call under this context. */
export function userPoolClient(ctx: Pick<AuthContext, 'libraryOptions'>, config: CognitoUserPoolConfig): CognitoClient {
  const { fetch, Auth } = ctx.libraryOptions();
  const headers = Auth?.headers;
  return { endpoint: userPoolEndpoint(config.userPoolId, config.userPoolEndpoint), fetch, headers: headers && (() => headers()) };
}

export function createAuthContext(options: AuthContextOptions): AuthContext {
  const hub = options.hub ?? Hub;
  const ctx = {
    resourcesConfig: options.resourcesConfig,
    libraryOptions: options.libraryOptions ?? (() => ({})),
    hub,
    signInState: new SignInStateStore(options.signInPersistence),
    autoSignIn: new AutoSignInStore(),
  } as AuthContext;
  if (options.credentials) ctx.credentials = options.credentials;
  const deps: TokenOrchestratorDeps = {
    config: () => userPoolConfig(ctx),
    store: new TokenStore(options.storage, () => requireUserPoolConfig(ctx).userPoolClientId),
    client: config => userPoolClient(ctx, config),
    hub,
  };
  if (options.clientMetadataProvider) deps.clientMetadataProvider = options.clientMetadataProvider;
  ctx.tokens = new TokenOrchestrator(deps);
  return ctx;
}
