/**
 * The OAuth part of the configuration and the URLs built from it. The hosted UI is always reached
 * over https, except on a loopback host (`localhost`, `127.0.0.1`, `[::1]`, any port), where http
 * is used so that a local server such as cognate-local works (https again when userPoolEndpoint is
 * https on that host and port, as with `cognate-local start --https`); Amplify forces https everywhere.
 */
import type { CognitoUserPoolConfig } from '../types/config.js';
import { hasOAuthConfig, type OAuthUserPoolConfig } from './configured.js';
import { authError } from '../errors/auth-error.js';
import { oauthConfigError } from './errors.js';

export { hasOAuthConfig, type OAuthUserPoolConfig };

export function requireOAuthConfig(config: CognitoUserPoolConfig): OAuthUserPoolConfig {
  if (!hasOAuthConfig(config))
    throw authError('OAuthNotConfigureException', 'oauth param not configured.', 'Make sure to call Amplify.configure with oauth parameter in your app.');
  return config;
}

/**
 * `https://<domain><path>`, or `http://` for a loopback domain, unless `endpoint` (the
 * userPoolEndpoint) is an https URL on that same host and port (`cognate-local start --https`).
 */
export function hostedUrl(domain: string, path: string, endpoint?: string): string {
  let http = false;
  try {
    const { hostname, host } = new URL(`https://${domain}`);
    http = ['localhost', '127.0.0.1', '[::1]'].includes(hostname);
    const server = endpoint && new URL(endpoint);
    if (server && server.protocol === 'https:' && server.host === host) http = false;
  } catch {
    // Not a host name: https, as Amplify would build it.
  }
  return `${http ? 'http' : 'https'}://${domain}${path}`;
}

/**
 * Amplify's `getRedirectUrl`: the preferred URL if it is listed; otherwise the first URL on this
 * page's origin and path, else one on this host name. A list with only other origins is
 * `InvalidOriginException`, one without any http(s) URL `InvalidRedirectException`.
 */
export function redirectUrl(redirects: string[] | undefined, preferred?: string): string {
  if (preferred) {
    if (!redirects?.includes(preferred)) throw oauthConfigError('InvalidPreferredRedirectUrlException');
    return preferred;
  }
  const { location } = globalThis as unknown as { location?: Location };
  const here = location ? String(location.origin + (location.pathname || '/')) : undefined;
  const same = (here && redirects?.find(url => url.startsWith(here))) ?? (location && redirects?.find(url => url.includes(String(location.hostname))));
  if (same) return same;
  throw oauthConfigError(redirects?.some(url => /^https?:\/\//.test(url)) ? 'InvalidOriginException' : 'InvalidRedirectException');
}

/** Sends the browser to the hosted UI (a no-op where there is no `window.location`). */
export function navigate(url: string): void {
  const { location } = globalThis as unknown as { location?: Location };
  if (location) location.href = url;
}
