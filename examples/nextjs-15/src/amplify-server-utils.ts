/** The one server runner of the app (create it once: it parses the config and keeps the JWKS). */
import { createServerRunner } from 'cognate-auth/nextjs';
import { appOrigin, config } from './amplify-config';

export const { runWithAmplifyServerContext, createAuthRouteHandlers } = createServerRunner({
  config,
  // Server-side auth: sign-in through /api/auth/*, tokens in HttpOnly cookies.
  runtimeOptions: { origin: appOrigin },
});
