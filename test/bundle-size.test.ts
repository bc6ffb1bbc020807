/**
 * Bundle-size budgets for cognate's browser entry, in bytes (deterministic, unlike time).
 *
 * Each snippet is bundled from the BUILT package (packages/cognate/dist, through the workspace link
 * and its `exports`/`imports` maps, as an application would) with esbuild for the browser, minified,
 * then compressed with brotli quality 11 (node:zlib). The entry follows size-limit's convention
 * (`import {…} from '…'; console.log(…)`) so the imported bindings stay alive.
 *
 * The budgets are the sizes when they were set, rounded up to the next 0.5 kB (1 kB = 1000 B), so a
 * regression fails here; the DESIGN.md targets (measured with webpack + brotli, as Amplify's
 * size-limit does, by `npm run bench`) are printed next to them. Ratchet the budgets down as the
 * bundle shrinks, never up without a reason in the commit.
 */
import { brotliCompressSync, constants } from 'node:zlib';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

interface Snippet {
  name: string;
  source: string;
  /** Brotli bytes allowed now (current size rounded up to the next 500 B). */
  budget: number;
  /** The DESIGN.md target, webpack + brotli. */
  target: number;
}

const SNIPPETS: Snippet[] = [
  {
    name: 'basic flow { signIn, signOut, fetchAuthSession, confirmSignIn }',
    source: "import { signIn, signOut, fetchAuthSession, confirmSignIn } from 'cognate/auth';\nconsole.log(signIn, signOut, fetchAuthSession, confirmSignIn);\n",
    budget: 16_000,
    target: 8_000,
  },
  {
    name: "whole namespace import * as Auth from 'cognate/auth'",
    source: "import * as Auth from 'cognate/auth';\nconsole.log(Auth);\n",
    budget: 19_000,
    target: 15_000,
  },
];

interface Bundle {
  code: string;
  brotli: number;
  metafile: Metafile;
}

async function bundle(source: string): Promise<Bundle> {
  const result = await build({
    stdin: { contents: source, resolveDir: ROOT, sourcefile: 'entry.mjs', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    treeShaking: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    // Left external so that a `node:` import shows up below as a failed assertion, not a build error.
    external: ['node:*'],
  });
  const code = result.outputFiles[0].text;
  const brotli = brotliCompressSync(Buffer.from(code), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return { code, brotli, metafile: result.metafile };
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;

describe('cognate browser bundle (esbuild, minified, brotli 11, from packages/cognate/dist)', () => {
  for (const s of SNIPPETS) {
    it(`${s.name}: ≤ ${kB(s.budget)} budget (DESIGN target ≤ ${kB(s.target)} with webpack)`, async () => {
      const b = await bundle(s.source);
      const message = `${s.name}: ${b.brotli} B brotli (${kB(b.brotli)}); budget ${kB(s.budget)}; DESIGN target ${kB(s.target)} (webpack + brotli, see npm run bench)`;
      console.log(message);
      expect(b.brotli, message).toBeLessThanOrEqual(s.budget);

      // Built from the package, not from sources in the repository.
      const inputs = Object.keys(b.metafile.inputs).filter((f) => f !== 'entry.mjs' && f !== '<stdin>');
      expect(inputs.length).toBeGreaterThan(0);
      for (const f of inputs) expect(f, 'every input comes from packages/cognate/dist').toMatch(/^packages\/cognate\/dist\//);

      // No Node built-in is imported by the browser bundle (a string such as
      // process.getBuiltinModule?.("node:…") behind a runtime check is allowed: it is not an import).
      const imports = Object.values(b.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
      expect(imports.filter((p) => p.startsWith('node:'))).toEqual([]);
      expect(b.code).not.toMatch(/\bfrom\s*["']node:|\bimport\s*\(\s*["']node:|\brequire\s*\(\s*["']node:|\bimport\s*["']node:/);

      // The private protocol package is bundled into dist, never referenced.
      expect(b.code).not.toContain('@cognate/protocol');
      expect(inputs.filter((f) => f.includes('packages/protocol') || f.includes('@cognate/protocol'))).toEqual([]);
    });
  }
});
