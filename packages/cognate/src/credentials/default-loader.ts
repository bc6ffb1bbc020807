/**
 * Installs the default context's identity-pool provider loader. `Amplify.configure` calls it, as
 * aws-amplify's `Amplify` (from `aws-amplify`, not `aws-amplify/auth`) brings the credentials
 * provider; so does importing `cognitoCredentialsProvider`. The provider's code stays behind
 * `import()`, loaded on first use with an identity pool.
 */
import { defaultState } from '../context/default-context.js';

export function installDefaultCredentials(): void {
  defaultState.loadCredentials ??= () =>
    import('./default-provider.js').then(m =>
      m.createDefaultCredentialsProvider(() => defaultState.storage, {
        fetch: () => defaultState.library.fetch,
        authConfig: () => defaultState.resources?.Auth,
      }),
    );
}
