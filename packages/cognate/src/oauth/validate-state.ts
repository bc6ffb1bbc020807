/**
 * Amplify's `validateState(state)`: the state a `signInWithRedirect` saved, when `state` is it;
 * otherwise `oauthSignInError` (`'`signInWithRedirect` has been canceled.'` for a missing state).
 */
import { requireUserPoolConfig } from '../context/auth-context.js';
import { defaultContext } from '../context/default-context.js';
import { validateState as check } from './complete.js';
import { OAuthStore } from './oauth-store.js';

export function validateState(state?: string | null): Promise<string> {
  return check(new OAuthStore(requireUserPoolConfig(defaultContext).userPoolClientId), state ?? null);
}
