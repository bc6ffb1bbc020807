import { describe, expect, it } from 'vitest';
import { createKeyValueStorageFromCookieStorageAdapter, MAX_COOKIE_BYTES } from './cookie-kv.js';
import { RequestCookieJar, serializeSetCookie } from './cookies.js';

const KEY = 'CognitoIdentityServiceProvider.client.user@example.com.idToken';

function setup(header = '') {
  const jar = new RequestCookieJar(header, { path: '/', domain: 'example.com' });
  return { jar, kv: createKeyValueStorageFromCookieStorageAdapter(jar) };
}

/** The cookies a browser would hold after the jar's Set-Cookie lines. */
function browserAfter(jar: RequestCookieJar, before = new Map<string, string>()) {
  const cookies = new Map(before);
  for (const line of jar.setCookieHeaders()) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    if (line.includes('Max-Age=0')) cookies.delete(pair!.slice(0, eq));
    else cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  }
  return cookies;
}
const header = (cookies: Map<string, string>) => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');

describe('cookie storage', () => {
  it("writes Amplify's attributes and js-cookie-encoded names", async () => {
    const { jar, kv } = setup();
    await kv.setItem(KEY, 'a.b.c');
    expect(jar.setCookieHeaders()).toEqual([
      'CognitoIdentityServiceProvider.client.user%40example.com.idToken=a.b.c; Path=/; Max-Age=31536000; Secure; SameSite=Lax',
    ]);
    expect(await kv.getItem(KEY)).toBe('a.b.c');
  });

  it('encodes values that are not cookie-safe and reads them back', async () => {
    const { jar, kv } = setup();
    const json = '{"loginId":"a b@c.d","authFlowType":"USER_SRP_AUTH"}';
    await kv.setItem('k', json);
    const cookies = browserAfter(jar);
    expect(header(cookies)).not.toMatch(/[" ,]/);
    expect(await setup(header(cookies)).kv.getItem('k')).toBe(json);
  });

  it('splits a large value into chunks, joins them, shrinks back to one cookie and clears stale chunks', async () => {
    const big = 'x'.repeat(9000);
    const first = setup();
    await first.kv.setItem(KEY, big);
    let cookies = browserAfter(first.jar);
    const names = [...cookies.keys()];
    expect(names).toEqual([0, 1, 2].map(i => `CognitoIdentityServiceProvider.client.user%40example.com.idToken.${i}`));
    for (const [k, v] of cookies) expect(k.length + v.length).toBeLessThanOrEqual(MAX_COOKIE_BYTES);
    expect(await setup(header(cookies)).kv.getItem(KEY)).toBe(big);

    // Smaller but still chunked: the third chunk goes.
    const second = setup(header(cookies));
    await second.kv.setItem(KEY, 'y'.repeat(5000));
    cookies = browserAfter(second.jar, cookies);
    expect(cookies.size).toBe(2);
    expect(await setup(header(cookies)).kv.getItem(KEY)).toBe('y'.repeat(5000));

    // Fits again: one cookie under the plain name, chunks deleted (with the configured Domain).
    const third = setup(header(cookies));
    await third.kv.setItem(KEY, 'small');
    expect(third.jar.setCookieHeaders().filter(l => l.includes('Max-Age=0'))).toHaveLength(2);
    expect(third.jar.setCookieHeaders().every(l => !l.includes('Max-Age=0') || l.includes('Domain=example.com; Path=/'))).toBe(true);
    cookies = browserAfter(third.jar, cookies);
    expect([...cookies.keys()]).toEqual(['CognitoIdentityServiceProvider.client.user%40example.com.idToken']);

    // removeItem clears both forms.
    cookies.set('CognitoIdentityServiceProvider.client.user%40example.com.idToken.0', 'zz');
    const fourth = setup(header(cookies));
    await fourth.kv.removeItem(KEY);
    expect(browserAfter(fourth.jar, cookies).size).toBe(0);
  });

  it('prefers a single cookie (e.g. written later by Amplify) over chunks', async () => {
    const { kv } = setup(`${encodeURIComponent(KEY).replace('%40', '%40')}=single; ${encodeURIComponent(KEY)}.0=chunk`);
    expect(await kv.getItem(KEY)).toBe('single');
  });

  it('a validator can refuse a value', async () => {
    const jar = new RequestCookieJar('k=bad');
    const kv = createKeyValueStorageFromCookieStorageAdapter(jar, { getItem: async (_k, v) => v !== 'bad' });
    expect(await kv.getItem('k')).toBeNull();
  });

  it('serializes options', () => {
    expect(serializeSetCookie('n', 'v', { httpOnly: true, sameSite: 'strict', maxAge: 60, secure: false, path: '/app' })).toBe(
      'n=v; Path=/app; Max-Age=60; HttpOnly; SameSite=Strict',
    );
  });
});
