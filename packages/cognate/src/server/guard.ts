/**
 * Knows whether code runs inside `runWithAmplifyServerContext`, so that a client API called there
 * (it would read the process-wide browser context, i.e. nobody's or the wrong user's session) fails
 * loudly instead. Uses `AsyncLocalStorage` where the platform has it (Node ≥ 20.16 through
 * `process.getBuiltinModule`, or a global one as on Cloudflare/Vercel Edge); elsewhere the check is
 * skipped. Nothing is set up until the first server context runs, so browsers pay nothing.
 */
import { AmplifyServerContextError } from './errors.js';

interface AsyncStorage<T> {
  run<R>(store: T, callback: () => R): R;
  getStore(): T | undefined;
}

let storage: AsyncStorage<true> | null | undefined;

function asyncStorage(): AsyncStorage<true> | null {
  if (storage === undefined) {
    const g = globalThis as {
      process?: { getBuiltinModule?: (id: string) => { AsyncLocalStorage?: new () => AsyncStorage<true> } | undefined };
      AsyncLocalStorage?: new () => AsyncStorage<true>;
    };
    let Ctor = g.AsyncLocalStorage;
    try {
      Ctor ??= g.process?.getBuiltinModule?.('node:async_hooks')?.AsyncLocalStorage;
    } catch {
      // No such module on this platform.
    }
    storage = Ctor ? new Ctor() : null;
  }
  return storage;
}

/** Set by the first server context; until then (in browsers, always) the check costs nothing. */
let check: (() => void) | undefined;

/** Runs `callback` marked as server-context code. */
export function runMarkedAsServer<R>(callback: () => R): R {
  const als = asyncStorage();
  if (!als) return callback();
  check ??= () => {
    if (als.getStore()) {
      throw new AmplifyServerContextError({
        message: 'A client API was called inside runWithAmplifyServerContext; it would use the browser session, not this request.',
        recoverySuggestion: "Use the server APIs from 'cognate-auth/auth/server' with the contextSpec, e.g. fetchAuthSession(contextSpec).",
      });
    }
  };
  return als.run(true, callback);
}

/** Throws when a client (default-context) API is called inside a server context. */
export function assertNotInServerContext(): void {
  check?.();
}
