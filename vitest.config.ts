import { defineConfig } from 'vitest/config';

/**
 * Four projects, so a developer runs the fast ones alone (`npm run test:unit` needs no build) and
 * `npm test` runs and reports all four:
 * - unit: no server, browser or build (packages' src tests and the few test/ files like them);
 * - integration: against a real cognate-local over loopback (most of packages/test/), on the built dist;
 * - browser: drives Chromium (playwright-core; the e2e framework tests do too, but sit in build);
 * - build: framework builds, bundlers, tsc over consumers, npm pack.
 * A test file belongs to the first of browser, build, unit whose list names it; the rest are integration.
 */
const UNIT = [
  'packages/*/src/**/*.test.ts',
  'packages/cognate/test/cookie-chunks.test.ts',
  'packages/local/test/html.test.ts',
  'packages/local/test/store.test.ts',
  'packages/local/test/memory-store-index.test.ts',
  'test/vitest-projects.test.ts',
  'test/wire-names.test.ts',
];
const BUILD = [
  'packages/cognate/test/e2e-nextjs.test.ts',
  'packages/cognate/test/e2e-react-vite.test.ts',
  'packages/cognate/test/package.test.ts',
  'packages/cognate/test/*-package.test.ts',
  'packages/cognate/test/express-types.test.ts',
  'packages/cognate/test/amplify-context.test.ts',
  'test/amplify-ui-aliases.test.ts',
  'test/bundle-size.test.ts',
  'test/bundle-size-api.test.ts',
  'test/pack-install.test.ts',
  'test/testing-examples.test.ts',
];
const BROWSER = ['packages/*/test/browser-*.test.ts', 'test/readme-testing.test.ts'];
const ALL = ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      { extends: true, test: { name: 'integration', include: ALL, exclude: [...UNIT, ...BUILD, ...BROWSER] } },
      { extends: true, test: { name: 'browser', include: BROWSER, exclude: BUILD } },
      { extends: true, test: { name: 'build', include: BUILD } },
    ],
  },
});
