/**
 * The console's routes, reached from the handler: `GET /` for browsers (API clients still get the
 * plain-text greeting), `GET /_local/console/overview` (the live fragment, with an ETag), the
 * pages' own scripts (`console.js`, `demo.js`), `/_local/console/demo` and
 * `/_local/console/cognate.js` — cognate's browser bundle, prebuilt into dist/console by the root
 * `npm run build` and only served from there (cognate-local never imports cognate). The console's
 * actions are POSTs, answered by console/api.ts.
 */
import { readFile } from 'node:fs/promises';
import type { Services } from '../context.js';
import { CONSOLE_SCRIPT, CONSOLE_SCRIPT_PATH } from './console-script.js';
import { DEMO_SCRIPT_PATH, demoPage, demoScript } from './demo.js';
import { htmlPage, scriptFile } from './layout.js';
import { fragmentVersion, overviewFragment, overviewPage } from './overview.js';

// From src/console (tests) and dist/console alike.
const BUNDLE = new URL('../../dist/console/cognate.js', import.meta.url);

async function bundle(): Promise<string | undefined> {
  try {
    return await readFile(BUNDLE, 'utf8');
  } catch {
    return undefined;
  }
}

export async function consoleRoutes(services: Services, request: Request, url: URL): Promise<Response | undefined> {
  if (request.method !== 'GET') return undefined;
  const path = url.pathname;
  // The endpoint an app should use: the tokens' issuer base when there is one (startServer sets it
  // to the URL it listens on), so that `<userPoolEndpoint>/<poolId>` is the tokens' `iss` and
  // server-side verification of them (cognate's, aws-jwt-verify's) matches; else this request's origin.
  const view = { origin: services.issuerBase ?? `${url.protocol}//${request.headers.get('host') ?? url.host}` };
  if (path === '/') {
    if (!(request.headers.get('accept') ?? '').includes('text/html')) return undefined;
    return htmlPage(overviewPage(services, view));
  }
  if (path === '/_local/console/overview') {
    const fragment = overviewFragment(services, view);
    const page = htmlPage(fragment);
    page.headers.set('etag', `"${fragmentVersion(fragment)}"`);
    return page;
  }
  if (path === CONSOLE_SCRIPT_PATH) return scriptFile(CONSOLE_SCRIPT);
  if (path === DEMO_SCRIPT_PATH) return scriptFile(demoScript().toString());
  if (path === '/_local/console/demo') return htmlPage(demoPage((await bundle()) !== undefined));
  if (path === '/_local/console/cognate.js') {
    const code = await bundle();
    if (code === undefined)
      return new Response('cognate is not built: run `npm run build`.\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    return new Response(code, { status: 200, headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' } });
  }
  return undefined;
}
