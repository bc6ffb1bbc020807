/**
 * Builds cognate's JavaScript with esbuild: one ESM entry per public subpath, shared chunks, target
 * ES2022, no minification. `@cognate/protocol` is private, so it is bundled in; its one platform
 * fork (`#modpow`: OpenSSL under Node, BigInt elsewhere) stays a fork through cognate's own
 * `imports` map, with both sides built under dist/platform/. Types come from `tsc -b` (declarations
 * only); this script checks that no declaration refers to the private package.
 */
import { build } from 'esbuild';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const protocolDist = dirname(createRequire(join(root, 'package.json')).resolve('@cognate/protocol'));

const common = { bundle: true, format: 'esm', target: 'es2022', platform: 'neutral', logLevel: 'warning', legalComments: 'none' };

await build({
  ...common,
  absWorkingDir: root,
  entryPoints: { index: 'src/index.ts', auth: 'src/auth.ts', 'auth-cognito': 'src/auth-cognito.ts', utils: 'src/utils.ts',
    'auth-enable-oauth-listener': 'src/oauth/enable-oauth-listener.ts',
    'adapter-core': 'src/adapter-core/index.ts', 'auth-server': 'src/server/auth-server.ts', node: 'src/node/index.ts', nextjs: 'src/nextjs/index.ts',
    // Not exported: read by the root scripts/support-table.mjs to render the README table.
    support: 'src/support.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  external: ['#modpow'],
  mainFields: ['module', 'main'],
});

// The platform fork, resolved at run time through package.json "imports".
await build({
  ...common,
  absWorkingDir: root,
  entryPoints: {
    'platform/mod-pow-node': join(protocolDist, 'srp/mod-pow-node.js'),
    'platform/mod-pow-web': join(protocolDist, 'srp/mod-pow-web.js'),
  },
  outdir: 'dist',
  external: ['node:*'],
}).catch((error) => {
  // Until the SRP maths lands in @cognate/protocol there is nothing to fork.
  if (!String(error?.message).includes('Could not resolve')) throw error;
});

for (const file of await readdir(join(root, 'dist'), { recursive: true })) {
  if (!file.endsWith('.d.ts')) continue;
  if ((await readFile(join(root, 'dist', file), 'utf8')).includes('@cognate/protocol')) {
    throw new Error(`dist/${file} refers to the private @cognate/protocol package`);
  }
}
