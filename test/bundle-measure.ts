/**
 * The one bundle measurement behind test/bundle-size.test.ts and test/bundle-size-api.test.ts: an entry
 * text bundled from the BUILT packages (through the workspace links and their `exports` maps, as an
 * application would) with esbuild for the browser, minified, then each chunk compressed on its own with
 * brotli quality 11 (node:zlib), as a server sends it.
 */
import { brotliCompressSync, constants } from 'node:zlib';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';

const ROOT = join(import.meta.dirname, '..');

export interface Bundle {
  /** Every chunk's code. */
  chunks: string[];
  /** The same, joined. */
  code: string;
  /** The code of the chunks loaded on page start: the entry chunk and what it imports statically. */
  initialCode: string;
  /** Brotli bytes of the chunks loaded on page start, each compressed on its own (as served). */
  brotli: number;
  /** The same for every chunk, lazy ones (`import()`) included. */
  total: number;
  /** The files bundled, the entry text left out. */
  inputs: string[];
  metafile: Metafile;
}

const brotliBytes = (text: string) => brotliCompressSync(Buffer.from(text), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/**
 * Bundles `source`. With `splitting`, as an application's bundler does, code behind `import()` leaves
 * the initial chunk; without it esbuild inlines it and there is one chunk. `outdir` (under the repo's
 * .tmp) only names the chunks: nothing is written.
 */
export async function measureBundle(source: string, { splitting, outdir }: { splitting: boolean; outdir: string }): Promise<Bundle> {
  const result = await build({
    stdin: { contents: source, resolveDir: ROOT, sourcefile: 'entry.mjs', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    treeShaking: true,
    write: false,
    metafile: true,
    splitting,
    outdir: join(ROOT, '.tmp', outdir),
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    // As installed: a published package ships no tsconfig.json, while in the workspace
    // packages/cognate/tsconfig.json (strict) would make esbuild add "use strict" to every lazy-init wrapper.
    tsconfigRaw: '{}',
    // Left external so that a `node:` import shows up in a test as a failed assertion, not a build error.
    external: ['node:*'],
  });
  const outputs = result.metafile.outputs;
  const initial = new Set<string>();
  const visit = (path: string) => {
    if (initial.has(path)) return;
    initial.add(path);
    for (const i of outputs[path]!.imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  // The application's entry; a chunk made for an `import()` has an entryPoint too (the imported file).
  visit(Object.keys(outputs).find(p => ['<stdin>', 'entry.mjs'].includes(outputs[p]!.entryPoint!))!);
  const js = result.outputFiles.filter(f => f.path.endsWith('.js'));
  let brotli = 0;
  let total = 0;
  let initialCode = '';
  for (const file of js) {
    const bytes = brotliBytes(file.text);
    total += bytes;
    if ([...initial].some(p => file.path.endsWith(p))) {
      brotli += bytes;
      initialCode += file.text;
    }
  }
  return {
    chunks: js.map(f => f.text),
    code: js.map(f => f.text).join('\n'),
    initialCode,
    brotli,
    total,
    inputs: Object.keys(result.metafile.inputs).filter(f => f !== 'entry.mjs' && f !== '<stdin>'),
    metafile: result.metafile,
  };
}

export const kB = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;
