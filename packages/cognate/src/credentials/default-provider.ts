/**
 * The default context's identity-pool provider, loaded on demand (see `default-context.ts`): an app
 * without `identityPoolId` never loads the Cognito Identity code.
 */
import type { KeyValueStorageInterface } from '../storage/key-value-storage.js';
import { CognitoAWSCredentialsAndIdentityIdProvider, type CredentialsProviderOptions } from './credentials-provider.js';
import { DefaultIdentityIdStore } from './identity-id-store.js';

export function createDefaultCredentialsProvider(
  storage: () => KeyValueStorageInterface,
  options: CredentialsProviderOptions,
): CognitoAWSCredentialsAndIdentityIdProvider {
  return new CognitoAWSCredentialsAndIdentityIdProvider(new DefaultIdentityIdStore(storage), options);
}
