import type { ReactNode } from 'react';
import { cookies } from 'next/headers';
import { fetchAuthSession } from 'cognate-auth/auth/server';
import { runWithAmplifyServerContext } from '../src/amplify-server-utils';
// One stylesheet for both examples: the Next 16 example's (next.config.ts allows the import from outside this app).
import '../../nextjs/app/globals.css';

export const metadata = { title: 'cognate + Next.js' };

/**
 * Who is signed in, for the header: the email in this request's ID token, read on the server from
 * the cookies and verified (signature, issuer, client, expiry) by `fetchAuthSession`; `undefined`
 * when signed out or when the tokens do not verify. The proxy has refreshed an expired session.
 */
async function signedInAs(): Promise<string | undefined> {
  return runWithAmplifyServerContext({
    nextServerContext: { cookies },
    operation: async contextSpec => {
      try {
        const { tokens } = await fetchAuthSession(contextSpec);
        return tokens && String(tokens.idToken?.payload.email ?? tokens.accessToken.payload.username);
      } catch {
        return undefined;
      }
    },
  });
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await signedInAs();
  return (
    <html lang="en">
      <body>
        <header>
          <a className="brand" href="/">
            cognate <span>+ Next.js</span>
          </a>
          {/* Plain links: the auth ones are route handlers, not pages (no client-side navigation or prefetch). */}
          <nav aria-label="Account">
            {user ? (
              <>
                <span className="user" data-testid="nav-user">
                  {user}
                </span>
                <a href="/protected">Protected page</a>
                <a className="button secondary" href="/api/auth/sign-out">
                  Sign out
                </a>
              </>
            ) : (
              <>
                <a href="/api/auth/sign-in">Sign in</a>
                <a className="button" href="/api/auth/sign-up">
                  Sign up
                </a>
              </>
            )}
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
