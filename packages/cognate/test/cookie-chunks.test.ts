/**
 * Chunked cookies between the browser's CookieStorage and the server's cookie adapter: a value
 * too large for one cookie is split into `<name>.0`, `<name>.1`, … by whichever side writes it and
 * joined by the other; every chunk fits a browser's 4 KB limit; removing or rewriting clears them.
 */
import { afterEach, expect, it } from 'vitest';
import { CookieStorage } from '../src/storage/cookie-storage.js';
import { createKeyValueStorageFromCookieStorageAdapter } from '../src/server/cookie-kv.js';
import { RequestCookieJar } from '../src/server/cookies.js';
import { BrowserJar, uninstallDocument } from './browser-jar.js';

const KEY = 'CognitoIdentityServiceProvider.client.someone@example.com.idToken';
const BIG = `eyJ${'x'.repeat(9000)}.${'y'.repeat(500)}`;

/** One server request: the real per-request jar over the browser's Cookie header; its Set-Cookie go back. */
async function onServer<T>(jar: BrowserJar, work: (kv: ReturnType<typeof createKeyValueStorageFromCookieStorageAdapter>) => Promise<T>): Promise<T> {
  const request = new RequestCookieJar(jar.header());
  const result = await work(createKeyValueStorageFromCookieStorageAdapter(request));
  for (const line of request.setCookieHeaders()) jar.apply(line);
  return result;
}

afterEach(() => uninstallDocument());

it('the browser splits a large value, reads it back, and nothing is dropped', async () => {
  const jar = new BrowserJar().install();
  const storage = new CookieStorage({ secure: false });
  await storage.setItem(KEY, BIG);
  expect(jar.dropped).toEqual([]);
  const names = [...jar.cookies.keys()];
  expect(names.length).toBeGreaterThan(2);
  expect(names.every(n => /\.idToken\.\d+$/.test(n))).toBe(true);
  expect(await storage.getItem(KEY)).toBe(BIG);
  await storage.setItem(KEY, 'small');
  expect([...jar.cookies.keys()]).toEqual(['CognitoIdentityServiceProvider.client.someone%40example.com.idToken']);
  expect(await storage.getItem(KEY)).toBe('small');
  await storage.setItem(KEY, BIG);
  await storage.removeItem(KEY);
  expect(jar.cookies.size).toBe(0);
});

it('each side reads the chunks the other wrote', async () => {
  const jar = new BrowserJar().install();
  const browser = new CookieStorage({ secure: false });
  await onServer(jar, kv => kv.setItem(KEY, BIG));
  expect(jar.dropped).toEqual([]);
  expect([...jar.cookies.keys()].length).toBeGreaterThan(2);
  expect(await browser.getItem(KEY)).toBe(BIG);
  await browser.setItem(KEY, `${BIG}z`);
  expect(await onServer(jar, kv => kv.getItem(KEY))).toBe(`${BIG}z`);
  await onServer(jar, kv => kv.setItem(KEY, 'small'));
  expect(await browser.getItem(KEY)).toBe('small');
  expect([...jar.cookies.keys()]).toHaveLength(1);
});
