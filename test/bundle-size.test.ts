/**
 * Bundle-size budgets for cognate's browser entry, in bytes (deterministic, unlike time).
 *
 * Each snippet is bundled from the BUILT package (packages/cognate/dist, through the workspace link
 * and its `exports`/`imports` maps, as an application would) with esbuild for the browser, minified,
 * with code splitting (so what sits behind `import()` becomes lazy chunks), then each chunk is
 * compressed with brotli quality 11 (node:zlib). Two numbers per snippet: the initial chunks (the
 * entry and what it imports statically: what loads on page start) and all chunks together. The entry follows size-limit's convention
 * (`import {…} from '…'; console.log(…)`) so the imported bindings stay alive.
 *
 * A third number counts every chunk as the DESIGN.md target "as single esbuild bundles, ≤ 0.33× of
 * aws-amplify" defines it: the same snippet bundled without splitting (esbuild then inlines what sits
 * behind `import()`), one file compressed once, as `npm run bench` measures it (bench/sections/bundles.mjs,
 * the "one bundle" rows). aws-amplify's size for the same entry text is measured in the same run, so the
 * share is printed against the target.
 *
 * The budgets are the sizes when they were set plus about 0.5 kB (1 kB = 1000 B), so a
 * regression fails here; the DESIGN.md targets (measured with webpack + brotli, as Amplify's
 * size-limit does, by `npm run bench`) are printed next to them. Ratchet the budgets down as the
 * bundle shrinks, never up without a reason in the commit.
 */
import { describe, expect, it } from 'vitest';
import { type Bundle, kB, measureBundle } from './bundle-measure.js';

interface Snippet {
  name: string;
  source: string;
  /** Brotli bytes allowed now for what loads on page start: the entry chunk and its static imports. */
  budget: number;
  /** Brotli bytes allowed now for every chunk, the lazy ones (`import()`) included. */
  totalBudget: number;
  /** Brotli bytes allowed now for the snippet as one esbuild bundle (no splitting: every chunk, compressed once). */
  oneBudget: number;
  /** The DESIGN.md target, webpack + brotli. */
  target: number;
  /** The same entry text with aws-amplify's module names, for the DESIGN.md share target (≤ 0.33×). */
  amplifySource: string;
}

const SNIPPETS: Snippet[] = [
  {
    name: 'basic flow { signIn, signOut, fetchAuthSession, confirmSignIn }',
    source:
      "import { signIn, signOut, fetchAuthSession, confirmSignIn } from 'cognate-auth/auth';\nconsole.log(signIn, signOut, fetchAuthSession, confirmSignIn);\n",
    budget: 6_400,
    totalBudget: 13_850,
    oneBudget: 12_550,
    target: 8_000,
    amplifySource:
      "import { signIn, signOut, fetchAuthSession, confirmSignIn } from 'aws-amplify/auth';\nconsole.log(signIn, signOut, fetchAuthSession, confirmSignIn);\n",
  },
  {
    name: "whole namespace import * as Auth from 'cognate-auth/auth'",
    source: "import * as Auth from 'cognate-auth/auth';\nconsole.log(Auth);\n",
    budget: 12_700,
    totalBudget: 19_350,
    oneBudget: 17_100,
    target: 15_000,
    amplifySource: "import * as Auth from 'aws-amplify/auth';\nconsole.log(Auth);\n",
  },
];

/** The snippet as one esbuild bundle (splitting off, so `import()` targets are inlined): one chunk, compressed once. */
async function oneBundle(source: string): Promise<Bundle> {
  const one = await measureBundle(source, { splitting: false, outdir: 'bundle-size-one' });
  expect(one.chunks).toHaveLength(1);
  return one;
}

