/**
 * cognate's esbuild entries, shared by scripts/build.mjs (the browser and Node builds) and
 * bench/sections/feature-floor.mjs (which rebuilds the browser dist from patched sources): chunk
 * boundaries, and so every bundle of dist, depend on the whole list, so it is written once.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One entry per public subpath (package.json `exports`), as paths relative to the package root. */
export const PUBLIC_ENTRIES = {
  index: 'src/index.ts',
  auth: 'src/auth.ts',
  'auth-cognito': 'src/auth-cognito.ts',
  utils: 'src/utils.ts',
  'auth-enable-oauth-listener': 'src/oauth/enable-oauth-listener.ts',
  'adapter-core': 'src/adapter-core/index.ts',
  'auth-server': 'src/server/auth-server.ts',
  api: 'src/api/index.ts',
  'api-server': 'src/api/server.ts',
  node: 'src/node/index.ts',
  nextjs: 'src/nextjs/index.ts',
  'compat-core': 'src/compat/core.ts',
  'compat-core-internals-utils': 'src/compat/core-internals-utils.ts',
  'compat-storage': 'src/compat/storage.ts',
};

/**
 * The browser build's entries: the public ones, plus two kinds that are not exported. `support` is
 * read by the root scripts/support-table.mjs to render the README table. And an entry per API gives
 * each its own chunk, so that an application's bundler, which tree-shakes a chunk statement by
 * statement but follows all of its imports, leaves out what an unused API imports (signInWithRedirect's
 * chunk, for one, enables the OAuth listener when evaluated, as in Amplify, and is reached only through
 * its binding). `root` is the package's folder; paths are relative to it unless `absolute`.
 */
export function browserEntries(root, { absolute = false } = {}) {
  const path = p => (absolute ? join(root, p) : p);
  const apis = readdirSync(join(root, 'src/apis')).filter(f => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  return {
    ...Object.fromEntries(Object.entries(PUBLIC_ENTRIES).map(([name, p]) => [name, path(p)])),
    support: path('src/support.ts'),
    ...Object.fromEntries(apis.map(f => [`internal/${f.slice(0, -3)}`, path(`src/apis/${f}`)])),
  };
}

/** esbuild's bare chunk imports (`import "./chunks/x.js";`), which scripts/build.mjs removes from dist (see there why). */
export const BARE_IMPORT = /^import "\.{1,2}\/(?:chunks\/)?([^"/]+\.js)";\n/gm;
