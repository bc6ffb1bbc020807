/** Public: says who is signed in, if anyone (read-only here; the proxy has refreshed the session). */
import { cookies } from 'next/headers';
import { getCurrentUser } from 'cognate/auth/server';
import { runWithAmplifyServerContext } from '../src/amplify-server-utils';

export default async function Home() {
  const username = await runWithAmplifyServerContext({
    nextServerContext: { cookies },
    operation: (contextSpec) => getCurrentUser(contextSpec).then((user) => user.username, () => undefined),
  });
  return (
    <>
      <h1>cognate + Next.js</h1>
      <p data-testid="status">{username ? `Signed in as ${username}` : 'Signed out'}</p>
    </>
  );
}
