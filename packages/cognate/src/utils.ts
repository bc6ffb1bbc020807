/**
 * `cognate-auth/utils`: Hub, I18n, Cache, ConsoleLogger, ServiceWorker, storage implementations and
 * `parseAmplifyConfig`, as `aws-amplify/utils`.
 */
export { Hub, HubClass } from './hub/hub.js';
export type { HubCapsule, HubCallback, HubPayload, HubListenOptions, AuthHubEventData } from './hub/hub.js';
export { parseAmplifyConfig } from './config/parse-amplify-config.js';
export { CookieStorage } from './storage/cookie-storage.js';
export type { CookieStorageData } from './storage/cookie-storage.js';
export { InMemoryStorage, sharedInMemoryStorage } from './storage/in-memory-storage.js';
export { defaultStorage, sessionStorage } from './storage/web-storage.js';
export type { KeyValueStorageInterface, KeyValueStorage } from './storage/key-value-storage.js';
export { I18n } from './i18n/i18n.js';
export { ConsoleLogger } from './logger/console-logger.js';
export type { LogLevel, LoggingProvider } from './logger/console-logger.js';
export { Cache } from './cache/cache.js';
export type { CacheConfig, CacheItemOptions } from './cache/cache.js';
export { ServiceWorker } from './service-worker/service-worker.js';
