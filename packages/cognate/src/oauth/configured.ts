/** Whether OAuth is configured: a small module of its own so that `signOut` can ask without loading the redirect code. */
import type { CognitoUserPoolConfig, OAuthConfig } from '../types/config.js';

export type OAuthUserPoolConfig = CognitoUserPoolConfig & { loginWith: { oauth: OAuthConfig } };

/** Amplify's `assertOAuthConfig`: domain, both redirect lists and the response type are required. */
export function hasOAuthConfig(config: CognitoUserPoolConfig | undefined): config is OAuthUserPoolConfig {
  const oauth = config?.loginWith?.oauth;
  return !!(oauth?.domain && oauth.redirectSignIn && oauth.redirectSignOut && oauth.responseType);
}
