// Bundle sizes of the snippets Amplify budgets, cognate against aws-amplify, with two bundlers:
//   webpack  size-limit 11 + @size-limit/webpack (Amplify's own tool and settings: webpack 5,
//            production, target web; brotli quality 11 of the output, kB = 1000 B), run in bench/.peers.
//            size-limit counts the entrypoint's assets only, so code behind import() is not in its
//            figure; the `all` figure turns webpack's async chunks off to count it too.
//   esbuild  bundle, format esm, platform browser, splitting, minify, tree shaking,
//            NODE_ENV=production; brotli q11 (and gzip -9) via node:zlib per chunk, summed over the
//            initial chunks and over all chunks; and `one`: the same without splitting, one file
//            with the lazy code inlined (the DESIGN target's "single esbuild bundle")
// esbuild ignores tsconfig.json here (`tsconfigRaw: '{}'`): a published package ships none, while in
// the workspace packages/cognate/tsconfig.json (strict) applies to dist/ and adds "use strict" to each
// lazy-init wrapper (about 80 B brotli in the basic flow); aws-amplify's packages ship none either.
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
  {
    id: 'basic',
    label: 'basic flow { signIn, signOut, fetchAuthSession, confirmSignIn }',
    imports: { auth: '{ signIn, signOut, fetchAuthSession, confirmSignIn }' },
  },
  {
    id: 'oauth',
    label: 'OAuth flow { signInWithRedirect, signOut, fetchAuthSession }',
    imports: { auth: '{ signInWithRedirect, signOut, fetchAuthSession }' },
  },
  { id: 'auth-all', label: 'import * as Auth from …/auth', imports: { auth: '*' } },
  {
    id: 'server',
    // adapter-core: runWithAmplifyServerContext, createKeyValueStorageFromCookieStorageAdapter,
    // createUserPoolsTokenProvider, createAWSCredentialsAndIdentityIdProvider
    label: 'server: adapter-core (4 factories) + auth/server { fetchAuthSession }',
    imports: {
      'adapter-core':
        '{ runWithAmplifyServerContext, createKeyValueStorageFromCookieStorageAdapter, createUserPoolsTokenProvider, createAWSCredentialsAndIdentityIdProvider }',
      'auth/server': '{ fetchAuthSession }',
    },
  },
];

