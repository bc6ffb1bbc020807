/**
 * What operation handlers are given. Handlers declare what they use from here; nothing is global,
 * so several servers (or tests) can run side by side in one process.
 */
import type { Store } from './storage/store.js';
import type { Clock } from './services/clock.js';
import type { KeyService } from './services/keys.js';
import type { Outbox } from './services/outbox.js';
import type { Faults } from './services/faults.js';
import type { TriggerRunner } from './services/trigger-runner.js';
import type { Caller } from './model.js';
import type { Bounds } from './services/bounds.js';

export interface Services {
  store: Store;
  clock: Clock;
  keys: KeyService;
  outbox: Outbox;
  faults: Faults;
  /** Caps on the records requests without credentials can make (services/bounds.ts). */
  bounds: Bounds;
  region: string;
  /** Issuer base, e.g. `http://127.0.0.1:9229`; when absent, the request's origin. */
  issuerBase?: string;
  log: (line: string) => void;
  /** The trigger folder: LambdaConfig names modules by paths relative to it, and nothing outside it runs. */
  triggerBaseDir?: string;
  /** Runs trigger code in worker threads, with Cognito's timeout. */
  triggers: TriggerRunner;
  /** Users the built-in mock identity provider offers (federated sign-in). */
  mockIdpUsers?: Array<{ provider?: string; sub: string; email?: string; name?: string; [claim: string]: string | undefined }>;
}

/** Per request. The issuer is the only request-derived input; OAuth handlers get the Request as an argument. */
export interface OperationContext extends Services {
  requestId: string;
  /** Where the call came from, as far as the request says (services/auth-events.ts). */
  caller?: Caller;
  /** The token issuer for a pool: `<issuerBase>/<poolId>`. */
  issuer(poolId: string): string;
}

export type Json = Record<string, unknown>;
export type Operation = (input: Json, ctx: OperationContext) => Promise<Json> | Json;
