/**
 * Post-build step (run by the root `npm run build` after cognate is built): bundles cognate's
 * browser build — `cognate-auth`, `cognate-auth/auth`, `cognate-auth/auth/cognito` and `cognate-auth/utils` in one ES
 * module — into dist/console/cognate.js, which the console's demo page loads. cognate-local never
 * imports cognate; it only serves this file when it is there. Skipped (with a note) when cognate
 * has not been built.
 */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cognateDist = join(root, '..', 'cognate', 'dist', 'auth.js');

if (!existsSync(cognateDist)) {
  console.warn('cognate-local: cognate is not built; the console demo page will have no cognate bundle.');
} else {
  await build({
    stdin: {
      contents: [
        "export * from 'cognate-auth';",
        "export * from 'cognate-auth/auth';",
        "export * from 'cognate-auth/auth/cognito';",
        "export * from 'cognate-auth/utils';",
      ].join('\n'),
      resolveDir: root,
      sourcefile: 'cognate-browser.js',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    // Keep every module's top-level statements: esbuild's shared chunks are imported bare, and
    // cognate says it has no side effects, which would drop e.g. the redirect sign-in listener.
    ignoreAnnotations: true,
    legalComments: 'none',
    logLevel: 'warning',
    outfile: join(root, 'dist', 'console', 'cognate.js'),
  });
}
