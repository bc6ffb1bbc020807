// The feature floor of the two snippets that have all-chunks targets (the basic flow and the whole
// `auth` namespace): how big they would be with each rarer feature stubbed out, one at a time and all
// together, with every sentence of wording (error messages, recovery suggestions) replaced by '', and
// with both. It answers "can the goal be met without dropping features?" with measurements; nothing
// in packages/cognate/src changes for it.
//
// Method. For each variant, cognate's browser dist is built again from packages/cognate/src into
// bench/results/tmp/feature-floor/<variant>/ with the settings of packages/cognate/scripts/build.mjs
// (the same entries, splitting, ES2022, the same bare-import stripping, the `#modpow` fork through a
// copy of package.json's `imports`), through an esbuild plugin that
//   - replaces a feature's modules by stubs that throw, and cuts its branches out of the sign-in flow
//     with exact source patches (each must match once, so the script fails if the source moved on);
//   - for `wording`, replaces every string literal of two or more words in cognate's and the
//     protocol's code with '' (esbuild strips types and comments, acorn finds the literals).
// One more row is structure, not a feature: every import() of cognate's sources made static, to show
// what the lazy boundaries cost each bundler (and what the initial chunks would then weigh).
// Each variant is then measured as the bundles section measures the real dist: webpack via size-limit
// with output.asyncChunks off (all chunks; the goals' measure) and esbuild as one bundle (splitting
// off), both brotli 11. The unstubbed variant is measured too, so that it can be checked against the
// real dist (the bundles section) and every other row is compared with it, not with the dist.
// A feature stub keeps the public API functions (the namespace still exports them); it removes the
// feature's implementation and its sign-in branches. The comparison rows bundle aws-amplify's and
// cognate's snippets with and without `import { Amplify } from '<root>'` (an app always configures;
// aws-amplify's identity-pool credentials provider comes with its `Amplify`).
//
//   node bench/sections/feature-floor.mjs [--peers dir] [--only basic|auth-all] [--variants a,b] [--no-webpack] [--list-wording] [--out file]
// (needs bench/.peers: `node bench/run.mjs --only bundles` installs it; variants: the FEATURES keys and static-imports)
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { build, transform } from 'esbuild';
import { entrySource, runSizeLimit, SNIPPETS } from './bundles.mjs';
import { parseArgs, ROOT } from './common.mjs';
import { BARE_IMPORT, browserEntries } from '../../packages/cognate/scripts/entries.mjs';

const PKG = join(ROOT, 'packages/cognate');
const SRC = join(PKG, 'src') + sep;
const PROTOCOL = dirname(createRequire(join(PKG, 'package.json')).resolve('@cognate/protocol')) + sep;
const OUT = join(ROOT, 'bench/results/tmp/feature-floor');

const brotli = code => brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** A stub module: every named function throws (the feature is not there), nothing else is kept. */
const thrower = names => `const gone = () => { throw new Error('stubbed'); };\n${names.map(n => `export const ${n} = gone;`).join('\n')}\n`;

/**
 * The rarer features. `stubs`: a module's whole text; `patches`: [file, pattern, replacement], each
 * pattern must match exactly once in the (already patched) file. Patches compose in this order.
 */
