/**
 * Playwright's `storageState` for a signed-in session, written the way `aws-amplify` and
 * `cognate-auth` keep tokens: under `CognitoIdentityServiceProvider.<clientId>.<username>.<key>`
 * (accessToken, idToken, refreshToken, clockDrift, signInDetails) and
 * `CognitoIdentityServiceProvider.<clientId>.LastAuthUser`, in the origin's localStorage, or with
 * `ssr: true` as cookies (what `Amplify.configure(config, { ssr: true })` and the server adapters read).
 */

/** Playwright's `BrowserContextOptions['storageState']` object (the shape, without importing Playwright). */
export interface StorageState {
  cookies: Array<{
    name: string;
    value: string;
    domain: string;
    path: string;
    /** Seconds since the epoch; -1 for a session cookie. */
    expires: number;
    httpOnly: boolean;
    secure: boolean;
    sameSite: 'Strict' | 'Lax' | 'None';
  }>;
  origins: Array<{ origin: string; localStorage: Array<{ name: string; value: string }> }>;
}

export interface SessionTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
}

/** The payload of a JWT we issued (no checks: it was just signed). */
export function jwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The key/value pairs Amplify's token store holds for this session. */
export function tokenStoreEntries(clientId: string, tokens: SessionTokens, loginId: string, nowMs = Date.now()): Array<[string, string]> {
  const access = jwtPayload(tokens.accessToken);
  const username = String(access.username);
  const prefix = `CognitoIdentityServiceProvider.${clientId}`;
  const user = `${prefix}.${username}`;
  // Amplify's clockDrift: the token's issue time less the browser's clock at sign-in (the server's clock offset).
  const clockDrift = typeof access.iat === 'number' ? access.iat * 1000 - nowMs : 0;
  return [
    [`${prefix}.LastAuthUser`, username],
    [`${user}.accessToken`, tokens.accessToken],
    [`${user}.idToken`, tokens.idToken],
    [`${user}.refreshToken`, tokens.refreshToken],
    [`${user}.clockDrift`, String(Math.round(clockDrift))],
    [`${user}.signInDetails`, JSON.stringify({ loginId, authFlowType: 'USER_SRP_AUTH' })],
  ];
}

/** Cookie names and values as Amplify's browser cookie storage writes them (URI-encoded). */
const encodeCookie = (text: string) => encodeURIComponent(text);

export function buildStorageState(origin: string, entries: Array<[string, string]>, options: { ssr?: boolean; refreshExpiresAt?: number } = {}): StorageState {
  const url = new URL(origin);
  if (!options.ssr) return { cookies: [], origins: [{ origin: url.origin, localStorage: entries.map(([name, value]) => ({ name, value })) }] };
  return {
    cookies: entries.map(([name, value]) => ({
      name: encodeCookie(name),
      value: encodeCookie(value),
      domain: url.hostname,
      path: '/',
      expires: options.refreshExpiresAt ?? -1,
      httpOnly: false,
      secure: url.protocol === 'https:',
      sameSite: 'Lax',
    })),
    origins: [],
  };
}
