/**
 * `cognate-auth/adapter-core`: the building blocks of `aws-amplify/adapter-core` for server frameworks —
 * a per-request context runner, cookie-backed storage, and per-request token and credentials
 * providers — with Amplify's export names and nothing more. Unlike Amplify's, the token provider
 * verifies the tokens it reads (see `createUserPoolsTokenProvider`; the verifier itself,
 * `UserPoolTokenVerifier`, is in `cognate-auth/node`), and the cookie storage splits values too large for
 * one cookie. For plain Node http, Express and Fetch servers, `cognate-auth/node` wires these together,
 * and `cognate-auth/nextjs` for Next.js: both over one request scope (`server/request-scope.ts`) made of
 * these same pieces, so every adapter reads, verifies, refreshes and writes cookies the same way.
 */
export { runWithAmplifyServerContext } from '../server/context.js';
export type { ContextSpec } from '../server/context.js';
export { createKeyValueStorageFromCookieStorageAdapter, DEFAULT_AUTH_TOKEN_COOKIES_MAX_AGE } from '../server/cookie-kv.js';
export type { CookieStorage } from '../server/cookie-kv.js';
export { createUserPoolsTokenProvider } from '../server/token-provider.js';
export { createAWSCredentialsAndIdentityIdProvider } from '../server/credentials.js';
export { AmplifyServerContextError } from '../server/errors.js';
export { AUTH_KEY_PREFIX, createKeysForAuthStorage } from '../tokens/storage-keys.js';
export { generateCodeVerifier, generateState, getRedirectUrl } from '../oauth/generate-code-verifier.js';
export { validateState } from '../oauth/validate-state.js';
export type { LegacyConfig, AmplifyOutputs } from '../types/config.js';

import type { ContextSpec as Spec, ContextToken as Token } from '../server/context.js';
import type { LibraryOptions as Library, ResourcesConfig as Resources } from '../types/config.js';
/** Amplify's `AmplifyServer` type namespace. */
export declare namespace AmplifyServer {
  type ContextSpec = Spec;
  type ContextToken = Token;
  type RunOperationWithContext = <Result>(
    amplifyConfig: Resources,
    libraryOptions: Library,
    operation: (contextSpec: Spec) => Result | Promise<Result>,
  ) => Promise<Result>;
}
