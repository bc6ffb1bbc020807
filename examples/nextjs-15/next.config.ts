import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const config: NextConfig = {
  // The monorepo root (npm workspaces hoist cognate there; next 15 is nested in this example).
  outputFileTracingRoot: fileURLToPath(new URL('../..', import.meta.url)),
  // app/layout.tsx imports the Next 16 example's stylesheet (../nextjs/app/globals.css).
  experimental: { externalDir: true },
};

export default config;
