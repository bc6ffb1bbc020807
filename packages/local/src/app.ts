/**
 * Assembles a cognate-local instance: store, clock, keys, outbox, the request handler, and seeding
 * from a config object (the JSON given to `--config`).
 */
import type { OperationContext, Services } from './context.js';
import { createHandler, type RawResponse } from './handler.js';
import { API_PREFIX } from './gateway/gateway.js';
import { seed, seedAll, type LocalConfig } from './config.js';
import { validateConfig } from './config-validate.js';
import { Clock } from './services/clock.js';
import { KeyService } from './services/keys.js';
import { Outbox } from './services/outbox.js';
import { Pruner } from './services/prune.js';
import { Faults } from './services/faults.js';
import { Bounds, type Limits } from './services/bounds.js';
import { TriggerRunner } from './services/trigger-runner.js';
import { MemoryStore } from './storage/memory-store.js';
import type { AccessOptions } from './services/access.js';
import type { Store } from './storage/store.js';

export interface CognateLocalOptions {
  store?: Store;
  region?: string;
  /** Token issuer base, e.g. `http://127.0.0.1:9229`. Defaults to each request's origin. */
  issuerBase?: string;
  config?: LocalConfig;
  /** Where console lines go (delivered messages, internal errors). Defaults to stdout. */
  log?: (line: string) => void;
  /**
   * The trigger folder: LambdaConfig names trigger modules by paths relative to it, and no module
   * outside it runs. Without it, no trigger module runs.
   */
  triggerBaseDir?: string;
  /** How long a trigger may take before it fails with UnexpectedLambdaException (Cognito's 5 seconds). */
  triggerTimeoutMs?: number;
  /** Host names, browser origins and SigV4 credentials the handler accepts (see services/access.ts). */
  access?: AccessOptions;
  /** Caps on what requests without credentials can make the server keep (services/bounds.ts); defaults suit any honest use. */
  limits?: Partial<Limits>;
}

export interface CognateLocal {
  handle(request: Request): Promise<Response>;
  /** The AWS JSON 1.1 API as plain data (see `LocalHandler.aws`), for shells that avoid Fetch objects. */
  aws(target: string | null, text: string, origin: string, header?: (name: string) => string | undefined, path?: string): Promise<RawResponse>;
  services: Services;
  /** Applies the seed config (idempotent: existing pools, clients and users are kept). */
  seed(config: LocalConfig): Promise<void>;
  /**
   * One complete sweep of expired state (token families, refresh tokens, challenge sessions, OAuth
   * records, old outbox messages; see services/prune.ts), now; returns how many records it deleted.
   * The same sweep also runs in the background, a bounded batch every few seconds. Like a request,
   * it waits for a reset or a seed under way.
   */
  prune(): Promise<number>;
  close(): void;
}

export async function createCognateLocal(options: CognateLocalOptions = {}): Promise<CognateLocal> {
  if (options.config) validateConfig(options.config);
  const store = options.store ?? new MemoryStore();
  const log = options.log ?? ((line: string) => console.log(line));
  const bounds = new Bounds(options.limits);
  const services: Services = {
    store,
    clock: new Clock(),
    keys: new KeyService(store),
    outbox: new Outbox(store, log, bounds.limits.messagesPerUser),
    faults: new Faults(),
    bounds,
    triggers: new TriggerRunner(log, options.triggerTimeoutMs),
    region: options.region ?? options.config?.region ?? 'us-east-1',
    ...(options.issuerBase ? { issuerBase: options.issuerBase } : {}),
    ...(options.triggerBaseDir ? { triggerBaseDir: options.triggerBaseDir } : {}),
    ...(options.config?.mockIdentityProviderUsers ? { mockIdpUsers: options.config.mockIdentityProviderUsers } : {}),
    log,
  };
  const context = (): OperationContext => ({
    ...services,
    requestId: 'seed',
    issuer: poolId => `${services.issuerBase ?? 'http://cognate-local'}/${poolId}`,
  });
  const doSeed = (config: LocalConfig) => seed(context(), config);
  // The config's browser origins and credentials apply in-process too (startServer adds host names).
  const config = options.config;
  const inner = createHandler(
    services,
    options.access ?? { allowedOrigins: config?.cors?.allowedOrigins ?? [], ...(config?.credentials ? { credentials: config.credentials } : {}) },
    config?.apis ?? [],
  );
  /** POST /_local/reset: clearing and seeding again, run alone (after the requests under way, before those that come later). */
  const reset = (request: Request): Promise<Response> =>
    // One exclusive section (Store.exclusive): another process on the --data folder sees the old state, then the new.
    store.exclusive(async () => {
      const response = await inner(request);
      // After a reset, the seeded pools come back so a fresh start and a reset look the same.
      if (response.ok) {
        pruner.restart();
        if (options.config) await seedAll(context(), options.config);
      }
      return response;
    });
  // Every request is a shared section of the store's work (see StoreQueue), so a reset or a seed never
  // runs in the gaps of its awaits. The local API Gateway's routes only read before they proxy to an
  // app, which may call back here: they stay outside, so that call never waits behind a reset.
  const handle = (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url);
    if (request.method === 'POST' && pathname === '/_local/reset') return reset(request);
    if (pathname.startsWith(API_PREFIX)) return inner(request);
    return store.shared(() => inner(request));
  };
  const aws: CognateLocal['aws'] = (target, text, origin, header, path) => store.shared(() => inner.aws(target, text, origin, header, path));
  if (options.config) await doSeed(options.config);
  // The background sweep: an unref'd timer, so it never keeps the process alive.
  const pruner = new Pruner(services);
  pruner.start();
  const close = () => {
    pruner.stop();
    void services.triggers.close();
    store.close();
  };
  return { handle, aws, services, seed: async config => doSeed(validateConfig(config)), prune: () => pruner.sweepAll(), close };
}
