/**
 * Per-request server contexts: `runWithAmplifyServerContext(config, libraryOptions, operation)`
 * builds a fresh, isolated auth context from the config and the request's providers, hands the
 * operation an opaque `contextSpec`, and ends the context when the operation settles (resolved or
 * thrown). The spec carries its own context (no process-wide registry); after the operation it
 * refers to nothing, and using it then — or passing anything that is not a spec — throws
 * `AmplifyServerContextError` with Amplify's messages. Client APIs called inside the operation throw
 * too (see `guard.ts`).
 */
import { createAuthContext, type AuthContext } from '../context/auth-context.js';
import { parseAmplifyConfig } from '../config/parse-amplify-config.js';
import { HubClass } from '../hub/hub.js';
import { InMemoryStorage } from '../storage/in-memory-storage.js';
import type { AmplifyOutputs, LegacyConfig, LibraryOptions, ResourcesConfig } from '../types/config.js';
import { AmplifyServerContextError } from './errors.js';
import { runMarkedAsServer } from './guard.js';

/** `AmplifyServer.ContextToken` */
export interface ContextToken {
  readonly value: symbol;
}
/** `AmplifyServer.ContextSpec`: what the operation receives and passes to the server APIs. */
export interface ContextSpec {
  readonly token: ContextToken;
}

const CELL = Symbol('cognate.serverContext');
interface Cell {
  ctx: AuthContext | undefined;
}
type Spec = ContextSpec & { [CELL]?: Cell };

const silentHub = new HubClass('server');

/** The auth context behind a spec, or `AmplifyServerContextError`. */
export function getServerAuthContext(contextSpec: ContextSpec): AuthContext {
  const cell = (contextSpec as Spec | undefined)?.[CELL];
  if (!cell || typeof contextSpec.token?.value !== 'symbol') {
    throw new AmplifyServerContextError({
      message: 'Invalid `contextSpec`.',
      recoverySuggestion: 'Call server APIs inside runWithAmplifyServerContext and pass them the contextSpec it gives the operation.',
    });
  }
  if (!cell.ctx) {
    throw new AmplifyServerContextError({
      message: 'Attempted to get the Amplify Server Context that may have been destroyed.',
      recoverySuggestion: 'Use the contextSpec only inside the operation passed to runWithAmplifyServerContext, and await every server API call there.',
    });
  }
  return cell.ctx;
}

/**
 * Amplify's `runWithAmplifyServerContext` of `aws-amplify/adapter-core`. `libraryOptions.Auth`
 * brings the request's `tokenProvider` (e.g. `createUserPoolsTokenProvider` over the request's
 * cookies) and `credentialsProvider`; without a token provider the request is signed out.
 */
export async function runWithAmplifyServerContext<Result>(
  amplifyConfig: ResourcesConfig | LegacyConfig | AmplifyOutputs,
  libraryOptions: LibraryOptions,
  operation: (contextSpec: ContextSpec) => Result | Promise<Result>,
): Promise<Result> {
  if (typeof operation !== 'function') {
    throw new AmplifyServerContextError({
      message: '`runWithAmplifyServerContext` must be called as `runWithAmplifyServerContext(amplifyConfig, libraryOptions, operation)`.',
    });
  }
  const resources = parseAmplifyConfig(amplifyConfig);
  const library = libraryOptions ?? {};
  const ctx = createAuthContext({
    resourcesConfig: () => resources,
    libraryOptions: () => library,
    storage: () => new InMemoryStorage(),
    hub: silentHub,
  });
  const cell: Cell = { ctx };
  const spec = Object.freeze({ token: Object.freeze({ value: Symbol('AmplifyServerContextToken') }), [CELL]: cell }) as Spec;
  try {
    return await runMarkedAsServer(() => operation(spec));
  } finally {
    cell.ctx = undefined;
  }
}
