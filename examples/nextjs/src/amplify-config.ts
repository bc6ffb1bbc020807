/**
 * The Amplify-style configuration of the example, from environment variables (read at run time on
 * the server, so one `next build` serves any cognate-local): the defaults match
 * `cognate-local.json` and `npm run cognate-local` (port 9230, next to the root `npm start` on 9229).
 *
 * - `COGNATE_LOCAL_URL`: cognate-local's URL; its `host:port` is also the hosted UI domain (http
 *   is used for loopback hosts only). It must be the URL the tokens' issuer names.
 * - `USER_POOL_ID`, `USER_POOL_CLIENT_ID`: the pool and its app client.
 * - `AMPLIFY_APP_ORIGIN`: this app's origin; the callback and sign-out URLs hang off it.
 *
 * Keep this module server-only: nothing here is needed in the browser (tokens are HttpOnly).
 */
import type { ResourcesConfig } from 'cognate-auth';

const localUrl = process.env.COGNATE_LOCAL_URL ?? 'http://127.0.0.1:9230';
export const appOrigin = process.env.AMPLIFY_APP_ORIGIN ?? 'http://localhost:3000';

export const config: ResourcesConfig = {
  Auth: {
    Cognito: {
      userPoolId: process.env.USER_POOL_ID ?? 'us-east-1_NextDemo1',
      userPoolClientId: process.env.USER_POOL_CLIENT_ID ?? 'nextjsexample00000000web01',
      userPoolEndpoint: localUrl,
      loginWith: {
        oauth: {
          domain: new URL(localUrl).host,
          scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
          redirectSignIn: [`${appOrigin}/api/auth/sign-in-callback`],
          redirectSignOut: [`${appOrigin}/api/auth/sign-out-callback`],
          responseType: 'code',
        },
      },
    },
  },
};
