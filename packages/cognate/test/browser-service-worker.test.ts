/**
 * `ServiceWorker` (`aws-amplify/utils`) in headless Chromium, cognate's and Amplify's side by side in
 * one page (each bundled from its package with esbuild), on a loopback site that serves a small
 * worker: registration, the state changes `onStateChange` reports, the active worker, a message sent
 * to it and its reply, and the error for a worker file that is missing.
 */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { CHROMIUM, launchBrowser } from '../../local/test/browser-harness.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const available = existsSync(CHROMIUM);

const WORKER = `self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('message', async (event) => {
  for (const client of await self.clients.matchAll()) client.postMessage('worker got ' + event.data);
});`;

let server: Server;
let url: string;
let browser: Browser;

beforeAll(async () => {
  if (!available) return;
  const bundled = await build({
    stdin: {
      contents:
        "import { ServiceWorker as Cognate } from 'cognate-auth/utils';\nimport { ServiceWorker as Amplify } from 'aws-amplify/utils';\nwindow.libs = { cognate: Cognate, amplify: Amplify };\n",
      resolveDir: ROOT,
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const entry = bundled.outputFiles[0]!.text;
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/entry.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(entry);
    if (path.startsWith('/sw-')) return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(WORKER);
    if (path === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<script type="module" src="/entry.js"></script>');
    res.writeHead(404).end();
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  url = `http://localhost:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise(resolve => (server ? server.close(resolve) : resolve(undefined)));
});

describe.skipIf(!available)('ServiceWorker in Chromium', () => {
  it('registers, reports state changes, posts messages and fails on a missing file as Amplify’s', async () => {
    const run = async (lib: 'cognate' | 'amplify') => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(url);
        await page.waitForFunction(() => 'libs' in window);
        return await page.evaluate(async name => {
          const Class = (window as unknown as { libs: Record<string, typeof import('cognate-auth/utils').ServiceWorker> }).libs[name];
          const sw = new Class();
          const states: string[] = [];
          let before: string;
          try {
            void sw.serviceWorker;
            before = 'no error';
          } catch (error) {
            before = `${(error as Error).name}: ${(error as Error).message}`;
          }
          const registration = await sw.register(`/sw-${name}.js`, '/', { onStateChange: (state: string) => states.push(state) });
          await navigator.serviceWorker.ready;
          while (states.at(-1) !== 'activated') await new Promise(resolve => setTimeout(resolve, 20));
          const reply = new Promise(resolve => navigator.serviceWorker.addEventListener('message', event => resolve(event.data), { once: true }));
          sw.send('hello');
          let missing: string;
          try {
            await new Class().register('/missing.js', '/');
            missing = 'registered';
          } catch (error) {
            missing = `${(error as Error).name}: ${(error as Error).message}`;
          }
          return {
            before,
            scope: registration.scope,
            worker: sw.serviceWorker.scriptURL.replace(`sw-${name}`, 'sw'),
            states: [...new Set(states)],
            reply: await reply,
            missing,
          };
        }, lib);
      } finally {
        await context.close();
      }
    };
    const ours = await run('cognate');
    expect(ours).toEqual(await run('amplify'));
    expect(ours).toMatchObject({ scope: `${url}/`, worker: `${url}/sw.js`, reply: 'worker got hello' });
    expect(ours.states.at(-1)).toBe('activated');
  }, 60_000);
});
