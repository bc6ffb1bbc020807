import { defineConfig } from 'vite';

/**
 * The recipe: every Amplify import the app and Amplify UI make goes to cognate instead.
 * (Without it — EXAMPLE_WITHOUT_COGNATE=1 — the same app builds on aws-amplify, to compare sizes.)
 */
const cognate = [
  { find: /^aws-amplify$/, replacement: 'cognate' },
  { find: /^aws-amplify\/auth$/, replacement: 'cognate/auth' },
  { find: /^aws-amplify\/auth\/cognito$/, replacement: 'cognate/auth/cognito' },
  { find: /^aws-amplify\/utils$/, replacement: 'cognate/utils' },
  { find: /^aws-amplify\/adapter-core$/, replacement: 'cognate/adapter-core' },
  { find: /^aws-amplify\/storage$/, replacement: 'cognate/compat/storage' },
  { find: /^@aws-amplify\/core$/, replacement: 'cognate/compat/core' },
  { find: /^@aws-amplify\/core\/internals\/utils$/, replacement: 'cognate/compat/core/internals/utils' },
];

export default defineConfig({
  resolve: { alias: process.env.EXAMPLE_WITHOUT_COGNATE === '1' ? [] : cognate },
  build: { outDir: process.env.EXAMPLE_OUT_DIR || 'dist' },
});
