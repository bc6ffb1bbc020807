/**
 * Completes redirect sign-ins on page load, in the browser only: once `Amplify.configure` has run
 * with an OAuth configuration (the Hub `core` `configure` event, or at once if it already ran), a
 * flow this browser started is finished (see `complete.ts`). Meanwhile the default context's token
 * reads wait for it, and a flow settled in another tab (the `storage` event on `inflightOAuth`)
 * releases them. Loaded by `signInWithRedirect` and by `cognate-auth/auth/enable-oauth-listener`.
 */
import { userPoolConfig } from '../context/auth-context.js';
import { defaultContext } from '../context/default-context.js';
import { Hub } from '../hub/hub.js';
import { AUTH_KEY_PREFIX } from '../tokens/storage-keys.js';
import { attemptCompleteOAuthFlow } from './complete.js';
import { hasOAuthConfig } from './config.js';
import { releaseInflightWaiters, waitForInflightOAuth } from './inflight.js';
import { oauthStore } from './oauth-store.js';

let enabled = false;
let completing = false;

function completeOnce(): void {
  const config = userPoolConfig(defaultContext);
  if (completing || !hasOAuthConfig(config)) return;
  completing = true;
  void attemptCompleteOAuthFlow(defaultContext, config).finally(() => {
    completing = false;
  });
}

export function enableOAuthListener(): void {
  if (enabled || typeof window === 'undefined' || typeof document === 'undefined') return;
  enabled = true;
  defaultContext.tokens.setWaitForInflightOAuth(async () => {
    const config = userPoolConfig(defaultContext);
    if (hasOAuthConfig(config)) await waitForInflightOAuth(oauthStore(config.userPoolClientId));
  });
  Hub.listen('core', ({ payload }) => {
    if (payload.event === 'configure') completeOnce();
  });
  (globalThis as unknown as Window).addEventListener?.('storage', (event: StorageEvent) => {
    if (event.key?.startsWith(`${AUTH_KEY_PREFIX}.`) && event.key.endsWith('.inflightOAuth') && event.newValue !== 'true') releaseInflightWaiters();
  });
  // `Amplify.configure` may have run before this module was loaded.
  completeOnce();
}
