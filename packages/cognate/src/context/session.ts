/**
 * `fetchAuthSession` of an explicit context, kept apart from the browser-facing wrapper in `apis/`:
 * the wrappers bind the default context, and the server entries import only `context/session*.ts`,
 * so loading them never creates the browser's global auth state. (One module per API, as in `apis/`,
 * so that a browser bundle using one of them does not pull in the others' imports.)
 */
import { credentialsProviderOf, type AuthContext } from './auth-context.js';
import type { AuthSession, AuthTokens, FetchAuthSessionOptions } from '../types/session.js';

/** The tokens from the configured token provider (the context's own unless one was supplied). */
export async function getTokensOf(ctx: AuthContext, options: FetchAuthSessionOptions = {}): Promise<AuthTokens | undefined> {
  const provider = ctx.libraryOptions().Auth?.tokenProvider ?? ctx.tokens;
  return (await provider.getTokens(options)) ?? undefined;
}

export async function fetchAuthSessionOf(ctx: AuthContext, input?: FetchAuthSessionOptions | null): Promise<AuthSession> {
  // A JavaScript caller's null reads as no options, as in Amplify.
  const options = input ?? {};
  const tokens = await getTokensOf(ctx, options);
  const authConfig = ctx.resourcesConfig()?.Auth;
  const forceRefresh = options.forceRefresh ?? false;
  const result = await credentialsProviderOf(ctx)?.getCredentialsAndIdentityId(
    tokens ? { authConfig, tokens, authenticated: true, forceRefresh } : { authConfig, authenticated: false, forceRefresh },
  );
  return {
    tokens,
    credentials: result?.credentials,
    identityId: result?.identityId,
    userSub: tokens?.accessToken.payload.sub,
  };
}
