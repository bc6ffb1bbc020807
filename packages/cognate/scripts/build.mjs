/**
 * Builds cognate's JavaScript with esbuild: one ESM entry per public subpath, shared chunks, target
 * ES2022, no minification. `@cognate/protocol` is private, so it is bundled in; its one platform
 * fork (`#modpow`: OpenSSL under Node, BigInt elsewhere) stays a fork through cognate's own
 * `imports` map, with both sides built under dist/platform/. Types come from `tsc -b` (declarations
 * only); this script copies the wire types' declarations beside them and checks that no declaration
 * refers to the private package.
 */
import { build } from 'esbuild';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BARE_IMPORT, browserEntries, PUBLIC_ENTRIES } from './entries.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const protocolDist = dirname(createRequire(join(root, 'package.json')).resolve('@cognate/protocol'));

// Chunk names change with their content: drop the previous build's, which nothing refers to any more.
await rm(join(root, 'dist/chunks'), { recursive: true, force: true });

// src/version.ts reads these: the name and version of package.json, so the user agent never carries
// a stale literal.
const { name, version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const define = { __COGNATE_NAME__: JSON.stringify(name), __COGNATE_VERSION__: JSON.stringify(version) };

const common = { bundle: true, format: 'esm', target: 'es2022', platform: 'neutral', logLevel: 'warning', legalComments: 'none', define };

await build({
  ...common,
  absWorkingDir: root,
  // The public entries, `support` and one per API: see scripts/entries.mjs.
  entryPoints: browserEntries(root),
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  external: ['#modpow'],
  mainFields: ['module', 'main'],
});

// Node gets its own build of the public entries only: a few shared chunks instead of one per API,
// because in Node every file is a separate read at start-up (cold import) and nothing is tree-shaken
// anyway. Selected with the "node" export condition; browsers and browser bundlers never see it.
await rm(join(root, 'dist/n'), { recursive: true, force: true });
await build({
  ...common,
  absWorkingDir: root,
  entryPoints: PUBLIC_ENTRIES,
  outdir: 'dist/n',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  external: ['#modpow', 'next', 'next/*', 'react', 'react/*'],
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
}).catch(error => {
  // Until the SRP maths lands in @cognate/protocol there is nothing to fork.
  if (!String(error?.message).includes('Could not resolve')) throw error;
});

// esbuild keeps evaluation order with bare imports (`import "./chunks/x.js";`) of every chunk an entry
// reaches. Under `"sideEffects": false` an application's bundler honours them only partly: it drops
// them where nothing else needs the chunk, but a chunk also loaded through `import()` lands in the
// initial bundle. Nothing in cognate is reached only that way (checked here: every chunk is imported
// with bindings or through `import()` somewhere), so they go, and a lazy chunk stays lazy.
const jsFiles = (await readdir(join(root, 'dist'), { recursive: true })).filter(
  f => f.endsWith('.js') && (f.startsWith('chunks/') || f.startsWith('internal/') || !f.includes('/')),
);
const used = new Set();
for (const file of jsFiles) {
  const path = join(root, 'dist', file);
  const text = await readFile(path, 'utf8');
  const stripped = text.replace(BARE_IMPORT, '');
  for (const m of stripped.matchAll(/(?:from|import\()\s*"\.{1,2}\/(?:chunks\/)?([^"/]+\.js)"/g)) used.add(m[1]);
  if (stripped !== text) await writeFile(path, stripped);
}
for (const file of jsFiles) {
  const name = file.split('/').pop();
  const empty = !(await readFile(join(root, 'dist', file), 'utf8')).trim(); // type-only modules
  if (file.startsWith('chunks/') && !used.has(name) && !empty) throw new Error(`dist/${file} is reached only through bare imports`);
}

// The wire types (@cognate/protocol/wire: challenge and exception names, request and response
// shapes) appear in cognate's declarations: their declarations are copied to dist/protocol/wire/ and
// the specifier points there. Anything else of the private package must not reach a declaration.
const wireTypes = join(root, 'dist/protocol/wire');
await rm(join(root, 'dist/protocol'), { recursive: true, force: true });
await mkdir(wireTypes, { recursive: true });
for (const file of (await readdir(join(protocolDist, 'wire'), { recursive: true })).filter(f => f.endsWith('.d.ts'))) {
  const text = await readFile(join(protocolDist, 'wire', file), 'utf8');
  await mkdir(dirname(join(wireTypes, file)), { recursive: true });
  await writeFile(join(wireTypes, file), text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
}
for (const file of await readdir(join(root, 'dist'), { recursive: true })) {
  if (!file.endsWith('.d.ts')) continue;
  const path = join(root, 'dist', file);
  const text = await readFile(path, 'utf8');
  const target = relative(dirname(path), join(wireTypes, 'index.js')).split(sep).join('/');
  const rewritten = text.replace(/(['"])@cognate\/protocol\/wire\1/g, (_, q) => `${q}${target.startsWith('.') ? target : `./${target}`}${q}`);
  if (rewritten !== text) await writeFile(path, rewritten);
  if (rewritten.includes('@cognate/protocol')) {
    throw new Error(`dist/${file} refers to the private @cognate/protocol package`);
  }
}
