/**
 * The optional first argument of Amplify's auth APIs: `signIn(ctx, input)` acts on the context
 * `createAmplifyContext` made, `signIn(input)` on the default one (`Amplify.configure`'s). One
 * shared function, so each API's wrapper stays a line.
 */
import { authError } from '../errors/auth-error.js';
import type { LibraryOptions, ResourcesConfig } from '../types/config.js';
import type { AuthSession, AuthTokens, FetchAuthSessionOptions } from '../types/session.js';
import type { AuthContext } from './auth-context.js';
import { defaultContext } from './default-context.js';

/** What `createAmplifyContext` returns (branded and frozen), as `aws-amplify`'s `AmplifyContext`. */
export interface AmplifyContext {
  readonly resourcesConfig: Readonly<ResourcesConfig>;
  readonly libraryOptions: Readonly<LibraryOptions>;
  readonly token: { readonly value: symbol };
  fetchAuthSession(options?: FetchAuthSessionOptions): Promise<AuthSession>;
  clearCredentials(): Promise<void>;
  getTokens(options: FetchAuthSessionOptions): Promise<AuthTokens | undefined>;
}

/** The internal context behind each `AmplifyContext` (set by `createAmplifyContext` only). */
export const contexts = new WeakMap<object, AuthContext>();

/**
 * `[context, ...rest]` of an API's arguments: the context given first, or the default context. A
 * context further on (`signIn(input, ctx)`) is Amplify's `InvalidAmplifyContextError`, not a silent
 * use of the default.
 */
export function withContext<T extends unknown[]>(args: unknown[]): [AuthContext, ...T] {
  const ctx = contexts.get(args[0] as object);
  if (ctx) return [ctx, ...args.slice(1)] as [AuthContext, ...T];
  if (args.some(arg => contexts.has(arg as object))) {
    throw authError('InvalidAmplifyContextError', 'The AmplifyContext goes first.');
  }
  return [defaultContext, ...args] as [AuthContext, ...T];
}
