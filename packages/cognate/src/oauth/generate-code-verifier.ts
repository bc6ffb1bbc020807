/**
 * The OAuth helpers Amplify exports from `aws-amplify/auth/cognito` and `aws-amplify/adapter-core`
 * for server-side redirect flows: `generateCodeVerifier(length)` (RFC 7636: `[A-Za-z0-9]`, with a
 * synchronous S256 `toCodeChallenge()`), `generateState()` (32 such characters), `getRedirectUrl`
 * and `validateState` (against the state a `signInWithRedirect` saved).
 */
import { bytesToBase64Url, utf8Encode } from '@cognate/protocol/encoding';
import { randomString } from './pkce.js';
import { sha256Sync } from './sha256-sync.js';

export { redirectUrl as getRedirectUrl } from './config.js';

export interface CodeVerifier {
  value: string;
  method: 'S256';
  toCodeChallenge(): string;
}

export function generateCodeVerifier(length: number): CodeVerifier {
  const value = randomString(length);
  let challenge: string | undefined;
  return {
    value,
    method: 'S256',
    toCodeChallenge() {
      // biome-ignore lint/suspicious/noAssignInExpressions: memoised on first use; one expression keeps the browser bundle small
      return (challenge ??= bytesToBase64Url(sha256Sync(utf8Encode(value))));
    },
  };
}

export function generateState(): string {
  return randomString(32);
}
