/**
 * One line per request for the CLI (`cognate-local start`, unless `--quiet`): what was asked
 * (the operation, or the method and path without its query), the status, the milliseconds and the
 * error type. Never a body, a query string or a header value other than the request id, so no
 * token, password or code reaches the log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RequestLogEntry {
  method: string;
  /** The operation of an AWS JSON request (`InitiateAuth`), else undefined. */
  operation?: string;
  /** The path, without its query string. */
  path: string;
  /** The status answered; 0 when the connection closed without an answer. */
  status: number;
  ms: number;
  /** `x-amzn-errortype` of an AWS error answer, without its `:` suffix. */
  errorType?: string;
  /** The request body's declared size (content-length), when declared. */
  requestBytes?: number;
  responseBytes: number;
  requestId?: string;
}

/** Printable ASCII only, at most `max` characters: a path cannot forge a log line. */
function clean(text: string, max = 120): string {
  const printable = text.replace(/[^\x21-\x7e]/g, '?');
  return printable.length > max ? `${printable.slice(0, max)}...` : printable;
}

/** Calls `onEntry` once, when `res` is answered (or its connection closes first). */
export function observeRequest(req: IncomingMessage, res: ServerResponse, onEntry: (entry: RequestLogEntry) => void): void {
  const started = performance.now();
  let headers: Record<string, unknown> = {};
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const last = args.find(a => typeof a === 'object' && a !== null && !Array.isArray(a));
    if (last) headers = Object.fromEntries(Object.entries(last).map(([k, v]) => [k.toLowerCase(), v]));
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['writeHead'];
  let done = false;
  const emit = (answered: boolean) => {
    if (done) return;
    done = true;
    const target = req.headers['x-amz-target'];
    const operation = typeof target === 'string' && /^[\w-]+\.\w+$/.test(target) ? target.split('.')[1] : undefined;
    const errorType = typeof headers['x-amzn-errortype'] === 'string' ? headers['x-amzn-errortype'].split(':')[0] : undefined;
    const requestId = typeof headers['x-amzn-requestid'] === 'string' ? headers['x-amzn-requestid'] : undefined;
    const declared = req.headers['content-length'];
    try {
      onEntry({
        method: clean(req.method ?? 'GET', 10),
        ...(operation ? { operation } : {}),
        path: clean((req.url ?? '/').split('?')[0]!),
        status: answered ? res.statusCode : 0,
        ms: Math.round(performance.now() - started),
        ...(errorType ? { errorType: clean(errorType, 80) } : {}),
        ...(declared !== undefined && /^\d+$/.test(declared) ? { requestBytes: Number(declared) } : {}),
        responseBytes: Number(headers['content-length'] ?? 0) || 0,
        ...(requestId ? { requestId: clean(requestId, 64) } : {}),
      });
    } catch {
      // A failing log callback never takes the server down.
    }
  };
  res.once('finish', () => emit(true));
  res.once('close', () => emit(res.writableFinished));
}

/** `POST InitiateAuth 400 3ms NotAuthorizedException`, `GET /health 200 0ms`; verbose adds sizes and the request id. */
export function formatRequestLine(entry: RequestLogEntry, verbose = false): string {
  const what = entry.operation ?? entry.path;
  const status = entry.status ? String(entry.status) : '---';
  const parts = [entry.method, what, status, `${entry.ms}ms`];
  if (!entry.status) parts.push('(closed without an answer)');
  if (entry.errorType) parts.push(entry.errorType);
  if (verbose) {
    parts.push(`in=${entry.requestBytes ?? 0}B`, `out=${entry.responseBytes}B`);
    if (entry.requestId) parts.push(`id=${entry.requestId}`);
  }
  return parts.join(' ');
}
