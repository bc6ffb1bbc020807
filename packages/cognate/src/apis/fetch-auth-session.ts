/**
 * fetchAuthSession: the current tokens (refreshed first when they are within 5 s of expiry, or when
 * `forceRefresh`), the user's `sub`, and — through the credentials provider seam — AWS credentials
 * and the identity id. Signed out is not an error: `tokens` is then undefined.
 */
import { withContext, type AmplifyContext } from '../context/with-context.js';
import { fetchAuthSessionOf, getTokensOf as tokensOf } from '../context/session.js';
import type { AuthSession, FetchAuthSessionOptions } from '../types/session.js';

export { fetchAuthSessionOf };
// A binding of this module, not a re-export: the internals that use it keep importing this module,
// so a browser bundle's chunks stay as they were (re-exports would be followed past it).
export const getTokensOf = tokensOf;

export function fetchAuthSession(ctx: AmplifyContext, options?: FetchAuthSessionOptions): Promise<AuthSession>;
export function fetchAuthSession(options?: FetchAuthSessionOptions): Promise<AuthSession>;
export function fetchAuthSession(...args: unknown[]): Promise<AuthSession> {
  return fetchAuthSessionOf(...withContext<[FetchAuthSessionOptions?]>(args));
}
