/**
 * cognate's name and version as its package.json has them, for the user agent it sends. The build
 * (scripts/build.mjs) replaces `__COGNATE_NAME__` and `__COGNATE_VERSION__` with the strings read
 * from package.json, so a browser bundle never reads files; code run from source (the tests) gets a
 * `-dev` version.
 */
declare const __COGNATE_NAME__: string | undefined;
declare const __COGNATE_VERSION__: string | undefined;

/** The package's `name`. */
export const PACKAGE_NAME: string = typeof __COGNATE_NAME__ === 'string' ? __COGNATE_NAME__ : 'cognate-auth';
/** The package's `version`. */
export const VERSION: string = typeof __COGNATE_VERSION__ === 'string' ? __COGNATE_VERSION__ : '0.0.0-dev';
