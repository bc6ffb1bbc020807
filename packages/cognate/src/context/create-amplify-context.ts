/**
 * createAmplifyContext, as `aws-amplify` exports it: a configuration of its own, not the global one.
 * The config is parsed (Gen 1, Gen 2 or `ResourcesConfig`) and frozen; unless `libraryOptions.Auth`
 * brings providers, the context gets its own token provider and identity-pool credentials provider
 * over `localStorage` (memory where there is none) or, with `{ssr: true}`, a fresh `CookieStorage`.
 * Token keys carry the app client id, so contexts for different clients never see each other's
 * tokens (two for the same client share the browser's storage, as in Amplify). Nothing global
 * changes and no Hub event is sent. Pass the result first to any auth API: `signIn(ctx, input)`.
 */
import { fetchAuthSessionOf, getTokensOf } from '../apis/fetch-auth-session.js';
import { deepFreeze } from '../config/amplify.js';
import { parseAmplifyConfig } from '../config/parse-amplify-config.js';
import { createDefaultCredentialsProvider } from '../credentials/default-provider.js';
import { CookieStorage } from '../storage/cookie-storage.js';
import { defaultStorage } from '../storage/web-storage.js';
import type { AmplifyOutputs, LegacyConfig, LibraryOptions, ResourcesConfig } from '../types/config.js';
import { createAuthContext } from './auth-context.js';
import { defaultContext } from './default-context.js';
import { contexts, type AmplifyContext } from './with-context.js';

export function createAmplifyContext(resourceConfig: ResourcesConfig | LegacyConfig | AmplifyOutputs, libraryOptions?: LibraryOptions): AmplifyContext {
  const resources = deepFreeze(structuredClone(parseAmplifyConfig(resourceConfig)));
  let library: LibraryOptions = libraryOptions ?? {};
  const storage = library.ssr ? new CookieStorage({ sameSite: 'lax' }) : defaultStorage;
  const auth = createAuthContext({ resourcesConfig: () => resources, libraryOptions: () => library, storage: () => storage });
  if (resources.Auth && !library.Auth) {
    const credentialsProvider = createDefaultCredentialsProvider(() => storage, {
      fetch: () => library.fetch,
      authConfig: () => resources.Auth,
    });
    library = { ...library, Auth: { tokenProvider: auth.tokens, credentialsProvider } };
  }
  // `autoSignIn()` takes no context (as in Amplify): the one armed by `signUp(ctx, …)` is found
  // through the default context and signs in to `ctx`.
  auth.autoSignIn = defaultContext.autoSignIn;
  const ctx: AmplifyContext = {
    resourcesConfig: resources,
    libraryOptions: library,
    token: Object.freeze({ value: Symbol('amplifyContextToken') }),
    fetchAuthSession: options => fetchAuthSessionOf(auth, options),
    clearCredentials: async () => {
      await library.Auth?.credentialsProvider?.clearCredentialsAndIdentityId();
    },
    getTokens: options => getTokensOf(auth, options),
  };
  Object.defineProperty(ctx, Symbol.for('amplify.context'), { value: true });
  contexts.set(ctx, auth);
  return Object.freeze(ctx);
}
