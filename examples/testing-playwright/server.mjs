/**
 * A tiny static server for the app: the page, and app/main.js bundled with esbuild (aws-amplify
 * included). `startSite({ amplifyConfig })` is what the tests use; `node server.mjs` serves it with
 * the config in the AMPLIFY_CONFIG environment variable (JSON).
 */
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

let bundle;

export async function startSite({ amplifyConfig, port = 0 }) {
  bundle ??= (
    await build({
      entryPoints: [fileURLToPath(new URL('./app/main.js', import.meta.url))],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    })
  ).outputFiles[0].text;
  const page = `<!doctype html><meta charset="utf-8"><title>Notes</title>
<h1>Notes</h1>
<p id="status">…</p>
<p>Access token valid until <span id="expires"></span></p>
<button id="check">Check session</button> <button id="sign-out">Sign out</button>
<script>window.AMPLIFY_CONFIG = ${JSON.stringify(amplifyConfig).replaceAll('<', '\\u003c')};</script>
<script src="/app.js"></script>`;
  const server = createServer((request, response) => {
    if (request.url === '/') return response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    if (request.url === '/app.js') return response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bundle);
    response.writeHead(404).end();
  });
  await new Promise(resolve => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${server.address().port}`,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const site = await startSite({ amplifyConfig: JSON.parse(process.env.AMPLIFY_CONFIG ?? '{}'), port: Number(process.env.PORT ?? 5173) });
  console.log(`serving ${site.url}`);
}