export const LIBRARIES = {
  cognate: {
    specifiers: { auth: 'cognate-auth/auth', 'auth/server': 'cognate-auth/auth/server', 'adapter-core': 'cognate-auth/adapter-core' },
    files: {
      auth: 'packages/cognate/dist/auth.js',
      'auth/server': 'packages/cognate/dist/auth-server.js',
      'adapter-core': 'packages/cognate/dist/adapter-core.js',
    },
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

const brotli = code => brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/**
 * esbuild with code splitting, as an application's build would: `initial` is the entry chunk and
 * what it imports statically (what loads on page start); `all` adds the lazy chunks behind import().
 */
export async function esbuildSize(snippet, library) {
  const one = await esbuildOne(snippet, library);
  const res = await build({
    stdin: { contents: entrySource(snippet, k => LIBRARIES[library].specifiers[k]), resolveDir: ROOT, sourcefile: 'entry.mjs', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    splitting: true,
    outdir: join(ROOT, 'bench/results/tmp/esbuild-out'),
    minify: true,
    treeShaking: true,
    write: false,
    metafile: true,
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
    // As installed: packages/cognate/tsconfig.json (strict) would otherwise make esbuild put "use strict" in every lazy-init wrapper.
    tsconfigRaw: '{}',
  });
  const files = new Map(res.outputFiles.map(f => [relative(ROOT, f.path), f.contents]));
  const outputs = res.metafile.outputs;
  // The snippet's own chunk: a chunk made for an import() has an entryPoint too (the imported file).
  const entry = Object.keys(outputs).find(k => ['<stdin>', 'entry.mjs'].includes(outputs[k].entryPoint));
  const initial = new Set();
  const visit = name => {
    if (initial.has(name)) return;
    initial.add(name);
    for (const i of outputs[name].imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path);
  };
  visit(entry);
  const sum = (names, f) => names.reduce((n, name) => n + f(files.get(name)), 0);
  const js = [...files.keys()].filter(k => k.endsWith('.js'));
  return {
    min: sum([...initial], c => c.length),
    gzip: sum([...initial], c => gzipSync(c, { level: 9 }).length),
    brotli: sum([...initial], brotli),
    allMin: sum(js, c => c.length),
    allBrotli: sum(js, brotli),
    chunks: js.length,
    oneMin: one.length,
    oneBrotli: brotli(one),
  };
}

/**
 * The same snippet as one esbuild bundle (splitting off: esbuild inlines what sits behind import()),
 * so every byte of the library is counted once and compressed together, as the DESIGN target's
 * "single esbuild bundle" figure is defined. Returns the code.
 */
async function esbuildOne(snippet, library) {
  const res = await build({
    stdin: { contents: entrySource(snippet, k => LIBRARIES[library].specifiers[k]), resolveDir: ROOT, sourcefile: 'entry.mjs', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    splitting: false,
    outdir: join(ROOT, 'bench/results/tmp/esbuild-one'),
    minify: true,
    treeShaking: true,
    write: false,
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
    // As installed: packages/cognate/tsconfig.json (strict) would otherwise make esbuild put "use strict" in every lazy-init wrapper.
    tsconfigRaw: '{}',
  });
  return res.outputFiles.filter(f => f.path.endsWith('.js')).reduce((code, f) => code + f.text, '');
}

/**
 * size-limit over every snippet of both libraries in one call. Three figures per snippet:
 *   brotli  what size-limit reports as Amplify runs it: the entrypoint's assets (the initial chunks;
 *           code behind a dynamic import() is a separate async chunk and is NOT counted), brotli
 *   all     the same with webpack's output.asyncChunks off, so lazy code is inlined and counted
 *   min     the initial chunks, minified bytes without compression
 */
export function webpackSizes(peersDir) {
  const config = [];
  for (const library of Object.keys(LIBRARIES)) {
    for (const s of SNIPPETS) {
      const imports = {};
      for (const [key, imp] of Object.entries(s.imports)) imports['./' + relative(peersDir, join(ROOT, LIBRARIES[library].files[key]))] = imp;
      const base = { path: Object.keys(imports)[0], import: imports };
      config.push({ name: `${library} ${s.id}`, ...base });
      config.push({ name: `${library} ${s.id} all`, ...base, all: true });
      config.push({ name: `${library} ${s.id} min`, ...base, brotli: false });
    }
  }
  const byName = runSizeLimit(peersDir, config);
  const result = {};
  for (const library of Object.keys(LIBRARIES)) {
    for (const s of SNIPPETS) {
      const size = suffix => byName.get(`${library} ${s.id}${suffix}`)?.size ?? null;
      result[`${library} ${s.id}`] = { brotli: size(''), allBrotli: size(' all'), min: size(' min') };
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

/**
 * Runs size-limit in `peersDir` over `config` (size-limit checks; a check with `all: true` has
 * webpack's async chunks turned off, so lazy code is counted): size-limit's record per check name.
 */
export function runSizeLimit(peersDir, config) {
  // size-limit reads its config from its working directory; bench/.peers has a package.json
  // without "type" (with "type":"commonjs", webpack refuses the ESM entry size-limit generates).
  // A .cjs config, so that the "all" checks can switch webpack's async chunks off.
  const file = join(peersDir, '.size-limit.cjs');
  const source = `const checks = ${JSON.stringify(config, null, 2)};
module.exports = checks.map(({ all, ...check }) => all
  ? { ...check, modifyWebpackConfig: (c) => ({ ...c, output: { ...c.output, asyncChunks: false } }) }
  : check);
`;
  writeFileSync(file, source);
  let out;
  try {
    out = execFileSync(process.execPath, [join(peersDir, 'node_modules/size-limit/bin.js'), '--json'], {
      cwd: peersDir,
      env: childEnv(),
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    // size-limit exits non-zero when a limit is exceeded; there are no limits here, so this is a failure.
    out = error.stdout;
    if (!out?.trim().startsWith('[')) throw new Error(`size-limit failed: ${error.stderr || error.message}`);
  } finally {
    rmSync(file, { force: true });
  }
  return new Map(JSON.parse(out).map(r => [r.name, r]));
}
