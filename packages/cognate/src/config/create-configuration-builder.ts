/**
 * Amplify's `createConfigurationBuilder({ from? })`: builds a `ResourcesConfig` step by step —
 * `from(config)` merges any configuration `Amplify.configure` accepts (or another builder), `add`
 * sets a category, `patch` deep-merges into one, `auth(…)`/`storage(…)`/… are `add` under a name,
 * and `build()` gives back the frozen result.
 */
import type { AmplifyOutputs, LegacyConfig, ResourcesConfig } from '../types/config.js';
import { parseAmplifyConfig } from './parse-amplify-config.js';

type Category = keyof ResourcesConfig;
type Seed = ResourcesConfig | LegacyConfig | AmplifyOutputs | ConfigurationBuilder;
type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

export interface ConfigurationBuilder {
  from(existing: Seed): ConfigurationBuilder;
  add<K extends Category>(category: K, value: NonNullable<ResourcesConfig[K]>): ConfigurationBuilder;
  patch<K extends Category>(category: K, value: DeepPartial<NonNullable<ResourcesConfig[K]>>): ConfigurationBuilder;
  auth(config: NonNullable<ResourcesConfig['Auth']>): ConfigurationBuilder;
  storage(config: NonNullable<ResourcesConfig['Storage']>): ConfigurationBuilder;
  api(config: NonNullable<ResourcesConfig['API']>): ConfigurationBuilder;
  analytics(config: NonNullable<ResourcesConfig['Analytics']>): ConfigurationBuilder;
  geo(config: NonNullable<ResourcesConfig['Geo']>): ConfigurationBuilder;
  notifications(config: NonNullable<ResourcesConfig['Notifications']>): ConfigurationBuilder;
  interactions(config: NonNullable<ResourcesConfig['Interactions']>): ConfigurationBuilder;
  predictions(config: NonNullable<ResourcesConfig['Predictions']>): ConfigurationBuilder;
  build(): ResourcesConfig;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function deepMerge(target: unknown, source: unknown): unknown {
  if (!isObject(target) || !isObject(source)) return source;
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(source)) out[key] = deepMerge(target[key], value);
  return out;
}

export function createConfigurationBuilder(options?: { from?: Seed }): ConfigurationBuilder {
  const config: Record<string, unknown> = {};
  const merge = (seed: Seed) => {
    const isBuilder = 'build' in seed && typeof (seed as ConfigurationBuilder).build === 'function';
    Object.assign(config, isBuilder ? (seed as ConfigurationBuilder).build() : parseAmplifyConfig(seed as ResourcesConfig));
  };
  if (options?.from) merge(options.from);
  const builder: ConfigurationBuilder = {
    from(existing) {
      merge(existing);
      return builder;
    },
    add(category, value) {
      config[category] = value;
      return builder;
    },
    patch(category, value) {
      config[category] = deepMerge(config[category] ?? {}, value);
      return builder;
    },
    auth: value => builder.add('Auth', value),
    storage: value => builder.add('Storage', value),
    api: value => builder.add('API', value),
    analytics: value => builder.add('Analytics', value),
    geo: value => builder.add('Geo', value),
    notifications: value => builder.add('Notifications', value),
    interactions: value => builder.add('Interactions', value),
    predictions: value => builder.add('Predictions', value),
    build: () => Object.freeze({ ...config }) as ResourcesConfig,
  };
  return builder;
}
