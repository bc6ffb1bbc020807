/**
 * A protected Server Component: the proxy has already sent signed-out visitors to sign-in (and
 * refreshed an expired session), so this reads the user from the request's cookies.
 */
import { cookies } from 'next/headers';
import { fetchUserAttributes, getCurrentUser } from 'cognate-auth/auth/server';
import { runWithAmplifyServerContext } from '../../src/amplify-server-utils';
import { WhoAmI } from './who-am-i';

export default async function Protected() {
  const user = await runWithAmplifyServerContext({
    nextServerContext: { cookies },
    operation: async contextSpec => {
      try {
        const current = await getCurrentUser(contextSpec);
        const attributes = await fetchUserAttributes(contextSpec);
        return { ...current, email: attributes.email };
      } catch {
        return undefined;
      }
    },
  });
  if (!user) return <p data-testid="user">Not signed in.</p>;
  return (
    <>
      <h1>Protected</h1>
      <dl>
        <dt>Username</dt>
        <dd data-testid="user">{user.username}</dd>
        <dt>User id</dt>
        <dd data-testid="sub">{user.userId}</dd>
        <dt>Email</dt>
        <dd data-testid="email">{user.email}</dd>
      </dl>
      <WhoAmI />
    </>
  );
}
