/**
 * The browser's default context: the one `Amplify.configure` fills and that the plain API functions
 * (`signIn(input)`, `fetchAuthSession()`, …) use. Server code never touches it; it builds its own
 * context per request with `createAuthContext`.
 */
import { Hub } from '../hub/hub.js';
import type { KeyValueStorageInterface } from '../storage/key-value-storage.js';
import { defaultStorage } from '../storage/web-storage.js';
import type { LibraryOptions, ResourcesConfig } from '../types/config.js';
import type { ClientMetadata, CredentialsAndIdentityIdProvider } from '../types/session.js';
import type { SyncStorage } from '../flows/sign-in-state.js';
import { createAuthContext } from './auth-context.js';
import { assertNotInServerContext } from '../server/guard.js';

interface DefaultState {
  resources?: ResourcesConfig | undefined;
  library: LibraryOptions;
  storage: KeyValueStorageInterface;
  clientMetadataProvider?: (() => Promise<ClientMetadata>) | undefined;
  /**
   * Loads the identity-pool provider. `Amplify.configure` sets it (`credentials/default-loader.ts`),
   * as aws-amplify's `Amplify` brings its credentials provider: `cognate-auth/auth` alone carries none.
   */
  loadCredentials?: (() => Promise<CredentialsAndIdentityIdProvider>) | undefined;
}

/** Mutable only through `Amplify.configure` and `cognitoUserPoolsTokenProvider`. */
export const defaultState: DefaultState = { library: {}, storage: defaultStorage };

function browserSessionStorage(): SyncStorage | undefined {
  try {
    return (globalThis as { window?: { sessionStorage?: SyncStorage } }).window?.sessionStorage;
  } catch {
    return undefined;
  }
}

/** The provider, once loaded: only when an identity pool is configured and `Amplify.configure` set the loader. */
let provider: Promise<CredentialsAndIdentityIdProvider> | undefined;
function loadProvider(auth: unknown): Promise<CredentialsAndIdentityIdProvider> | undefined {
  if (!provider && defaultState.loadCredentials && (auth as { Cognito?: { identityPoolId?: string } } | undefined)?.Cognito?.identityPoolId)
    provider = defaultState.loadCredentials();
  return provider;
}

/**
 * Identity-pool credentials for the default context, used when `identityPoolId` is configured and
 * `libraryOptions.Auth` brings no providers; the guest identity id lives in the token storage
 * (cookies with `ssr: true`). Its code is loaded on first use with an identity pool: without one the
 * provider gives nothing and has nothing stored to clear.
 */
export const defaultCredentialsProvider: CredentialsAndIdentityIdProvider = {
  async getCredentialsAndIdentityId(options) {
    return (await loadProvider(options.authConfig))?.getCredentialsAndIdentityId(options);
  },
  async clearCredentialsAndIdentityId() {
    await (await loadProvider(defaultState.resources?.Auth))?.clearCredentialsAndIdentityId();
  },
};

export const defaultContext = createAuthContext({
  resourcesConfig: () => {
    assertNotInServerContext();
    return defaultState.resources;
  },
  libraryOptions: () => defaultState.library,
  storage: () => defaultState.storage,
  hub: Hub,
  signInPersistence: browserSessionStorage,
  clientMetadataProvider: () => defaultState.clientMetadataProvider?.(),
  credentials: defaultCredentialsProvider,
});
