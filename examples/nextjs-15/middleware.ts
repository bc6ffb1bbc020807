/**
 * Next 15's middleware (Edge runtime: cognate verifies with WebCrypto and calls cognate-local with
 * fetch, nothing Node-only): reads the session from the cookies, which **refreshes an expired
 * access token and writes the new cookies** onto this response (the Server Components of the same
 * request then read the new values), and sends signed-out visitors of /protected to sign-in,
 * remembering where they were going. The Next 16 example has the same code as `proxy.ts`.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { fetchAuthSession } from 'cognate-auth/auth/server';
import { runWithAmplifyServerContext } from './src/amplify-server-utils';

export async function middleware(request: NextRequest) {
  const response = NextResponse.next();
  const signedIn = await runWithAmplifyServerContext({
    nextServerContext: { request, response },
    operation: async contextSpec => {
      try {
        return (await fetchAuthSession(contextSpec)).tokens !== undefined;
      } catch {
        return false;
      }
    },
  });
  if (signedIn || !request.nextUrl.pathname.startsWith('/protected')) return response;
  const signIn = new URL('/api/auth/sign-in', request.url);
  signIn.searchParams.set('redirect', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  matcher: ['/((?!api/auth|_next/static|_next/image|favicon.ico).*)'],
};
