// Where the bytes of cognate's browser bundle go: a per-module size table for the basic flow and
// the whole `auth` namespace, every chunk counted (lazy `import()` included).
//
// Method. The published dist is made of esbuild chunks, so a bundle of it can only name chunks.
// To name source modules, the same entry text (bench/sections/bundles.mjs, size-limit's convention)
// is bundled twice from packages/cognate/src, with the settings of the bundles section (esbuild,
// format esm, platform browser, minify, tree shaking, NODE_ENV=production) and cognate's build
// defines:
//   - as one bundle (splitting off: esbuild inlines what sits behind import()), whose metafile gives
//     each module's minified bytes in the output (`bytesInOutput`); the bundle is compressed with
//     brotli quality 11, and a module's brotli share is estimated as its share of the minified bytes
//     times the bundle's brotli size (an estimate: brotli does not compress every module alike);
//   - with splitting, to tell where each module loads: `initial` (the entry chunk and its static
//     imports, loaded with the page) or `lazy` (only behind an import()).
// The same snippets bundled from packages/cognate/dist as one bundle are printed beside the totals,
// so the source build can be checked against what an application gets.
//
//   node bench/sections/module-sizes.mjs [--out file] [--top N] [--markdown]
//   npm run bench -- --only module-sizes
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { build } from 'esbuild';
import { entrySource, SNIPPETS } from './bundles.mjs';
import { parseArgs, ROOT, writeResult } from './common.mjs';

const SOURCE_ENTRIES = { auth: join(ROOT, 'packages/cognate/src/auth.ts') };
const DIST_ENTRIES = { auth: 'cognate-auth/auth' };
export const MODULE_SNIPPETS = ['basic', 'auth-all'];

const brotli = code => brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

async function bundle(contents, splitting, extra = {}) {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'packages/cognate/package.json'), 'utf8'));
  return build({
    stdin: { contents, resolveDir: ROOT, sourcefile: 'entry.mjs', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    splitting,
    outdir: join(ROOT, 'bench/results/tmp/module-sizes-out'),
    minify: true,
    treeShaking: true,
    write: false,
    metafile: true,
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"', __COGNATE_NAME__: '"cognate-auth"', __COGNATE_VERSION__: JSON.stringify(version) },
    ...extra,
  });
}

