import { defineConfig } from 'vite';

/**
 * The recipe: every Amplify import the app and Amplify UI make goes to cognate instead.
 * (Without it — EXAMPLE_WITHOUT_COGNATE=1 — the same app builds on aws-amplify, to compare sizes.)
 */
const cognate = [
  { find: /^aws-amplify$/, replacement: 'cognate-auth' },
  { find: /^aws-amplify\/auth$/, replacement: 'cognate-auth/auth' },
  { find: /^aws-amplify\/auth\/cognito$/, replacement: 'cognate-auth/auth/cognito' },
  { find: /^aws-amplify\/utils$/, replacement: 'cognate-auth/utils' },
  { find: /^aws-amplify\/adapter-core$/, replacement: 'cognate-auth/adapter-core' },
  { find: /^aws-amplify\/storage$/, replacement: 'cognate-auth/compat/storage' },
  { find: /^@aws-amplify\/core$/, replacement: 'cognate-auth/compat/core' },
  { find: /^@aws-amplify\/core\/internals\/utils$/, replacement: 'cognate-auth/compat/core/internals/utils' },
];

export default defineConfig({
  resolve: { alias: process.env.EXAMPLE_WITHOUT_COGNATE === '1' ? [] : cognate },
  build: { outDir: process.env.EXAMPLE_OUT_DIR || 'dist' },
});
