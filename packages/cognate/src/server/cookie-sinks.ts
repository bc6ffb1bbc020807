/**
 * Where the jar's writes go on the responses every adapter has: a Node `ServerResponse` (plain http,
 * Express, the Pages Router) and a Fetch `Headers` / `Response` (Hono, Bun, route handlers). Each
 * keeps one `Set-Cookie` line per cookie name of ours (the last write), leaves the app's own lines
 * alone, and marks the response `Cache-Control: private, no-store` so no shared cache replays one
 * user's cookies to another. Duck-typed: no `node:http` import.
 */
import { serializeSetCookie, type CookieSink } from './cookies.js';

export const NO_STORE = 'private, no-store';

/** The parts of `http.ServerResponse` written to. */
export interface NodeResponseLike {
  readonly headersSent: boolean;
  getHeader(name: string): number | string | string[] | undefined;
  setHeader(name: string, value: number | string | readonly string[]): unknown;
}

/** A sink over `Set-Cookie` lines: `read` the response's lines, `write` them all back. */
function linesSink(read: () => string[], write: (lines: string[]) => void, open: () => boolean = () => true): CookieSink {
  const ours = new Map<string, string>();
  return {
    set(name, value, options) {
      if (!open()) return;
      const before = new Set(ours.values());
      ours.set(name, serializeSetCookie(name, value, options));
      write([...read().filter(line => !before.has(line)), ...ours.values()]);
    },
  };
}

/** Writes to a Node response while its headers are not sent (later writes cannot reach the browser). */
export function nodeResponseSink(response: NodeResponseLike): CookieSink {
  return linesSink(
    () => {
      const existing = response.getHeader('set-cookie');
      return Array.isArray(existing) ? existing : existing === undefined ? [] : [String(existing)];
    },
    lines => {
      response.setHeader('Set-Cookie', lines);
      response.setHeader('Cache-Control', NO_STORE);
    },
    () => !response.headersSent,
  );
}

/** Writes to a Fetch `Headers` (it must be mutable). */
export function headersSink(headers: Headers): CookieSink {
  return linesSink(
    () => headers.getSetCookie(),
    lines => {
      headers.delete('set-cookie');
      for (const line of lines) headers.append('set-cookie', line);
      headers.set('cache-control', NO_STORE);
    },
  );
}

/** `response` with `lines` appended as `Set-Cookie` (a copy when its headers are immutable, as a fetched or redirect Response's). */
export function withSetCookies(response: Response, lines: string[]): Response {
  if (lines.length === 0) return response;
  let out = response;
  try {
    for (const line of lines) out.headers.append('Set-Cookie', line);
  } catch {
    out = new Response(response.body, response);
    for (const line of lines) out.headers.append('Set-Cookie', line);
  }
  out.headers.set('Cache-Control', NO_STORE);
  return out;
}
