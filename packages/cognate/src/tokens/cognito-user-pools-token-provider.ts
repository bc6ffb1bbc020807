/**
 * `cognitoUserPoolsTokenProvider` of `aws-amplify/auth/cognito`, for the default context: choose the
 * storage tokens live in (`setKeyValueStorage`, e.g. an `InMemoryStorage` per test or a custom
 * `CookieStorage`), supply client metadata for refreshes, or read tokens directly.
 */
import { defaultContext, defaultState } from '../context/default-context.js';
import type { KeyValueStorageInterface } from '../storage/key-value-storage.js';
import type { AuthConfig } from '../types/config.js';
import type { AuthTokens, ClientMetadata, TokenProvider } from '../types/session.js';
import type { TokenOrchestrator } from './token-orchestrator.js';

export interface CognitoUserPoolTokenProviderType extends TokenProvider {
  setKeyValueStorage(storage: KeyValueStorageInterface): void;
  setAuthConfig(authConfig: AuthConfig): void;
  setClientMetadataProvider(provider: () => Promise<ClientMetadata>): void;
  readonly tokenOrchestrator: TokenOrchestrator;
}

export const cognitoUserPoolsTokenProvider: CognitoUserPoolTokenProviderType = {
  getTokens(options?: { forceRefresh?: boolean }): Promise<AuthTokens | null> {
    return defaultContext.tokens.getTokens(options);
  },
  setKeyValueStorage(storage: KeyValueStorageInterface): void {
    defaultState.storage = storage;
  },
  setAuthConfig(authConfig: AuthConfig): void {
    // The default context reads Auth from Amplify.configure; this keeps Amplify's method for
    // callers that set it explicitly before configuring.
    defaultState.resources = { ...defaultState.resources, Auth: authConfig };
  },
  setClientMetadataProvider(provider: () => Promise<ClientMetadata>): void {
    defaultState.clientMetadataProvider = provider;
  },
  get tokenOrchestrator(): TokenOrchestrator {
    return defaultContext.tokens;
  },
};
