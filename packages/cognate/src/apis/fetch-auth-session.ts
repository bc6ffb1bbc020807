/**
 * fetchAuthSession: the current tokens (refreshed first when they are within 5 s of expiry, or when
 * `forceRefresh`), the user's `sub`, and — through the credentials provider seam — AWS credentials
 * and the identity id. Signed out is not an error: `tokens` is then undefined.
 */
import { credentialsProviderOf, type AuthContext } from '../context/auth-context.js';
import { withContext, type AmplifyContext } from '../context/with-context.js';
import type { AuthSession, AuthTokens, FetchAuthSessionOptions } from '../types/session.js';

/** The tokens from the configured token provider (the context's own unless one was supplied). */
export async function getTokensOf(ctx: AuthContext, options: FetchAuthSessionOptions = {}): Promise<AuthTokens | undefined> {
  const provider = ctx.libraryOptions().Auth?.tokenProvider ?? ctx.tokens;
  return (await provider.getTokens(options)) ?? undefined;
}

export async function fetchAuthSessionOf(ctx: AuthContext, options: FetchAuthSessionOptions = {}): Promise<AuthSession> {
  const tokens = await getTokensOf(ctx, options);
  const credentialsProvider = credentialsProviderOf(ctx);
  const authConfig = ctx.resourcesConfig()?.Auth;
  const forceRefresh = options.forceRefresh ?? false;
  const result = tokens
    ? await credentialsProvider?.getCredentialsAndIdentityId({ authConfig, tokens, authenticated: true, forceRefresh })
    : await credentialsProvider?.getCredentialsAndIdentityId({ authConfig, authenticated: false, forceRefresh });
  return {
    tokens,
    credentials: result?.credentials,
    identityId: result?.identityId,
    userSub: tokens?.accessToken.payload.sub,
  };
}

export function fetchAuthSession(ctx: AmplifyContext, options?: FetchAuthSessionOptions): Promise<AuthSession>;
export function fetchAuthSession(options?: FetchAuthSessionOptions): Promise<AuthSession>;
export function fetchAuthSession(...args: unknown[]): Promise<AuthSession> {
  return fetchAuthSessionOf(...withContext<[FetchAuthSessionOptions?]>(args));
}
