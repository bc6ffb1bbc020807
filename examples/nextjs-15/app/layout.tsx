import type { ReactNode } from 'react';

export const metadata = { title: 'cognate + Next.js' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '2rem auto', lineHeight: 1.5 }}>
        <nav style={{ display: 'flex', gap: '1rem' }}>
          <a href="/">Home</a>
          <a href="/protected">Protected</a>
          {/* Plain links: these are route handlers, not pages (no client-side navigation or prefetch). */}
          <a href="/api/auth/sign-in">Sign in</a>
          <a href="/api/auth/sign-up">Sign up</a>
          <a href="/api/auth/sign-out">Sign out</a>
        </nav>
        <main>{children}</main>
      </body>
    </html>
  );
}
