// Client SRP maths per sign-in in headless Chromium (native BigInt), cognate against aws-amplify's
// helper, the same work as bench/srp.mjs's client rows. The harness (srp-browser-entry.mjs) is bundled
// with esbuild for the browser, served from 127.0.0.1 (a secure context, so WebCrypto is there) and
// driven with playwright-core against Debian's /usr/bin/chromium.
//
//   node bench/sections/srp-browser.mjs [--runs 30] [--warmup 5] [--out file]
import { createServer } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { parseArgs, quantiles, writeResult } from './common.mjs';

const args = parseArgs();
const RUNS = Number(args.runs ?? (args.quick ? 8 : 30));
const WARMUP = Number(args.warmup ?? (args.quick ? 2 : 5));

const bundle = await build({
  entryPoints: [join(import.meta.dirname, 'srp-browser-entry.mjs')],
  bundle: true,
  platform: 'browser',
  format: 'iife',
  globalName: 'srpBench',
  minify: true,
  write: false,
  logLevel: 'error',
  define: { 'process.env.NODE_ENV': '"production"' },
});
const js = bundle.outputFiles[0].text;
if (js.includes('createDiffieHellman')) throw new Error('the browser bundle picked the node modPow');

const html = '<!doctype html><meta charset="utf-8"><title>srp</title><script src="/bench.js"></script>';
const server = createServer((req, res) => {
  if (req.url === '/bench.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
  else res.writeHead(200, { 'content-type': 'text/html' }).end(html);
});
await new Promise(r => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
try {
  const page = await browser.newPage();
  await page.goto(url);
  const out = await page.evaluate(([runs, warmup]) => globalThis.srpBench.run(runs, warmup), [RUNS, WARMUP]);
  writeResult(args, {
    runs: RUNS,
    warmup: WARMUP,
    browser: `Chromium ${browser.version()}`,
    checked: out.checked,
    cognate: quantiles(out.times.cognate),
    'aws-amplify': quantiles(out.times['aws-amplify']),
  });
} finally {
  await browser.close();
  server.close();
}
