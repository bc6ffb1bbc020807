/**
 * cognate-local's name and version, read from its package.json at run time (`../package.json` is
 * the same file from src/ under the tests and from dist/ once built or installed), so that the CLI's
 * `--version` and anything else that names the server never drift from what was published.
 */
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

/** The package's `name`, e.g. `cognate-local`. */
export const PACKAGE_NAME: string = pkg.name;
/** The package's `version`. */
export const VERSION: string = pkg.version;
