/**
 * Post-build step (run by the root `npm run build` after `tsc -b`, and again by `prepack`): makes
 * cognate-local's dist self-contained. `@cognate/protocol` is a private workspace package that is
 * never published, so its built files (JavaScript and declarations, without source maps) are copied
 * to dist/vendor/protocol/ and every `@cognate/protocol[/encoding]` specifier in dist — imports
 * (the SRP worker's, dist/services/srp-worker.js, among them) and declarations — is rewritten to a
 * relative path to that copy.
 * cognate-local runs only in Node, so protocol's one platform fork (`#modpow`) is pinned to its Node
 * side. Idempotent; fails if anything in dist still names the private package afterwards.
 */
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const protocolDist = dirname(createRequire(join(root, 'package.json')).resolve('@cognate/protocol'));
const vendor = join(dist, 'vendor', 'protocol');

await rm(vendor, { recursive: true, force: true });
await mkdir(vendor, { recursive: true });
await cp(protocolDist, vendor, { recursive: true, filter: src => !src.endsWith('.map') && !src.endsWith('.tsbuildinfo') });

/** The module each public specifier of the package points at (its `exports`), inside the copy. */
const targets = {
  '@cognate/protocol': 'index.js',
  '@cognate/protocol/encoding': 'encoding.js',
  '@cognate/protocol/jwt': 'jwt.js',
  '@cognate/protocol/sigv4': 'sigv4.js',
  '@cognate/protocol/wire': 'wire/index.js',
};
const SPECIFIER = /(['"])(@cognate\/protocol(?:\/[\w-]+)?)\1/g;

for (const file of await readdir(dist, { recursive: true })) {
  if (!file.endsWith('.js') && !file.endsWith('.d.ts')) continue;
  const path = join(dist, file);
  let text = await readFile(path, 'utf8');
  const before = text;
  if (path.startsWith(vendor + sep)) {
    // The copy's own source maps are not shipped.
    text = text.replace(/\n\/\/# sourceMappingURL=\S+$/, '\n');
    text = text.replace(/(['"])#modpow\1/g, (_, q) => `${q}${rel(dirname(path), join(vendor, 'srp', 'mod-pow-node.js'))}${q}`);
  }
  text = text.replace(SPECIFIER, (match, q, specifier) => {
    const target = targets[specifier];
    if (!target) throw new Error(`dist/${file}: no vendored module for ${specifier}`);
    return `${q}${rel(dirname(path), join(vendor, target))}${q}`;
  });
  if (text !== before) await writeFile(path, text);
  if (/@cognate\/protocol|['"]#modpow['"]/.test(text.replace(/^\s*(\/\/|\*|\/\*).*$/gm, ''))) {
    throw new Error(`dist/${file} still refers to the private @cognate/protocol package`);
  }
}

function rel(from, to) {
  const path = relative(from, to).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}
