/** Public: says who is signed in, if anyone (read-only here; the proxy has refreshed the session). */
import { cookies } from 'next/headers';
import { getCurrentUser } from 'cognate-auth/auth/server';
import { runWithAmplifyServerContext } from '../src/amplify-server-utils';

export default async function Home() {
  const username = await runWithAmplifyServerContext({
    nextServerContext: { cookies },
    operation: contextSpec =>
      getCurrentUser(contextSpec).then(
        user => user.username,
        () => undefined,
      ),
  });
  return (
    <>
      <h1>cognate + Next.js</h1>
      <p data-testid="status">
        {username ? (
          <>
            Signed in as <code>{username}</code>
          </>
        ) : (
          'Signed out'
        )}
      </p>
      <p className="muted">
        Sign-in goes through cognate-local&apos;s hosted UI and back to <code>/api/auth/sign-in-callback</code>; the tokens live in HttpOnly cookies and every
        page reads them on the server. The <a href="/protected">protected page</a> sends signed-out visitors to sign in first.
      </p>
    </>
  );
}
