/**
 * `cognate-auth/auth/enable-oauth-listener`: for a callback page that never imports
 * `signInWithRedirect` (multi-page apps), as Amplify's `aws-amplify/auth/enable-oauth-listener`.
 * cognate is marked free of side effects, so under a bundler that tree-shakes call the export:
 * `import { enableOAuthListener } from 'cognate-auth/auth/enable-oauth-listener'; enableOAuthListener();`
 */
import { enableOAuthListener } from './listener.js';

export { enableOAuthListener };

enableOAuthListener();
