/**
 * Amplify's `Cache`: a size-bounded key/value cache in `localStorage` (memory where there is none)
 * under Amplify's layout — each item stored as JSON `{ key, data, timestamp, visitedTime, priority,
 * expires, type, byteSize }` at `aws-amplify-cache<key>`, the bytes in use at `aws-amplify-cacheCurSize`.
 * Items expire after `defaultTTL` (or their own `expires`); when an item does not fit, expired items go
 * first, then the lowest priority (5 is lowest, 1 highest) and least recently read, down to
 * `warningThreshold` of `capacityInBytes`.
 */
import { ConsoleLogger } from '../logger/console-logger.js';

export interface CacheConfig {
  keyPrefix: string;
  capacityInBytes: number;
  itemMaxSize: number;
  defaultTTL: number;
  defaultPriority: number;
  warningThreshold: number;
}

export interface CacheItemOptions {
  priority?: number;
  expires?: number;
  callback?: () => unknown;
}

interface CacheItem {
  key: string;
  data: unknown;
  timestamp: number;
  visitedTime: number;
  priority: number;
  expires: number;
  type: string;
  byteSize: number;
}

/** The synchronous Web Storage surface the cache needs (keys are enumerated). */
type SyncStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

const defaultConfig: CacheConfig = {
  keyPrefix: 'aws-amplify-cache',
  capacityInBytes: 1048576,
  itemMaxSize: 210000,
  defaultTTL: 259200000,
  defaultPriority: 5,
  warningThreshold: 0.8,
};
const SIZE_KEY = 'CurSize';
const logger = /* @__PURE__ */ new ConsoleLogger('StorageCache');

function memoryStore(): SyncStore {
  const items = new Map<string, string>();
  return {
    getItem: key => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: key => void items.delete(key),
    key: index => [...items.keys()][index] ?? null,
    get length() {
      return items.size;
    },
  };
}

function localStore(): SyncStore {
  try {
    const store = (globalThis as { window?: { localStorage?: Storage } }).window?.localStorage;
    if (store) {
      store.getItem('__cognate_probe__');
      return store;
    }
  } catch {
    // Refused (private mode, sandboxed frame): memory instead.
  }
  return memoryStore();
}

/** UTF-8 length of a string. */
const byteLength = (text: string) => new TextEncoder().encode(text).length;

export class StorageCache {
  protected config: CacheConfig;
  #store: SyncStore | undefined;

  constructor(config?: Partial<CacheConfig>) {
    this.config = { ...defaultConfig, ...config };
    this.#sanitize();
    this.getItem = this.getItem.bind(this);
    this.setItem = this.setItem.bind(this);
    this.removeItem = this.removeItem.bind(this);
  }

  /** Resolved on first use so that importing cognate never touches `window`. */
  get #storage(): SyncStore {
    // biome-ignore lint/suspicious/noAssignInExpressions: memoised on first use; one expression keeps the browser bundle small
    return (this.#store ??= localStore());
  }

  getModuleName(): string {
    return 'Cache';
  }

  configure(config?: Omit<Partial<CacheConfig>, 'keyPrefix'> & { keyPrefix?: string }): CacheConfig {
    if (config) {
      if (config.keyPrefix) logger.warn('keyPrefix can not be re-configured on an existing Cache instance.');
      this.config = { ...this.config, ...config, keyPrefix: this.config.keyPrefix };
    }
    this.#sanitize();
    return this.config;
  }

  /** A cache of its own, under another `keyPrefix`. */
  createInstance(config: Partial<CacheConfig>): StorageCache {
    if (!config.keyPrefix || config.keyPrefix === defaultConfig.keyPrefix) {
      logger.error('invalid keyPrefix, setting keyPrefix with timeStamp');
      config = { ...config, keyPrefix: String(Date.now()) };
    }
    return new StorageCache(config);
  }

  async getCurrentCacheSize(): Promise<number> {
    return this.#size();
  }

