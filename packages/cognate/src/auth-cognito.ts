/**
 * `cognate-auth/auth/cognito`: everything in `cognate-auth/auth`, plus the Cognito token provider and the
 * storage-key helpers, as `aws-amplify/auth/cognito` exports them.
 */
import { defaultCredentialsProvider } from './context/default-context.js';
import { installDefaultCredentials } from './credentials/default-loader.js';
import type { CredentialsAndIdentityIdProvider } from './types/session.js';

export * from './auth.js';
export { cognitoUserPoolsTokenProvider } from './tokens/cognito-user-pools-token-provider.js';
export type { CognitoUserPoolTokenProviderType } from './tokens/cognito-user-pools-token-provider.js';
export { TokenOrchestrator } from './tokens/token-orchestrator.js';
export { TokenStore as DefaultTokenStore } from './tokens/token-store.js';
export { AUTH_KEY_PREFIX, createKeysForAuthStorage } from './tokens/storage-keys.js';
export { createAuthContext } from './context/auth-context.js';
// Identity-pool credentials, as Amplify exports them for `Amplify.configure(config, { Auth: {
// tokenProvider, credentialsProvider } })`: the default provider itself, and the classes to build one
// over another storage.
export const cognitoCredentialsProvider: CredentialsAndIdentityIdProvider = (installDefaultCredentials(), defaultCredentialsProvider);
export { CognitoAWSCredentialsAndIdentityIdProvider } from './credentials/credentials-provider.js';
export { DefaultIdentityIdStore } from './credentials/identity-id-store.js';
export type { Identity, IdentityIdStore } from './credentials/identity-id-store.js';
export type { AuthContext, AuthContextOptions } from './context/auth-context.js';
export { refreshAuthTokens, refreshAuthTokensWithoutDedupe } from './tokens/refresh-auth-tokens.js';
export { generateCodeVerifier, generateState, getRedirectUrl } from './oauth/generate-code-verifier.js';
export { validateState } from './oauth/validate-state.js';
