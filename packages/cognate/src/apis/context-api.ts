/**
 * The public form of an API that takes an optional `AmplifyContext` first, as Amplify's auth APIs
 * do: `signUp(ctx, input)` acts on that context, `signUp(input)` on the default one. One function
 * instead of a wrapper per API; a context in the wrong place rejects (see `withContext`).
 */
import type { AuthContext } from '../context/auth-context.js';
import { withContext, type AmplifyContext } from '../context/with-context.js';

export interface ContextApi<A extends unknown[], R> {
  (ctx: AmplifyContext, ...args: A): Promise<R>;
  (...args: A): Promise<R>;
}

export const contextApi =
  <A extends unknown[], R>(api: (ctx: AuthContext, ...args: A) => Promise<R>): ContextApi<A, R> =>
  async (...args: unknown[]) =>
    api(...withContext<A>(args));