  async setItem(key: string, value: unknown, options?: CacheItemOptions): Promise<void> {
    if (!key || key === SIZE_KEY) return logger.warn(`Invalid key: should not be empty or reserved key: '${SIZE_KEY}'`);
    if (value === undefined) return logger.warn('The value of item should not be undefined!');
    const priority = options?.priority ?? this.config.defaultPriority;
    const expires = options?.expires ?? this.config.defaultTTL + Date.now();
    if (priority < 1 || priority > 5) return logger.warn('Invalid parameter: priority due to out or range. It should be within 1 and 5.');
    const prefixedKey = this.config.keyPrefix + key;
    const now = Date.now();
    const item: CacheItem = { key: prefixedKey, data: value, timestamp: now, visitedTime: now, priority, expires, type: typeof value, byteSize: 0 };
    item.byteSize = byteLength(JSON.stringify(item));
    item.byteSize = byteLength(JSON.stringify(item));
    if (item.byteSize > this.config.itemMaxSize) return logger.warn(`Item with key: ${key} you are trying to put into is too big!`);
    try {
      if (this.#read(prefixedKey)) this.#remove(prefixedKey);
      if (this.#size() + item.byteSize > this.config.capacityInBytes) {
        const valid = this.#dropExpired();
        const over = this.#size() + item.byteSize - this.config.capacityInBytes;
        if (over > 0) this.#evict(valid, Math.max(over, (1 - this.config.warningThreshold) * this.config.capacityInBytes));
      }
      this.#write(item);
    } catch (error) {
      logger.warn(`setItem failed! ${error}`);
    }
  }

  async getItem(key: string, options?: CacheItemOptions): Promise<unknown> {
    if (!key || key === SIZE_KEY) {
      logger.warn(`Invalid key: should not be empty or reserved key: '${SIZE_KEY}'`);
      return null;
    }
    const prefixedKey = this.config.keyPrefix + key;
    try {
      const item = this.#read(prefixedKey);
      if (item) {
        if (Date.now() >= item.expires) this.#remove(prefixedKey);
        else {
          item.visitedTime = Date.now();
          this.#storage.setItem(prefixedKey, JSON.stringify(item));
          return item.data;
        }
      }
      if (options?.callback) {
        const value = options.callback();
        if (value !== null) await this.setItem(key, value, options);
        return value;
      }
      return null;
    } catch (error) {
      logger.warn(`getItem failed! ${error}`);
      return null;
    }
  }

  async removeItem(key: string): Promise<void> {
    if (!key || key === SIZE_KEY) return logger.warn(`Invalid key: should not be empty or reserved key: '${SIZE_KEY}'`);
    try {
      if (this.#read(this.config.keyPrefix + key)) this.#remove(this.config.keyPrefix + key);
    } catch (error) {
      logger.warn(`removeItem failed! ${error}`);
    }
  }

  /** The keys in the cache, without the prefix (the size record included, as in Amplify). */
  async getAllKeys(): Promise<string[]> {
    return this.#keys(false);
  }

  async clear(): Promise<void> {
    for (const key of this.#keys(false)) this.#storage.removeItem(this.config.keyPrefix + key);
  }

  #keys(omitSize: boolean): string[] {
    const { keyPrefix } = this.config;
    const keys: string[] = [];
    for (let i = 0; i < this.#storage.length; i++) {
      const key = this.#storage.key(i);
      if (key === null || !key.startsWith(keyPrefix) || (omitSize && key === keyPrefix + SIZE_KEY)) continue;
      keys.push(key.slice(keyPrefix.length));
    }
    return keys;
  }

  #read(prefixedKey: string): CacheItem | null {
    const text = this.#storage.getItem(prefixedKey);
    return text === null ? null : (JSON.parse(text) as CacheItem);
  }

  #size(): number {
    const key = this.config.keyPrefix + SIZE_KEY;
    const size = this.#storage.getItem(key);
    if (!size) this.#storage.setItem(key, '0');
    return Number(size ?? 0) || 0;
  }

  #addSize(amount: number): void {
    this.#storage.setItem(this.config.keyPrefix + SIZE_KEY, String(this.#size() + amount));
  }

  #write(item: CacheItem): void {
    this.#addSize(item.byteSize);
    try {
      this.#storage.setItem(item.key, JSON.stringify(item));
    } catch (error) {
      this.#addSize(-item.byteSize);
      logger.error(`Failed to set item ${error}`);
    }
  }

  #remove(prefixedKey: string): void {
    const item = this.#read(prefixedKey);
    if (!item) return;
    this.#addSize(-item.byteSize);
    this.#storage.removeItem(prefixedKey);
  }

  /** Removes expired items; returns the prefixed keys of the rest. */
  #dropExpired(): string[] {
    const remaining: string[] = [];
    for (const key of this.#keys(true).map(k => this.config.keyPrefix + k)) {
      const item = this.#read(key);
      if (item && Date.now() >= item.expires) this.#remove(key);
      else if (item) remaining.push(key);
    }
    return remaining;
  }

  /** Removes the lowest priority, least recently read items until `bytes` are free. */
  #evict(keys: string[], bytes: number): void {
    const items = keys.map(key => this.#read(key)).filter((item): item is CacheItem => item !== null);
    // As Amplify: a tie in visitedTime puts the later-listed item first.
    items.sort((a, b) => b.priority - a.priority || (a.visitedTime < b.visitedTime ? -1 : 1));
    let left = bytes;
    for (const item of items) {
      this.#remove(item.key);
      left -= item.byteSize;
      if (left <= 0) return;
    }
  }

  #sanitize(): void {
    const c = this.config;
    if (c.itemMaxSize > c.capacityInBytes) c.itemMaxSize = defaultConfig.itemMaxSize;
    if (c.defaultPriority > 5 || c.defaultPriority < 1) c.defaultPriority = defaultConfig.defaultPriority;
    if (c.warningThreshold > 1 || c.warningThreshold < 0) c.warningThreshold = defaultConfig.warningThreshold;
    if (c.capacityInBytes > 5 * 1024 * 1024) c.capacityInBytes = defaultConfig.capacityInBytes;
  }
}

/** The default cache (`aws-amplify/utils` `Cache`). */
export const Cache = /* @__PURE__ */ new StorageCache();