/** The modules of one snippet, largest first, with where each loads. */
export async function moduleSizes(snippet) {
  const one = await bundle(
    entrySource(snippet, k => SOURCE_ENTRIES[k]),
    false,
  );
  const code = one.outputFiles.find(f => f.path.endsWith('.js')).contents;
  const min = code.length;
  const br = brotli(code);
  const bytes = new Map();
  for (const o of Object.values(one.metafile.outputs)) for (const [k, v] of Object.entries(o.inputs)) bytes.set(k, (bytes.get(k) ?? 0) + v.bytesInOutput);

  const split = await bundle(
    entrySource(snippet, k => SOURCE_ENTRIES[k]),
    true,
  );
  const outputs = split.metafile.outputs;
  const entry = Object.keys(outputs).find(k => ['<stdin>', 'entry.mjs'].includes(outputs[k].entryPoint));
  const initial = new Set();
  const visit = name => {
    if (initial.has(name)) return;
    initial.add(name);
    for (const i of outputs[name].imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path);
  };
  visit(entry);
  const loads = new Map();
  for (const [name, o] of Object.entries(outputs)) {
    for (const [k, v] of Object.entries(o.inputs))
      if (v.bytesInOutput > 0 && (initial.has(name) || !loads.has(k))) loads.set(k, initial.has(name) ? 'initial' : 'lazy');
  }

  // As installed, without the workspace's tsconfig.json (see bundles.mjs).
  const dist = await bundle(
    entrySource(snippet, k => DIST_ENTRIES[k]),
    false,
    { tsconfigRaw: '{}' },
  );
  const distCode = dist.outputFiles.find(f => f.path.endsWith('.js')).contents;

  const modules = [...bytes]
    .filter(([k, v]) => v > 0 && k !== '<stdin>' && k !== 'entry.mjs')
    .map(([k, v]) => ({
      module: k.replace(/^packages\/cognate\/src\//, 'src/').replace(/^packages\/protocol\/dist\//, 'protocol/'),
      min: v,
      brotliEstimate: Math.round((v / min) * br),
      loads: loads.get(k) ?? 'initial',
    }))
    .sort((a, b) => b.min - a.min);
  return { snippet: snippet.id, label: snippet.label, min, brotli: br, distMin: distCode.length, distBrotli: brotli(distCode), modules };
}

/** The modules summed per folder (`src/flows`, `src/oauth`, `protocol/srp`, …), largest first. */
export function byFolder(snippet) {
  const folders = new Map();
  for (const m of snippet.modules) {
    const folder = m.module.includes('/') ? m.module.slice(0, m.module.lastIndexOf('/')) : m.module;
    const f = folders.get(folder) ?? { folder, modules: 0, min: 0, brotliEstimate: 0, lazy: 0 };
    f.modules++;
    f.min += m.min;
    f.brotliEstimate += m.brotliEstimate;
    if (m.loads === 'lazy') f.lazy += m.min;
    folders.set(folder, f);
  }
  return [...folders.values()].sort((a, b) => b.min - a.min);
}

export function markdown(result, top = 30) {
  const lines = [];
  for (const s of result.snippets) {
    const lazy = s.modules.filter(m => m.loads === 'lazy').reduce((n, m) => n + m.min, 0);
    lines.push(
      `**${s.label}**: ${s.modules.length} modules, ${s.min.toLocaleString('en-US')} B minified, ${s.brotli.toLocaleString('en-US')} B brotli as one bundle ` +
        `(${lazy.toLocaleString('en-US')} B minified of it lazy; from dist: ${s.distMin.toLocaleString('en-US')} / ${s.distBrotli.toLocaleString('en-US')} B).`,
      '',
      '| folder | modules | minified B | brotli B (est.) | share | of it lazy |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...byFolder(s).map(
        f =>
          `| \`${f.folder}\` | ${f.modules} | ${f.min.toLocaleString('en-US')} | ${f.brotliEstimate.toLocaleString('en-US')} | ${((f.min / s.min) * 100).toFixed(1)} % | ${((f.lazy / f.min) * 100).toFixed(0)} % |`,
      ),
      '',
      '| module | minified B | brotli B (est.) | share | loads |',
      '| --- | ---: | ---: | ---: | --- |',
    );
    for (const m of s.modules.slice(0, top)) {
      lines.push(
        `| \`${m.module}\` | ${m.min.toLocaleString('en-US')} | ${m.brotliEstimate.toLocaleString('en-US')} | ${((m.min / s.min) * 100).toFixed(1)} % | ${m.loads} |`,
      );
    }
    const rest = s.modules.slice(top);
    if (rest.length) {
      const restMin = rest.reduce((n, m) => n + m.min, 0);
      lines.push(
        `| ${rest.length} smaller modules | ${restMin.toLocaleString('en-US')} | ${rest.reduce((n, m) => n + m.brotliEstimate, 0).toLocaleString('en-US')} | ${((restMin / s.min) * 100).toFixed(1)} % | |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

function table(result, top) {
  const lines = [];
  for (const s of result.snippets) {
    lines.push(`${s.label}: ${s.min} B minified, ${s.brotli} B brotli as one bundle (from dist: ${s.distMin} / ${s.distBrotli} B)`);
    lines.push(`  ${'minified'.padStart(8)}  ${'brotli~'.padStart(7)}  ${'share'.padStart(6)}  ${'loads'.padEnd(7)}  module`);
    for (const m of s.modules.slice(0, top)) {
      lines.push(
        `  ${String(m.min).padStart(8)}  ${String(m.brotliEstimate).padStart(7)}  ${((m.min / s.min) * 100).toFixed(1).padStart(5)}%  ${m.loads.padEnd(7)}  ${m.module}`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs();
  const snippets = [];
  for (const id of MODULE_SNIPPETS) snippets.push(await moduleSizes(SNIPPETS.find(s => s.id === id)));
  const result = { esbuild: (await import('esbuild')).version, snippets };
  const top = Number(args.top ?? 30);
  if (args.out) {
    writeResult(args, result);
    console.error(table(result, top));
  } else if (process.argv.includes('--markdown')) console.log(markdown(result, top));
  else console.log(table(result, Infinity));
}
