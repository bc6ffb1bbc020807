/**
 * The server's one cookie codec and jar (`cookies.ts`, `cookie-kv.ts`, `cookie-sinks.ts`), as every
 * adapter uses them: what a Set-Cookie line puts in a browser comes back in the next request's Cookie
 * header as the same value, at and around the size limit, for values with cookie syntax in them,
 * and for headers far over any size a browser sends.
 */
import { describe, expect, it } from 'vitest';
import { createKeyValueStorageFromCookieStorageAdapter, MAX_CHUNKS, MAX_COOKIE_BYTES } from './cookie-kv.js';
import { headersSink, nodeResponseSink, withSetCookies } from './cookie-sinks.js';
import { MAX_COOKIE_HEADER_BYTES, MAX_COOKIES, parseCookieHeader, RequestCookieJar, serializeSetCookie } from './cookies.js';

const KEY = 'CognitoIdentityServiceProvider.client.user@example.com.idToken';

/** A browser's cookie store, as far as the jar's lines matter: name=value up to the first `;`, Max-Age=0 deletes. */
class Browser {
  readonly cookies = new Map<string, string>();
  apply(lines: string[]): this {
    for (const line of lines) {
      const pair = line.slice(0, line.indexOf(';') < 0 ? line.length : line.indexOf(';'));
      const eq = pair.indexOf('=');
      const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
      if (/;\s*Max-Age=0(;|$)/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return this;
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** One request: a jar over the browser's header, the cookie storage over it; its lines go back to the browser. */
async function request<T>(browser: Browser, work: (kv: ReturnType<typeof createKeyValueStorageFromCookieStorageAdapter>) => Promise<T>): Promise<T> {
  const jar = new RequestCookieJar(browser.header(), { path: '/' });
  const result = await work(createKeyValueStorageFromCookieStorageAdapter(jar));
  browser.apply(jar.setCookieHeaders());
  return result;
}

/** The length of the `name=value` a browser stores for one line. */
const pairLength = (line: string) => line.split(';')[0]!.length;

describe('chunking at the cookie size limit', () => {
  const encodedName = 'CognitoIdentityServiceProvider.client.user%40example.com.idToken';
  const room = MAX_COOKIE_BYTES - encodedName.length - 1;

  it('a value that exactly fills one cookie stays one cookie; one byte more is split, and both round-trip', async () => {
    for (const [length, cookies] of [
      [room, 1],
      [room + 1, 2],
    ] as const) {
      const value = 'a'.repeat(length);
      const browser = new Browser();
      const jar = new RequestCookieJar('', { path: '/' });
      await createKeyValueStorageFromCookieStorageAdapter(jar).setItem(KEY, value);
      const lines = jar.setCookieHeaders();
      expect(lines).toHaveLength(cookies);
      for (const line of lines) expect(pairLength(line)).toBeLessThanOrEqual(MAX_COOKIE_BYTES);
      browser.apply(lines);
      expect(await request(browser, kv => kv.getItem(KEY))).toBe(value);
    }
  });

  it('characters that encode to several bytes are never cut in the middle of a chunk, and every chunk fits', async () => {
    // `é` is %C3%A9 (6 bytes), the emoji 12, `;` %3B: a naive split by characters or bytes would cut an escape.
    const value = `${'é'.repeat(700)};${'😀'.repeat(400)}=${'x'.repeat(3001)}"\\,`;
    const browser = new Browser();
    await request(browser, kv => kv.setItem(KEY, value));
    expect(browser.cookies.size).toBeGreaterThan(2);
    for (const [name, encoded] of browser.cookies) {
      expect(name.length + 1 + encoded.length).toBeLessThanOrEqual(MAX_COOKIE_BYTES);
      expect(() => decodeURIComponent(encoded)).not.toThrow();
    }
    expect(await request(browser, kv => kv.getItem(KEY))).toBe(value);
  });

  it(`the largest value that fits ${MAX_CHUNKS} chunks round-trips; a larger one is refused and nothing is written`, async () => {
    const browser = new Browser();
    const chunkRoom = MAX_COOKIE_BYTES - encodedName.length - 4;
    const largest = 'b'.repeat(chunkRoom * MAX_CHUNKS);
    await request(browser, kv => kv.setItem(KEY, largest));
    expect(browser.cookies.size).toBe(MAX_CHUNKS);
    expect(await request(browser, kv => kv.getItem(KEY))).toBe(largest);
    const jar = new RequestCookieJar(browser.header(), { path: '/' });
    await expect(createKeyValueStorageFromCookieStorageAdapter(jar).setItem(KEY, `${largest}b`)).rejects.toThrow(/more than 16 cookies/);
    expect(jar.setCookieHeaders()).toEqual([]);
  });
});

describe('the codec', () => {
  const awkward = {
    semicolon: 'a;b; Path=/evil; Domain=evil.example',
    equals: 'k=v==',
    unicode: 'Zoë 😀 日本語',
    quotes: '"quoted"',
    'comma and space': 'a, b',
    backslash: 'a\\b',
    percent: '100% %41 %zz',
    json: '{"loginId":"a b@c.d","authFlowType":"USER_SRP_AUTH"}',
    'CR LF': 'a\r\nSet-Cookie: evil=1',
  };
  for (const [what, value] of Object.entries(awkward)) {
    it(`a value with ${what} is one cookie attribute-free in the header and reads back the same`, async () => {
      const line = serializeSetCookie('name', value, { path: '/', secure: true, sameSite: 'lax', maxAge: 60 });
      expect(line).toMatch(/^name=[^;\s",\\]*; Path=\/; Max-Age=60; Secure; SameSite=Lax$/);
      expect(line).not.toMatch(/[\r\n]/);
      const browser = new Browser().apply([line]);
      expect(parseCookieHeader(browser.header()).get('name')).toBe(value);
    });
  }

  it('names with `@`, `=`, `;` and unicode are encoded, and found under the plain name', async () => {
    for (const key of ['CognitoIdentityServiceProvider.c.a@b.c.idToken', 'a=b', 'a;b', 'ünï']) {
      const browser = new Browser();
      await request(browser, kv => kv.setItem(key, 'v'));
      const [name] = [...browser.cookies.keys()];
      expect(name).toMatch(/^[^=;\s]+$/);
      expect(await request(browser, kv => kv.getItem(key))).toBe('v');
    }
  });

  it('every attribute is written: Domain, Path, Expires, Max-Age, HttpOnly, Secure, SameSite', () => {
    const expires = new Date(Date.UTC(2030, 0, 2, 3, 4, 5));
    expect(serializeSetCookie('n', 'v', { domain: 'example.com', path: '/app', expires, maxAge: 90.7, httpOnly: true, secure: true, sameSite: 'none' })).toBe(
      'n=v; Domain=example.com; Path=/app; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Max-Age=90; HttpOnly; Secure; SameSite=None',
    );
    expect(serializeSetCookie('n', 'v', { sameSite: true })).toBe('n=v; Path=/; SameSite=Strict');
  });

  it('an attribute value cannot end its attribute or the header', () => {
    const line = serializeSetCookie('n', 'v', { domain: 'example.com; HttpOnly=0\r\nX-Evil: 1', path: '/a;b' });
    expect(line).toBe('n=v; Domain=example.com HttpOnly=0X-Evil: 1; Path=/ab');
  });

  it('parses quoted values, keeps the first of a name, skips parts without `=`, and leaves malformed escapes as they are', () => {
    const parsed = parseCookieHeader('a="x y"; a=second; junk; b=%E0%A4%A; c=%41; =nameless; d=');
    expect([...parsed]).toEqual([
      ['a', 'x y'],
      ['b', '%E0%A4%A'],
      ['c', 'A'],
      ['d', ''],
    ]);
  });

  it(`an oversized Cookie header is read only up to ${MAX_COOKIE_HEADER_BYTES} characters and ${MAX_COOKIES} cookies, quickly and without throwing`, () => {
    const session = 'CognitoIdentityServiceProvider.client.LastAuthUser=alice';
    const huge = `${session}; ${Array.from({ length: 20_000 }, (_, i) => `junk${i}=${'z'.repeat(50)}`).join('; ')}`;
    expect(huge.length).toBeGreaterThan(1_000_000);
    const started = performance.now();
    const parsed = parseCookieHeader(huge);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(parsed.get('CognitoIdentityServiceProvider.client.LastAuthUser')).toBe('alice');
    expect(parsed.size).toBeLessThanOrEqual(MAX_COOKIES);

    // A cookie that the limit cuts is dropped, not read in part; one wholly past it is not read.
    const cut = `a=1; big=${'y'.repeat(MAX_COOKIE_HEADER_BYTES)}; late=1`;
    expect([...parseCookieHeader(cut)]).toEqual([['a', '1']]);
    // One cookie longer than the limit: nothing is read.
    expect(parseCookieHeader(`only=${'y'.repeat(MAX_COOKIE_HEADER_BYTES + 10)}`).size).toBe(0);
    // Many tiny cookies: only the first MAX_COOKIES parts are looked at.
    const many = Array.from({ length: MAX_COOKIES + 50 }, (_, i) => `c${i}=${i}`).join(';');
    const read = parseCookieHeader(many);
    expect(read.size).toBe(MAX_COOKIES);
    expect(read.has(`c${MAX_COOKIES}`)).toBe(false);
  });
});

describe('the jar and the sinks', () => {
  it('keeps one line per name (the last write), deletes with the scope, and ignores deletes of unknown cookies', () => {
    const jar = new RequestCookieJar('a=1', { path: '/', domain: 'example.com', secure: true, sameSite: 'lax' });
    jar.set('b', '1', { path: '/' });
    jar.set('b', '2', { path: '/' });
    jar.delete('a');
    jar.delete('never-there');
    expect(jar.setCookieHeaders()).toEqual([
      'b=2; Path=/',
      'a=; Domain=example.com; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; SameSite=Lax',
    ]);
    expect(jar.get('a')).toBeUndefined();
    expect(jar.get('b')).toEqual({ name: 'b', value: '2' });
  });

  it('names `allow` refuses are neither written nor deleted', () => {
    const jar = new RequestCookieJar('keep=1', {}, undefined, name => name.startsWith('ok'));
    jar.set('nope', 'x');
    jar.delete('keep');
    jar.set('ok', 'y');
    expect(jar.setCookieHeaders()).toEqual(['ok=y; Path=/']);
    expect(jar.get('keep')?.value).toBe('1');
  });

  it("a Headers sink keeps the app's own Set-Cookie lines and replaces its own; retarget replays the writes so far", () => {
    const first = new Headers([['set-cookie', 'app=1; Path=/']]);
    const jar = new RequestCookieJar('', {}, headersSink(first));
    jar.set('t', '1', {});
    jar.set('t', '2', {});
    expect(first.getSetCookie()).toEqual(['app=1; Path=/', 't=2; Path=/']);
    expect(first.get('cache-control')).toBe('private, no-store');
    const second = new Headers();
    jar.retarget(headersSink(second));
    jar.set('u', '3', {});
    expect(second.getSetCookie()).toEqual(['t=2; Path=/', 'u=3; Path=/']);
    expect(first.getSetCookie()).toEqual(['app=1; Path=/', 't=2; Path=/']);
  });

  it('a Node response sink writes while headers are not sent, and nothing after', () => {
    const headers = new Map<string, number | string | readonly string[]>([['set-cookie', 'app=1']]);
    const response = {
      headersSent: false,
      getHeader: (name: string) => headers.get(name.toLowerCase()) as string | string[] | undefined,
      setHeader: (name: string, value: number | string | readonly string[]) => headers.set(name.toLowerCase(), value),
    };
    const jar = new RequestCookieJar('', {}, nodeResponseSink(response));
    jar.set('t', '1', {});
    expect(headers.get('set-cookie')).toEqual(['app=1', 't=1; Path=/']);
    response.headersSent = true;
    jar.set('t', '2', {});
    expect(headers.get('set-cookie')).toEqual(['app=1', 't=1; Path=/']);
  });

  it('withSetCookies appends to a mutable Response and copies an immutable one', async () => {
    const mutable = new Response('body', { headers: { 'set-cookie': 'app=1' } });
    expect(withSetCookies(mutable, ['t=1'])).toBe(mutable);
    expect(mutable.headers.getSetCookie()).toEqual(['app=1', 't=1']);
    const immutable = Response.redirect('http://localhost/next', 302);
    const out = withSetCookies(immutable, ['t=1']);
    expect(out).not.toBe(immutable);
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe('http://localhost/next');
    expect(out.headers.getSetCookie()).toEqual(['t=1']);
    expect(out.headers.get('cache-control')).toBe('private, no-store');
    const untouched = new Response('x');
    expect(withSetCookies(untouched, [])).toBe(untouched);
    expect(untouched.headers.get('cache-control')).toBeNull();
  });
});
