// Bundle sizes of the snippets Amplify budgets, cognate against aws-amplify, with two bundlers:
//   webpack  size-limit 11 + @size-limit/webpack (Amplify's own tool and settings: webpack 5,
//            production, target web; brotli quality 11 of the output, kB = 1000 B), run in bench/.peers
//   esbuild  bundle, format esm, platform browser, minify, tree shaking, NODE_ENV=production; gzip -9
//            and brotli q11 via node:zlib
// Each entry is what size-limit generates: `import {…} from '…'; console.log(…)`, so the imported
// bindings stay alive. Both libraries are built from the same entry text with only the module
// names swapped, so the two sides are comparable.
//
//   node bench/sections/bundles.mjs [--out file]     (needs the peers: node bench/run.mjs installs them)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { childEnv, parseArgs, ROOT, writeResult } from './common.mjs';

export const SNIPPETS = [
  { id: 'signIn', label: '{ signIn }', imports: { auth: '{ signIn }' } },
  { id: 'signUp', label: '{ signUp }', imports: { auth: '{ signUp }' } },
  { id: 'confirmSignIn', label: '{ confirmSignIn }', imports: { auth: '{ confirmSignIn }' } },
  { id: 'getCurrentUser', label: '{ getCurrentUser }', imports: { auth: '{ getCurrentUser }' } },
  { id: 'basic', label: 'basic flow { signIn, signOut, fetchAuthSession, confirmSignIn }', imports: { auth: '{ signIn, signOut, fetchAuthSession, confirmSignIn }' } },
  { id: 'oauth', label: 'OAuth flow { signInWithRedirect, signOut, fetchAuthSession }', imports: { auth: '{ signInWithRedirect, signOut, fetchAuthSession }' } },
  { id: 'auth-all', label: 'import * as Auth from …/auth', imports: { auth: '*' } },
  {
    id: 'server',
    // adapter-core: runWithAmplifyServerContext, createKeyValueStorageFromCookieStorageAdapter,
    // createUserPoolsTokenProvider, createAWSCredentialsAndIdentityIdProvider
    label: 'server: adapter-core (4 factories) + auth/server { fetchAuthSession }',
    imports: {
      'adapter-core': '{ runWithAmplifyServerContext, createKeyValueStorageFromCookieStorageAdapter, createUserPoolsTokenProvider, createAWSCredentialsAndIdentityIdProvider }',
      'auth/server': '{ fetchAuthSession }',
    },
  },
];

export const LIBRARIES = {
  cognate: {
    specifiers: { auth: 'cognate/auth', 'auth/server': 'cognate/auth/server', 'adapter-core': 'cognate/adapter-core' },
    files: { auth: 'packages/cognate/dist/auth.js', 'auth/server': 'packages/cognate/dist/auth-server.js', 'adapter-core': 'packages/cognate/dist/adapter-core.js' },
  },
  'aws-amplify': {
    specifiers: { auth: 'aws-amplify/auth', 'auth/server': 'aws-amplify/auth/server', 'adapter-core': 'aws-amplify/adapter-core' },
    files: {
      auth: 'node_modules/aws-amplify/dist/esm/auth/index.mjs',
      'auth/server': 'node_modules/aws-amplify/dist/esm/auth/server.mjs',
      'adapter-core': 'node_modules/aws-amplify/dist/esm/adapter-core/index.mjs',
    },
  },
};

/** The entry text for one snippet, with `resolve(key)` giving the module to import. */
export function entrySource(snippet, resolve) {
  let src = '';
  let n = 0;
  for (const [key, imp] of Object.entries(snippet.imports)) {
    if (imp === '*') {
      const alias = `all${n++}`;
      src += `import * as ${alias} from ${JSON.stringify(resolve(key))};\nconsole.log(${alias});\n`;
    } else {
      src += `import ${imp} from ${JSON.stringify(resolve(key))};\nconsole.log(${imp.replace(/[{}]/g, '').trim()});\n`;
    }
  }
  return src;
}

const brotli = (code) => brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

export async function esbuildSize(snippet, library) {
  const res = await build({
    stdin: { contents: entrySource(snippet, (k) => LIBRARIES[library].specifiers[k]), resolveDir: ROOT, sourcefile: 'entry.mjs', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    treeShaking: true,
    write: false,
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const code = res.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length, brotli: brotli(code) };
}

/** size-limit over every snippet of both libraries in one call (webpack, brotli; and raw minified bytes). */
export function webpackSizes(peersDir) {
  const config = [];
  for (const library of Object.keys(LIBRARIES)) {
    for (const s of SNIPPETS) {
      const imports = {};
      for (const [key, imp] of Object.entries(s.imports)) imports['./' + relative(peersDir, join(ROOT, LIBRARIES[library].files[key]))] = imp;
      config.push({ name: `${library} ${s.id}`, path: Object.keys(imports)[0], import: imports });
      config.push({ name: `${library} ${s.id} min`, path: Object.keys(imports)[0], import: imports, brotli: false });
    }
  }
  // size-limit reads .size-limit.json from its working directory; bench/.peers has a package.json
  // without "type" (with "type":"commonjs", webpack refuses the ESM entry size-limit generates).
  const file = join(peersDir, '.size-limit.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  let out;
  try {
    out = execFileSync(process.execPath, [join(peersDir, 'node_modules/size-limit/bin.js'), '--json'], { cwd: peersDir, env: childEnv(), encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // size-limit exits non-zero when a limit is exceeded; there are no limits here, so this is a failure.
    out = error.stdout;
    if (!out?.trim().startsWith('[')) throw new Error(`size-limit failed: ${error.stderr || error.message}`);
  } finally {
    rmSync(file, { force: true });
  }
  const byName = new Map(JSON.parse(out).map((r) => [r.name, r]));
  const result = {};
  for (const library of Object.keys(LIBRARIES)) {
    for (const s of SNIPPETS) {
      const br = byName.get(`${library} ${s.id}`);
      const min = byName.get(`${library} ${s.id} min`);
      result[`${library} ${s.id}`] = { brotli: br?.size ?? null, min: min?.size ?? null };
    }
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs();
  const peersDir = args.peers ?? join(ROOT, 'bench/.peers');
  const rows = [];
  const webpack = args['no-webpack'] ? {} : webpackSizes(peersDir);
  for (const s of SNIPPETS) {
    for (const library of Object.keys(LIBRARIES)) {
      const e = await esbuildSize(s, library);
      const w = webpack[`${library} ${s.id}`] ?? {};
      rows.push({ snippet: s.id, label: s.label, library, esbuild: e, webpack: w });
    }
  }
  const sizeLimit = JSON.parse(readFileSync(join(peersDir, 'node_modules/size-limit/package.json'), 'utf8')).version;
  const webpackVersion = JSON.parse(readFileSync(join(peersDir, 'node_modules/webpack/package.json'), 'utf8')).version;
  const esbuildVersion = (await import('esbuild')).version;
  writeResult(args, { tools: { sizeLimit, webpack: webpackVersion, esbuild: esbuildVersion }, rows });
}
