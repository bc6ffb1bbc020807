import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const config: NextConfig = {
  // The monorepo root (npm workspaces hoist cognate there; next 15 is nested in this example).
  outputFileTracingRoot: fileURLToPath(new URL('../..', import.meta.url)),
};

export default config;
