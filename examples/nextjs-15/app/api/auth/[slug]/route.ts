/** GET /api/auth/sign-in, /sign-up, /sign-in-callback, /sign-out, /sign-out-callback. */
import { createAuthRouteHandlers } from '../../../../src/amplify-server-utils';

export const GET = createAuthRouteHandlers({
  redirectOnSignInComplete: '/protected',
  redirectOnSignOutComplete: '/',
});