export const FEATURES = {
  passkeys: {
    label: 'passkeys (src/passkey, WEB_AUTHN sign-in)',
    stubs: { 'passkey/passkey.ts': thrower(['isPasskeySupported', 'registerPasskey', 'getPasskey', 'passkeyError']), 'passkey/errors.ts': thrower([]) },
    patches: [['flows/sign-in-result.ts', /if \(name === 'WEB_AUTHN'\) \{[\s\S]*?\n  \}\n(?=  let signInStep)/, '']],
  },
  credentials: {
    label: 'identity-pool credentials (src/credentials)',
    stubs: {
      'credentials/default-provider.ts':
        'export const createDefaultCredentialsProvider = () => ({ async getCredentialsAndIdentityId() {}, async clearCredentialsAndIdentityId() {} });\n',
    },
    patches: [],
  },
  'hosted-ui-sign-out': {
    label: 'hosted-UI sign-out (src/oauth/sign-out.ts)',
    stubs: { 'oauth/sign-out.ts': 'export async function oauthSignOut() {}\n' },
    patches: [],
  },
  'mfa-setup': {
    label: 'MFA setup in sign-in (MFA_SETUP, TOTP setup)',
    stubs: {},
    patches: [
      ['flows/sign-in-result.ts', /if \(name === 'MFA_SETUP'\) \{[\s\S]*?\n  \}\n(?=  if \(!signInStep\))/, ''],
      [
        'flows/confirm-sign-in.ts',
        /if \(challengeName === 'MFA_SETUP' && \(answer === 'TOTP'[\s\S]*?\} else if \(\(challengeName === 'SELECT_CHALLENGE'/,
        "if ((challengeName === 'SELECT_CHALLENGE'",
      ],
      [
        'flows/confirm-sign-in.ts',
        /\} else if \(challengeName === 'MFA_SETUP' && answer\.includes\('@'\)\)[\s\S]*?\);\n(\s*)else throw notAddressed/,
        '} else throw notAddressed',
      ],
    ],
  },
  'user-auth': {
    label: 'USER_AUTH (choice-based sign-in)',
    stubs: {},
    patches: [
      ['flows/sign-in.ts', /if \(flow === 'USER_AUTH'\) \{[\s\S]*?\} else if \(!srp\) \{/, 'if (!srp) {'],
      ['flows/confirm-sign-in.ts', /if \(\(challengeName === 'SELECT_CHALLENGE'[\s\S]*?\} else \{(\n\s*const step)/, 'if (false) {} else {$1'],
      ['flows/confirm-sign-in.ts', /if \(firstFactor\) \{[\s\S]*?\} else \{(\s*const deviceKey)/, '{$1'],
    ],
  },
  'new-device': {
    label: 'new-device confirmation (ConfirmDevice after sign-in)',
    stubs: {},
    patches: [['flows/sign-in-result.ts', /NewDeviceMetadata && \(await confirmNewDevice\(x, AccessToken, NewDeviceMetadata\)\)/, 'undefined']],
  },
  'device-srp': {
    label: 'device SRP (DEVICE_SRP_AUTH, forgotten-device retry)',
    stubs: {},
    patches: [
      ['flows/password-verifier.ts', /(export async function withDeviceSrp\([^\n]*\{\n)[\s\S]*?\n\}\n/, '$1  return response;\n}\n'],
      ['flows/password-verifier.ts', /(export async function retryWithoutDevice<T>\([^\n]*\{\n)[\s\S]*?\n\}\n/, '$1  return run();\n}\n'],
    ],
  },
};

/**
 * Not a feature: the lazy boundaries. Every `import('./x.js')` of cognate's sources becomes a static
 * namespace import, so the row shows what the `import()` boundaries cost each bundler (webpack's
 * chunk-loading runtime and module wrappers, esbuild's lazy-init wrappers) with every byte still in.
 */
export const STATIC_IMPORTS = {
  label: 'no lazy boundaries (every import() made static)',
  transform(text) {
    let n = 0;
    const hoisted = [];
    const out = text.replace(/\bimport\((['"])(\.{1,2}\/[^'"]+)\1\)/g, (_, q, spec) => {
      hoisted.push(`import * as __static${n} from ${q}${spec}${q};\n`);
      return `Promise.resolve(__static${n++})`;
    });
    return hoisted.join('') + out;
  },
};

/**
 * Two or more words, one of them in lower case: a sentence or phrase meant for people, not a key, a
 * header, a list of exception names or the HKDF info. 'Device does not exist.' is Cognito's message
 * that retryWithoutDevice looks for: behaviour, not wording.
 */
const isWording = text => /[A-Za-z]{2,}[,.:;!?'"()]*\s+[A-Za-z(]/.test(text) && /\b[a-z]{2,}\b/.test(text) && text !== 'Device does not exist.';

/** acorn (webpack's parser): from the root's node_modules, else from bench/.peers. */
function acorn() {
  for (const from of [ROOT, join(ROOT, 'bench/.peers')]) {
    try {
      return createRequire(join(from, 'package.json'))('acorn');
    } catch {}
  }
  throw new Error('feature-floor: no acorn to parse with (run `node bench/run.mjs --only bundles` once)');
}

/**
 * The module as JavaScript (esbuild strips types and comments) with every wording literal (string or
 * template) replaced by '', and the texts replaced. Keys, import specifiers and one-word strings stay.
 */
export async function emptyWording(text, file) {
  const js = (await transform(text, { loader: file.endsWith('.ts') ? 'ts' : 'js', format: 'esm', target: 'es2022' })).code;
  const cuts = [];
  const visit = (node, parent) => {
    if (!node || typeof node.type !== 'string') return;
    const skip = parent && (/^(Import|Export)/.test(parent.type) || (parent.type === 'Property' && parent.key === node && !parent.computed));
    if (!skip && node.type === 'Literal' && typeof node.value === 'string' && isWording(node.value)) return void cuts.push([node.start, node.end, node.value]);
    if (!skip && node.type === 'TemplateLiteral' && isWording(node.quasis.map(q => q.value.cooked).join(' ')))
      return void cuts.push([node.start, node.end, js.slice(node.start, node.end)]);
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent') continue;
      if (Array.isArray(value)) for (const v of value) visit(v, node);
      else if (value && typeof value === 'object') visit(value, node);
    }
  };
  visit(acorn().parse(js, { ecmaVersion: 'latest', sourceType: 'module' }), null);
  let out = js;
  for (const [start, end] of cuts.toReversed()) out = out.slice(0, start) + "''" + out.slice(end);
  return { text: out, cuts: cuts.map(c => c[2]) };
}

/** The esbuild plugin that applies a variant to cognate's sources and the protocol's dist. */
function variantPlugin(features, wording, replaced, structure) {
  const stubs = new Map();
  const patches = new Map();
  for (const f of features) {
    for (const [file, text] of Object.entries(FEATURES[f].stubs)) stubs.set(SRC + file, text);
    for (const [file, pattern, to] of FEATURES[f].patches) patches.set(SRC + file, [...(patches.get(SRC + file) ?? []), [pattern, to, f]]);
  }
  return {
    name: 'feature-floor',
    setup(b) {
      b.onResolve({ filter: /^#modpow$/ }, () => ({ path: '#modpow', external: true }));
      b.onLoad({ filter: /\.(ts|js)$/ }, async args => {
        const mine = args.path.startsWith(SRC);
        if (!mine && !args.path.startsWith(PROTOCOL)) return undefined;
        let text = stubs.get(args.path) ?? readFileSync(args.path, 'utf8');
        if (mine && structure) text = structure.transform(text);
        for (const [pattern, to, f] of patches.get(args.path) ?? []) {
          const n = [...text.matchAll(new RegExp(pattern.source, 'g'))].length;
          if (n !== 1) throw new Error(`feature-floor: ${f}'s patch of ${relative(ROOT, args.path)} matches ${n} times: ${pattern}`);
          text = text.replace(pattern, to);
        }
        let loader = args.path.endsWith('.ts') ? 'ts' : 'js';
        if (wording) {
          const r = await emptyWording(text, args.path);
          text = r.text;
          loader = 'js';
          for (const c of r.cuts) replaced.push([relative(ROOT, args.path), c]);
        }
        return { contents: text, loader, resolveDir: dirname(args.path) };
      });
    },
  };
}

/** Builds cognate's browser dist for one variant into OUT/<name>, as scripts/build.mjs builds dist. */
export async function buildVariant(name, features, wording, structure) {
  const dir = join(OUT, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'dist'), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: pkg.name, version: pkg.version, type: 'module', sideEffects: false, exports: pkg.exports, imports: pkg.imports }),
  );
  const replaced = [];
  const common = {
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'neutral',
    logLevel: 'error',
    legalComments: 'none',
    define: { __COGNATE_NAME__: JSON.stringify(pkg.name), __COGNATE_VERSION__: JSON.stringify(pkg.version) },
    mainFields: ['module', 'main'],
    plugins: [variantPlugin(features, wording, replaced, structure)],
  };
  await build({
    ...common,
    absWorkingDir: PKG,
    // scripts/build.mjs's entries: chunk boundaries (and so the bundles of them) depend on all of them.
    entryPoints: browserEntries(PKG, { absolute: true }),
    outdir: join(dir, 'dist'),
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  });
  await build({ ...common, entryPoints: { 'platform/mod-pow-web': join(PROTOCOL, 'srp/mod-pow-web.js') }, outdir: join(dir, 'dist') });
  // scripts/build.mjs's last step: the bare chunk imports go (see there why).
  for (const file of readdirSync(join(dir, 'dist'), { recursive: true }).filter(f => f.endsWith('.js'))) {
    const path = join(dir, 'dist', file);
    const text = readFileSync(path, 'utf8');
    const stripped = text.replace(BARE_IMPORT, '');
    if (stripped !== text) writeFileSync(path, stripped);
  }
  return { dir, replaced };
}

/** The snippets measured: the two with targets, alone and with `Amplify` from the library's root. */
const withAmplify = s => ({ ...s, id: `${s.id}+Amplify`, label: `${s.label} + { Amplify }`, imports: { root: '{ Amplify }', ...s.imports } });
const BASE = SNIPPETS.filter(s => s.id === 'basic' || s.id === 'auth-all');

const cognateFiles = dir => ({ root: join(dir, 'dist/index.js'), auth: join(dir, 'dist/auth.js') });
const AMPLIFY_FILES = { root: join(ROOT, 'node_modules/aws-amplify/dist/esm/index.mjs'), auth: join(ROOT, 'node_modules/aws-amplify/dist/esm/auth/index.mjs') };

async function esbuildOne(snippet, files) {
  const res = await build({
    stdin: { contents: entrySource(snippet, k => files[k]), resolveDir: ROOT, sourcefile: 'entry.mjs', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    splitting: false,
    outdir: join(OUT, 'esbuild-one'),
    minify: true,
    treeShaking: true,
    write: false,
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
    tsconfigRaw: '{}', // as installed, and as the bundles section bundles (see there)
  });
  return brotli(res.outputFiles.filter(f => f.path.endsWith('.js')).reduce((code, f) => code + f.text, ''));
}

/** size-limit (webpack 5, production, brotli) over every check in one call; `all` turns async chunks off. */
export function webpackSizes(peersDir, checks) {
  const config = checks.map(({ name, snippet, files, all }) => {
    const imports = {};
    for (const [key, imp] of Object.entries(snippet.imports)) imports['./' + relative(peersDir, files[key])] = imp;
    return { name, path: Object.keys(imports)[0], import: imports, all };
  });
  return new Map([...runSizeLimit(peersDir, config)].map(([name, r]) => [name, r.size]));
}

const kB = n => (n == null ? '—' : (n / 1000).toFixed(2));
const delta = (n, base) => (n == null || base == null ? '' : ` (${n - base >= 0 ? '+' : '−'}${Math.abs((n - base) / 1000).toFixed(2)})`);

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs(process.argv.slice(2).filter(a => a !== '--no-webpack' && a !== '--list-wording'));
  const noWebpack = process.argv.includes('--no-webpack');
  const peersDir = args.peers ?? join(ROOT, 'bench/.peers');
  if (!noWebpack && !existsSync(join(peersDir, 'node_modules/size-limit')))
    throw new Error('no size-limit in bench/.peers: run `node bench/run.mjs --only bundles` once');
  const snippets = BASE.filter(s => !args.only || s.id === args.only);
  const chosen = args.variants ? args.variants.split(',').filter(v => v in FEATURES) : Object.keys(FEATURES);
  const variants = [['none', [], false], ...chosen.map(f => [f, [f], false]), ...(chosen.length > 1 ? [['all-features', chosen, false]] : [])];
  variants.push(...variants.map(([name, features]) => [`${name}+wording`, features, true]));
  if (!args.variants || args.variants.split(',').includes('static-imports')) variants.push(['static-imports', [], false, STATIC_IMPORTS]);

  const rows = [];
  const checks = [];
  for (const [name, features, wording, structure] of variants) {
    const { dir, replaced } = await buildVariant(name, features, wording, structure);
    if (process.argv.includes('--list-wording') && name === 'none+wording')
      for (const [file, text] of replaced) console.error(`${file}: ${JSON.stringify(text)}`);
    const files = cognateFiles(dir);
    for (const s of snippets) {
      const row = { variant: name, snippet: s.id, literalsEmptied: replaced.length, one: await esbuildOne(s, files) };
      rows.push(row);
      checks.push({ name: `${name} ${s.id} all`, snippet: s, files, all: true });
      if (name === 'none' || structure) checks.push({ name: `${name} ${s.id} initial`, snippet: s, files, all: false });
    }
  }
  // The comparison rows: aws-amplify and cognate (unstubbed), with and without { Amplify }.
  const compare = [];
  for (const s of snippets) {
    for (const snippet of [s, withAmplify(s)]) {
      for (const [library, files] of [
        ['aws-amplify', AMPLIFY_FILES],
        ['cognate', cognateFiles(join(OUT, 'none'))],
      ]) {
        compare.push({ library, snippet: snippet.id, label: snippet.label, one: await esbuildOne(snippet, files) });
        checks.push({ name: `${library} ${snippet.id} all`, snippet, files, all: true });
      }
    }
  }
  const webpack = noWebpack ? new Map() : webpackSizes(peersDir, checks);
  for (const r of rows) {
    r.webpackAll = webpack.get(`${r.variant} ${r.snippet} all`) ?? null;
    r.webpackInitial = webpack.get(`${r.variant} ${r.snippet} initial`) ?? null;
  }
  for (const r of compare) r.webpackAll = webpack.get(`${r.library} ${r.snippet} all`) ?? null;

  const amplifyOne = id => compare.find(c => c.library === 'aws-amplify' && c.snippet === id)?.one;
  const lines = [];
  for (const s of snippets) {
    const base = rows.find(r => r.variant === 'none' && r.snippet === s.id);
    lines.push(
      `\n**${s.label}** (webpack initial chunks of the unstubbed build: ${kB(base.webpackInitial)} kB; aws-amplify one bundle: ${kB(amplifyOne(s.id))} kB)\n`,
      '| variant | webpack all chunks, kB (vs none) | esbuild one bundle, kB (vs none) | one bundle ÷ aws-amplify | webpack initial chunks, kB |',
      '| --- | ---: | ---: | ---: | ---: |',
    );
    for (const r of rows.filter(r => r.snippet === s.id)) {
      const label = r.variant
        .replace(/^([^+]+)/, m => FEATURES[m]?.label ?? (m === 'static-imports' ? STATIC_IMPORTS.label : m))
        .replace('+wording', ', wording emptied');
      lines.push(
        `| ${label} | ${kB(r.webpackAll)}${delta(r.webpackAll, base.webpackAll)} | ${kB(r.one)}${delta(r.one, base.one)} | ${(r.one / amplifyOne(s.id)).toFixed(3)}× | ${kB(r.webpackInitial)} |`,
      );
    }
  }
  lines.push(
    '\n**With `Amplify` from the library root** (webpack all chunks / esbuild one bundle, kB)\n',
    '| snippet | aws-amplify | cognate | cognate ÷ aws-amplify (webpack / one) |',
    '| --- | ---: | ---: | ---: |',
  );
  for (const id of [...new Set(compare.map(c => c.snippet))]) {
    const a = compare.find(c => c.library === 'aws-amplify' && c.snippet === id);
    const c = compare.find(c => c.library === 'cognate' && c.snippet === id);
    lines.push(
      `| ${a.label} | ${kB(a.webpackAll)} / ${kB(a.one)} | ${kB(c.webpackAll)} / ${kB(c.one)} | ${(c.webpackAll / a.webpackAll).toFixed(3)} / ${(c.one / a.one).toFixed(3)} |`,
    );
  }
  const wordingCount = rows.find(r => r.variant === 'none+wording')?.literalsEmptied;
  lines.push(`\n(wording: ${wordingCount} string literals of two or more words emptied in the modules the build reads; list them with --list-wording)`);
  console.error(lines.join('\n'));
  if (args.out) writeFileSync(args.out, JSON.stringify({ rows, compare }, null, 2));
}
