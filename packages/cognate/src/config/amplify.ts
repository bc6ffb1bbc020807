/**
 * The `Amplify` object of `aws-amplify`: `configure(config, libraryOptions?)` and `getConfig()`,
 * bound to the browser's default context. `configure` accepts Gen 1, Gen 2 or a `ResourcesConfig`
 * (through `parseAmplifyConfig`), freezes the result, and — unless `libraryOptions.Auth` brings its
 * own providers — points token storage at `localStorage` (memory where there is none) or, with
 * `{ssr: true}`, at cookies (`CookieStorage`, sameSite lax) that a server can read. Like Amplify,
 * every `configure` call resets that storage, so call `setKeyValueStorage` after it. From then on
 * other tabs' sign-in, sign-out and refresh reach this tab's Hub (`tokens/other-tabs.ts`).
 */
import { defaultState } from '../context/default-context.js';
import { installDefaultCredentials } from '../credentials/default-loader.js';
import { Hub } from '../hub/hub.js';
import { CookieStorage } from '../storage/cookie-storage.js';
import { defaultStorage } from '../storage/web-storage.js';
import type { AmplifyOutputs, LegacyConfig, LibraryOptions, ResourcesConfig } from '../types/config.js';
import { listenToOtherTabs } from '../tokens/other-tabs.js';
import { parseAmplifyConfig } from './parse-amplify-config.js';

/** Freezes `value` and everything in it (the configuration is read-only once given). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export class AmplifyClass {
  /** Configures cognate; see the file comment. */
  configure(config: ResourcesConfig | LegacyConfig | AmplifyOutputs, libraryOptions?: LibraryOptions): void {
    const resources = deepFreeze(structuredClone(parseAmplifyConfig(config)));
    defaultState.resources = resources;
    if (libraryOptions) defaultState.library = libraryOptions;
    if (resources.Auth && !defaultState.library.Auth) {
      defaultState.storage = defaultState.library.ssr ? new CookieStorage({ sameSite: 'lax' }) : defaultStorage;
    }
    if (resources.Auth) listenToOtherTabs();
    // aws-amplify's `Amplify` brings the identity-pool credentials provider (not `aws-amplify/auth`): so does this one.
    installDefaultCredentials();
    Hub.dispatch('core', { event: 'configure', data: resources }, 'Configure');
  }

  /** The configuration in effect (frozen); `{}` before `configure`. */
  getConfig(): ResourcesConfig {
    return defaultState.resources ?? {};
  }

  get libraryOptions(): LibraryOptions {
    return defaultState.library;
  }
}

export const Amplify = new AmplifyClass();

/** `Amplify.configure` under its own name. */
export function configure(config: ResourcesConfig | LegacyConfig | AmplifyOutputs, libraryOptions?: LibraryOptions): void {
  Amplify.configure(config, libraryOptions);
}
