/**
 * `cognate-auth/compat/core`: what `@aws-amplify/core` exports that cognate has, for bundler aliases
 * (`@aws-amplify/core` → `cognate-auth/compat/core`) in apps whose libraries import the core package
 * directly, as Amplify UI does (`Hub`). Everything here is the same object as in `cognate-auth` and
 * `cognate-auth/utils`: one `Hub`, one `Amplify`, so listeners registered through any entry see every event.
 */
export { Amplify, AmplifyClass as AmplifyClassV6 } from '../config/amplify.js';
export { createConfigurationBuilder } from '../config/create-configuration-builder.js';
export { Hub } from '../hub/hub.js';
export { I18n } from '../i18n/i18n.js';
export { ConsoleLogger } from '../logger/console-logger.js';
export { Cache } from '../cache/cache.js';
export { ServiceWorker } from '../service-worker/service-worker.js';
export { CookieStorage } from '../storage/cookie-storage.js';
export { sharedInMemoryStorage } from '../storage/in-memory-storage.js';
export { defaultStorage, sessionStorage } from '../storage/web-storage.js';
export { syncSessionStorage } from '../storage/sync-session-storage.js';
export { clearCredentials } from '../credentials/clear-credentials.js';
export { decodeJWT } from '../apis/decode-jwt.js';
export { fetchAuthSession } from '../apis/fetch-auth-session.js';
export type { HubCapsule, HubCallback, HubPayload, AuthHubEventData } from '../hub/hub.js';
export type { KeyValueStorageInterface } from '../storage/key-value-storage.js';
export type { ResourcesConfig, LibraryOptions, AuthConfig } from '../types/config.js';
