/** The end of every hosted-UI sign-in (password, MFA, federated): back to the app with a code or tokens. */
import type { OperationContext } from '../context.js';
import type { UserPool, UserPoolClient, UserRecord } from '../model.js';
import { issueTokens } from '../services/tokens.js';
import { issueAuthorizationCode, startHostedSession, type AuthorizeRequest } from './flow.js';
import { redirect } from './html.js';

type Ctx = OperationContext;

/** Sends the browser back to the app: a code (and the hosted session cookie), or tokens in the fragment. */
export async function complete(
  ctx: Ctx,
  request: Request,
  authorize: AuthorizeRequest,
  pool: UserPool,
  client: UserPoolClient,
  user: UserRecord,
  authTime: number,
  cookies: string[] = [],
  provider?: string,
): Promise<Response> {
  const session = cookies.some(c => c.startsWith('cognito=')) ? [] : [startHostedSession(ctx, request, pool, user, provider)];
  if (authorize.responseType === 'code') {
    const code = issueAuthorizationCode(ctx, authorize, pool, user, authTime);
    const url = new URL(authorize.redirectUri);
    url.searchParams.set('code', code);
    if (authorize.state !== undefined) url.searchParams.set('state', authorize.state);
    return redirect(url.href, [...cookies, ...session]);
  }
  const tokens = await issueTokens(ctx, {
    pool,
    client,
    user,
    withRefreshToken: false,
    scope: authorize.scopes.join(' '),
    oauth: true,
    authTime,
    source: 'TokenGeneration_HostedAuth',
    ...(authorize.nonce ? { idClaims: { nonce: authorize.nonce } } : {}),
  });
  const fragment = new URLSearchParams({ access_token: tokens.AccessToken, token_type: 'Bearer', expires_in: String(tokens.ExpiresIn) });
  if (authorize.scopes.includes('openid')) fragment.set('id_token', tokens.IdToken);
  if (authorize.state !== undefined) fragment.set('state', authorize.state);
  return redirect(`${authorize.redirectUri}#${fragment}`, [...cookies, ...session]);
}
