/**
 * `cognate/utils`: Hub, storage implementations and `parseAmplifyConfig`, as `aws-amplify/utils`.
 */
export { Hub, HubClass } from './hub/hub.js';
export type { HubCapsule, HubCallback, HubPayload, AuthHubEventData } from './hub/hub.js';
export { parseAmplifyConfig } from './config/parse-amplify-config.js';
export { CookieStorage } from './storage/cookie-storage.js';
export type { CookieStorageData } from './storage/cookie-storage.js';
export { InMemoryStorage, sharedInMemoryStorage } from './storage/in-memory-storage.js';
export { defaultStorage, sessionStorage } from './storage/web-storage.js';
export type { KeyValueStorageInterface, KeyValueStorage } from './storage/key-value-storage.js';
