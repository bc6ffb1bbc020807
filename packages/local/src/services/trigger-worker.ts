/**
 * The worker thread that runs trigger code (started by services/triggers.ts, one call at a time):
 * it imports the trigger module by its file URL (once per worker), calls its `handler` (or default
 * export) with Cognito's event, and posts back the answer as JSON text, as Lambda would serialise
 * it. What trigger code leaves behind, an exception thrown after it returned or a rejection nobody
 * handled, is posted to the server as a log line; it neither ends this worker nor touches the server.
 *
 * Self-contained on purpose (node: modules only): it runs from dist/ as plain JavaScript.
 */
import { parentPort } from 'node:worker_threads';

export interface TriggerCall {
  id: number;
  url: string;
  event: unknown;
  context: unknown;
}

export type TriggerAnswer = { id: number; ok: true; json: string } | { id: number; ok: false; kind: 'load' | 'handler' | 'response'; message: string };

/** A line for the server's log, sent at any time. */
export interface TriggerLog {
  log: string;
}

type Handler = (event: unknown, context: unknown) => unknown;

const port = parentPort;
const handlers = new Map<string, Promise<Handler>>();

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

function load(url: string): Promise<Handler> {
  let pending = handlers.get(url);
  if (!pending) {
    pending = import(url).then((mod: { handler?: unknown; default?: unknown }) => {
      const fn = typeof mod.handler === 'function' ? mod.handler : typeof mod.default === 'function' ? mod.default : undefined;
      if (!fn) throw new Error('the module exports no handler function');
      return fn as Handler;
    });
    pending.catch(() => handlers.delete(url));
    handlers.set(url, pending);
  }
  return pending;
}

async function run(call: TriggerCall): Promise<TriggerAnswer> {
  let handler: Handler;
  try {
    handler = await load(call.url);
  } catch (error) {
    return { id: call.id, ok: false, kind: 'load', message: describe(error) };
  }
  let result: unknown;
  try {
    result = await handler(call.event, call.context);
  } catch (error) {
    return { id: call.id, ok: false, kind: 'handler', message: describe(error) };
  }
  try {
    // A handler that returns nothing answers with the event it was given (and may have changed).
    const json = JSON.stringify(result ?? call.event);
    if (typeof json !== 'string') throw new Error('not JSON');
    return { id: call.id, ok: true, json };
  } catch (error) {
    return { id: call.id, ok: false, kind: 'response', message: describe(error) };
  }
}

if (port) {
  process.on('uncaughtException', error =>
    port.postMessage({ log: `trigger code threw outside its handler's answer: ${describe(error)}` } satisfies TriggerLog),
  );
  process.on('unhandledRejection', reason =>
    port.postMessage({ log: `trigger code left a promise rejection unhandled: ${describe(reason)}` } satisfies TriggerLog),
  );
  port.on('message', (call: TriggerCall) => {
    void run(call).then(answer => port.postMessage(answer));
  });
}
