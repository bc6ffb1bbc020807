/**
 * Bundle-size budget for the REST API category: `get` with IAM signing, from the BUILT package
 * (packages/cognate/dist through its `exports`), bundled with esbuild for the browser, minified, brotli
 * quality 11, as test/bundle-size.test.ts measures the auth snippets. aws-amplify's size for the same
 * entry text is measured in the same run and must be larger (issue 14: "a `get` with IAM signing adds
 * less than aws-amplify's REST API does"). Two entries: `{ get }` alone, and with `Amplify` (what an
 * app imports to configure it; in aws-amplify it is also what registers the credentials provider that
 * IAM signing needs). Budgets are the sizes when set plus about 0.5 kB; recorded in BENCHMARKS.md.
 */
import { describe, expect, it } from 'vitest';
import { kB, measureBundle } from './bundle-measure.js';

const bundle = (source: string, splitting: boolean) => measureBundle(source, { splitting, outdir: splitting ? 'bundle-size-api' : 'bundle-size-api-one' });

const SNIPPETS = [
  {
    name: '{ get }',
    source: "import { get } from 'cognate-auth/api';\nconsole.log(get);\n",
    amplifySource: "import { get } from 'aws-amplify/api';\nconsole.log(get);\n",
    oneBudget: 7_750,
    totalBudget: 7_750,
  },
  {
    name: '{ Amplify } + { get }',
    source: "import { Amplify } from 'cognate-auth';\nimport { get } from 'cognate-auth/api';\nconsole.log(Amplify, get);\n",
    amplifySource: "import { Amplify } from 'aws-amplify';\nimport { get } from 'aws-amplify/api';\nconsole.log(Amplify, get);\n",
    oneBudget: 11_650,
    totalBudget: 12_950,
  },
];

describe('cognate-auth/api browser bundle (esbuild, minified, brotli 11, from packages/cognate/dist)', () => {
  for (const s of SNIPPETS) {
    it(`${s.name}: within budget and smaller than aws-amplify's`, async () => {
      const one = await bundle(s.source, false);
      const split = await bundle(s.source, true);
      const amplify = await bundle(s.amplifySource, false);
      const message = `${s.name}: one bundle ${kB(one.brotli)} (budget ${kB(s.oneBudget)}), all chunks split ${kB(split.total)} (budget ${kB(s.totalBudget)}); aws-amplify ${kB(amplify.brotli)}, share ${(one.brotli / amplify.brotli).toFixed(3)}`;
      console.log(message);
      // The signer is in it, built from the package.
      expect(one.code).toContain('AWS4-HMAC-SHA256');
      for (const f of one.inputs) expect(f, 'every input comes from packages/cognate/dist').toMatch(/^packages\/cognate\/dist\//);
      expect(amplify.inputs.some(f => f.includes('@aws-amplify/api-rest'))).toBe(true);
      expect(one.brotli, message).toBeLessThanOrEqual(s.oneBudget);
      expect(split.total, message).toBeLessThanOrEqual(s.totalBudget);
      expect(one.brotli, message).toBeLessThan(amplify.brotli);
    });
  }
});
