/** Routes for OAuth2 and the hosted UI on cognate-local's origin. */
import type { OperationContext } from '../context.js';
import { logout } from './logout.js';
import { authorize, confirmForgotPasswordPage, confirmPage, forgotPasswordPage, login, mfa, newPassword, signUpPage } from './pages.js';
import { idpResponse, mockIdpAuthorize, type MockIdpUser } from './idp.js';
import { revoke, token, userInfo } from './token.js';
import { errorPage } from './html.js';
import { BodyTooLarge } from '../input.js';

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, x-amz-user-agent',
  'access-control-max-age': '86400',
};

export async function oauthRoutes(ctx: OperationContext, request: Request, url: URL, mockUsers: MockIdpUser[]): Promise<Response | undefined> {
  try {
    return await route(ctx, request, url, mockUsers);
  } catch (error) {
    // A hosted-UI form over its limit: a page, not the AWS API's JSON error.
    if (error instanceof BodyTooLarge) return errorPage(413, 'invalid_request', 'The form is too large.');
    throw error;
  }
}

async function route(ctx: OperationContext, request: Request, url: URL, mockUsers: MockIdpUser[]): Promise<Response | undefined> {
  const { method } = request;
  const path = url.pathname;
  if (method === 'OPTIONS' && (path === '/oauth2/token' || path === '/oauth2/userInfo' || path === '/oauth2/revoke'))
    return new Response(null, { status: 204, headers: CORS });
  const get = method === 'GET';
  const post = method === 'POST';
  if (path === '/oauth2/authorize' && get) return authorize(ctx, request, url);
  if (path === '/login' && (get || post)) return login(ctx, request, url);
  if (path === '/mfa' && post) return mfa(ctx, request);
  if (path === '/newPassword' && post) return newPassword(ctx, request);
  if (path === '/signup' && (get || post)) return signUpPage(ctx, request, url);
  if (path === '/confirm' && (get || post)) return confirmPage(ctx, request, url);
  if (path === '/forgotPassword' && (get || post)) return forgotPasswordPage(ctx, request, url);
  if (path === '/confirmForgotPassword' && (get || post)) return confirmForgotPasswordPage(ctx, request, url);
  if (path === '/oauth2/token' && post) return token(ctx, request);
  if (path === '/oauth2/userInfo' && (get || post)) return userInfo(ctx, request);
  if (path === '/oauth2/revoke' && post) return revoke(ctx, request);
  if (path === '/logout' && get) return logout(ctx, request, url);
  if (path === '/oauth2/idpresponse' && get) return idpResponse(ctx, request, url);
  if (path === '/_local/idp/authorize' && (get || post)) return mockIdpAuthorize(ctx, request, url, mockUsers);
  return undefined;
}
