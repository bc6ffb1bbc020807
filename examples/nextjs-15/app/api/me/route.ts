/**
 * An API route reading the user. The `{ request, response }` context writes refreshed cookies to
 * `response`'s headers, which the JSON answer carries over.
 */
import type { NextRequest } from 'next/server';
import { fetchAuthSession, getCurrentUser } from 'cognate-auth/auth/server';
import { runWithAmplifyServerContext } from '../../../src/amplify-server-utils';

export async function GET(request: NextRequest) {
  const response = new Response();
  const body = await runWithAmplifyServerContext({
    nextServerContext: { request, response },
    operation: async contextSpec => {
      try {
        const user = await getCurrentUser(contextSpec);
        const session = await fetchAuthSession(contextSpec);
        return { signedIn: true, username: user.username, userId: user.userId, scope: session.tokens?.accessToken.payload.scope };
      } catch {
        return { signedIn: false };
      }
    },
  });
  return Response.json(body, { status: body.signedIn ? 200 : 401, headers: response.headers });
}
