/**
 * Amplify's `validateState(state)`: the state a `signInWithRedirect` saved, when `state` is it;
 * otherwise `oauthSignInError` (`'`signInWithRedirect` has been canceled.'` for a missing state).
 * It reads the default context's store, so that context, its storage and the redirect code that
 * checks the state are loaded on the first call: `cognate-auth/adapter-core` exports this too, and
 * importing a server entry must not create the browser's auth state.
 */
import { requireUserPoolConfig } from '../context/auth-context.js';

export async function validateState(state?: string | null): Promise<string> {
  const [{ defaultContext }, { validateState: check }, { oauthStore }] = await Promise.all([
    import('../context/default-context.js'),
    import('./complete.js'),
    import('./oauth-store.js'),
  ]);
  return check(oauthStore(requireUserPoolConfig(defaultContext).userPoolClientId), state ?? null);
}
