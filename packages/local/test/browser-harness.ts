/**
 * What the browser suites share: one headless Debian Chromium per file (driven by playwright-core,
 * each test in a fresh context), a tiny loopback HTTP server for single-page apps, and the path of
 * cognate's browser bundle that `npm run build` writes to dist/console/cognate.js.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const COGNATE_BUNDLE = fileURLToPath(new URL('../dist/console/cognate.js', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots the suites keep (git-ignored): <repo>/.tmp/browser-artifacts/. */
export const ARTIFACTS = fileURLToPath(new URL('../../../.tmp/browser-artifacts/', import.meta.url));

export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return `${ARTIFACTS}${name}`;
}

export function browserAvailable(): boolean {
  return existsSync(CHROMIUM) && existsSync(COGNATE_BUNDLE);
}

/** `bfcache`: keep Chromium's back/forward cache on (Playwright turns it off by default). */
export function launchBrowser(options: { bfcache?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    ...(options.bfcache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Site {
  /** `http://localhost:<port>` (the browser's view; the socket listens on 127.0.0.1). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves `route(path, url)` on a loopback port; `/cognate.js` is cognate's browser bundle. */
/** `cacheControl` defaults to `no-store`, which also keeps the page out of the back/forward cache. */
export async function serveSite(
  route: (url: URL, req: IncomingMessage) => { status?: number; type?: string; cacheControl?: string; body: string } | undefined,
): Promise<Site> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/cognate.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(readFileSync(COGNATE_BUNDLE));
      return;
    }
    const answer = route(url, req);
    if (!answer) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res
      .writeHead(answer.status ?? 200, { 'content-type': answer.type ?? 'text/html; charset=utf-8', 'cache-control': answer.cacheControl ?? 'no-store' })
      .end(answer.body);
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    port,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
