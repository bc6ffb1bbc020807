/**
 * `@aws-amplify/core`'s `clearCredentials()`: forgets the identity-pool credentials and identity id
 * of the browser's default context (the next `fetchAuthSession` gets new ones); nothing to do before
 * `Amplify.configure`.
 */
import { credentialsProviderOf } from '../context/auth-context.js';
import { defaultContext } from '../context/default-context.js';

export async function clearCredentials(): Promise<void> {
  await credentialsProviderOf(defaultContext)?.clearCredentialsAndIdentityId();
}
