/**
 * Amplify's `createAWSCredentialsAndIdentityIdProvider(authConfig, keyValueStorage)`: a fresh
 * identity-pool credentials provider for one request, keeping the guest identity id in that
 * request's storage (the same cookie the browser library uses). Credentials are cached only inside
 * the provider, i.e. for the request.
 */
import { CognitoAWSCredentialsAndIdentityIdProvider } from '../credentials/credentials-provider.js';
import { DefaultIdentityIdStore } from '../credentials/identity-id-store.js';
import type { KeyValueStorageInterface } from '../storage/key-value-storage.js';
import type { AuthConfig } from '../types/config.js';

export function createAWSCredentialsAndIdentityIdProvider(
  authConfig: AuthConfig | undefined,
  keyValueStorage: KeyValueStorageInterface,
  options: { fetch?: typeof fetch } = {},
): CognitoAWSCredentialsAndIdentityIdProvider {
  const fetchFn = options.fetch;
  return new CognitoAWSCredentialsAndIdentityIdProvider(new DefaultIdentityIdStore(keyValueStorage), {
    authConfig: () => authConfig,
    ...(fetchFn ? { fetch: () => fetchFn } : {}),
  });
}
