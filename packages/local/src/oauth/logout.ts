/**
 * `/logout`: ends the hosted-UI session and sends the browser to a registered `logout_uri`, or back
 * to the sign-in page with `redirect_uri` + `response_type` (re-authentication). Tokens are not
 * revoked, as in Cognito.
 */
import type { OperationContext } from '../context.js';
import type { UserPoolClient } from '../model.js';
import { endHostedSession } from './flow.js';
import { errorPage, redirect } from './html.js';

export function logout(ctx: OperationContext, request: Request, url: URL): Response {
  const clientId = url.searchParams.get('client_id') ?? '';
  const client = clientId ? ctx.store.get<UserPoolClient>('client', clientId) : undefined;
  if (!client) return errorPage(400, 'invalid_request', 'Unknown client_id.');
  const logoutUri = url.searchParams.get('logout_uri');
  const cleared = endHostedSession(ctx, request);
  if (logoutUri !== null) {
    if (!(client.LogoutURLs as string[] | undefined)?.includes(logoutUri))
      return errorPage(400, 'invalid_request', 'logout_uri does not match a sign-out URL of the app client.');
    return redirect(logoutUri, [cleared]);
  }
  const redirectUri = url.searchParams.get('redirect_uri');
  if (redirectUri !== null && url.searchParams.get('response_type')) {
    if (!(client.CallbackURLs as string[] | undefined)?.includes(redirectUri))
      return errorPage(400, 'redirect_mismatch', 'redirect_uri does not match a callback URL of the app client.');
    const next = new URLSearchParams();
    for (const name of ['client_id', 'redirect_uri', 'response_type', 'scope', 'state']) {
      const value = url.searchParams.get(name);
      if (value !== null) next.set(name, value);
    }
    return redirect(`/login?${next}`, [cleared]);
  }
  return errorPage(400, 'invalid_request', 'Either logout_uri, or redirect_uri with response_type, is required.');
}
