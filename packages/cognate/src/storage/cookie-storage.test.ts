import { afterEach, describe, expect, it } from 'vitest';
import { CookieStorage, encodeCookieName } from './cookie-storage.js';

/** A minimal document.cookie jar (name → value; expiry in the past deletes). */
function installJar(): string[] {
  const writes: string[] = [];
  const jar = new Map<string, string>();
  (globalThis as { document?: unknown }).document = {
    get cookie() {
      return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    set cookie(line: string) {
      writes.push(line);
      const [pair, ...attrs] = line.split('; ');
      const eq = pair!.indexOf('=');
      const expires = attrs.find(a => a.startsWith('expires='));
      if (expires && new Date(expires.slice(8)).getTime() < Date.now()) jar.delete(pair!.slice(0, eq));
      else jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    },
  };
  return writes;
}

afterEach(() => {
  delete (globalThis as { document?: unknown }).document;
});

describe('CookieStorage', () => {
  it('encodes names as js-cookie does', () => {
    expect(encodeCookieName('CognitoIdentityServiceProvider.abc.user@example.com.idToken')).toBe(
      'CognitoIdentityServiceProvider.abc.user%40example.com.idToken',
    );
    expect(encodeCookieName('a#$&+^`|b')).toBe('a#$&+^`|b');
    expect(encodeCookieName('a b(c)')).toBe('a%20b%28c%29');
  });

  it("writes Amplify's defaults: path /, 365 days, secure, samesite", async () => {
    const writes = installJar();
    const storage = new CookieStorage({ sameSite: 'lax' });
    await storage.setItem('k@1', 'v=1;');
    expect(writes[0]).toMatch(/^k%401=v=1%3B; path=\/; expires=.+; secure; samesite=lax$/);
    const expires = new Date(/expires=([^;]+)/.exec(writes[0]!)![1]!).getTime();
    expect(Math.round((expires - Date.now()) / 864e5)).toBe(365);
    expect(await storage.getItem('k@1')).toBe('v=1;');
    await storage.removeItem('k@1');
    expect(await storage.getItem('k@1')).toBeNull();
  });

  it('rejects sameSite none without secure', () => {
    expect(() => new CookieStorage({ sameSite: 'none', secure: false })).toThrow();
  });
});
