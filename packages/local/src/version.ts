/** cognate-local's version, as its package.json gives it (from src/ and dist/ alike: both sit next to it). */
import { readFileSync } from 'node:fs';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