describe('cognate browser bundle (esbuild, minified, brotli 11, from packages/cognate/dist)', () => {
  for (const s of SNIPPETS) {
    it(`${s.name}: ≤ ${kB(s.budget)} budget (DESIGN target ≤ ${kB(s.target)} with webpack)`, async () => {
      const b = await measureBundle(s.source, { splitting: true, outdir: 'bundle-size' });
      const message = `${s.name}: initial ${b.brotli} B brotli (${kB(b.brotli)}), budget ${kB(s.budget)}; all chunks ${kB(b.total)}, budget ${kB(s.totalBudget)}; DESIGN target ${kB(s.target)} (webpack + brotli, see npm run bench)`;
      console.log(message);
      expect(b.brotli, message).toBeLessThanOrEqual(s.budget);
      expect(b.total, message).toBeLessThanOrEqual(s.totalBudget);

      // The SRP maths (its 3072-bit group) and the challenge table load with the first signIn, not with the page.
      expect(b.initialCode).not.toMatch(/FFFFFFFFFFFFFFFFC90FDAA2/i);
      expect(b.initialCode).not.toContain('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
      expect(b.code).toMatch(/FFFFFFFFFFFFFFFFC90FDAA2/i);

      // Built from the package, not from sources in the repository.
      const inputs = Object.keys(b.metafile.inputs).filter(f => f !== 'entry.mjs' && f !== '<stdin>');
      expect(inputs.length).toBeGreaterThan(0);
      for (const f of inputs) expect(f, 'every input comes from packages/cognate/dist').toMatch(/^packages\/cognate\/dist\//);

      // No Node built-in is imported by the browser bundle (a string such as
      // process.getBuiltinModule?.("node:…") behind a runtime check is allowed: it is not an import).
      const imports = Object.values(b.metafile.outputs).flatMap(o => o.imports.map(i => i.path));
      expect(imports.filter(p => p.startsWith('node:'))).toEqual([]);
      expect(b.code).not.toMatch(/\bfrom\s*["']node:|\bimport\s*\(\s*["']node:|\brequire\s*\(\s*["']node:|\bimport\s*["']node:/);

      // Every chunk as one bundle (lazy code inlined): the DESIGN.md "single esbuild bundle" figure.
      const one = await oneBundle(s.source);
      const amplify = await oneBundle(s.amplifySource);
      const share = `${s.name} as one bundle: ${one.brotli} B brotli (${kB(one.brotli)}), budget ${kB(s.oneBudget)}; aws-amplify ${kB(amplify.brotli)}, share ${(one.brotli / amplify.brotli).toFixed(3)} (DESIGN target ≤ 0.33)`;
      console.log(share);
      // The lazy code is in it: the SRP group and the sign-in table, which the initial chunks leave out.
      expect(one.code).toMatch(/FFFFFFFFFFFFFFFFC90FDAA2/i);
      expect(one.code).toContain('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
      expect(one.inputs.some(f => f.startsWith('node_modules/@aws-amplify/'))).toBe(false);
      expect(amplify.inputs.some(f => f.includes('@aws-amplify/auth'))).toBe(true);
      expect(one.brotli, share).toBeLessThanOrEqual(s.oneBudget);

      // The private protocol package is bundled into dist, never referenced.
      expect(b.code).not.toContain('@cognate/protocol');
      expect(inputs.filter(f => f.includes('packages/protocol') || f.includes('@cognate/protocol'))).toEqual([]);
    });
  }
});

// aws-amplify's identity-pool credentials provider comes with `Amplify` from `aws-amplify`, not with
// `aws-amplify/auth`; cognate's default one is installed by its `Amplify.configure` the same way, so
// an `auth`-only snippet carries no Cognito Identity code in either library, and adding `Amplify` brings it.
describe('identity-pool credentials come with Amplify, as in aws-amplify', () => {
  const basic = (auth: string, root?: string) =>
    `${root ? `import { Amplify } from '${root}';\n` : ''}import { signIn, signOut, fetchAuthSession, confirmSignIn } from '${auth}';\nconsole.log(${root ? 'Amplify, ' : ''}signIn, signOut, fetchAuthSession, confirmSignIn);\n`;
  for (const [library, auth, root] of [
    ['aws-amplify', 'aws-amplify/auth', 'aws-amplify'],
    ['cognate', 'cognate-auth/auth', 'cognate-auth'],
  ] as const) {
    it(`${library}: the basic flow without Amplify has no GetCredentialsForIdentity; with Amplify it has`, async () => {
      expect((await oneBundle(basic(auth))).code).not.toContain('GetCredentialsForIdentity');
      expect((await oneBundle(basic(auth, root))).code).toContain('GetCredentialsForIdentity');
    });
  }
});
