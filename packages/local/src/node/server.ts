/**
 * The Node shell around the Fetch handler: an `http` listener that turns each IncomingMessage into
 * a `Request` and writes the `Response` back. Nothing else lives here.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { isIP, type AddressInfo, type Socket } from 'node:net';
import { createCognateLocal, type CognateLocal, type CognateLocalOptions } from '../app.js';
import type { LocalConfig } from '../config.js';
import { MemoryStore } from '../storage/memory-store.js';
import { SqliteStore } from '../storage/sqlite-store.js';
import { DROP_HEADER } from '../services/faults.js';
import { MAX_BODY_BYTES, bodyTooLarge } from '../handler.js';
import { listeningHosts } from '../services/access.js';
import type { AwsCredentials } from '../services/sigv4.js';
import { observeRequest, type RequestLogEntry } from './request-log.js';
import { API_PREFIX, isStreamedResponse } from '../gateway/gateway.js';
import { Readable } from 'node:stream';
import { defaultTlsDir, ensureLocalTls, type LocalTls } from './tls.js';

export interface StartServerOptions extends Omit<CognateLocalOptions, 'store' | 'issuerBase' | 'access'> {
  port?: number;
  host?: string;
  /** Keep state in SQLite under this directory; in memory when absent. */
  dataDir?: string;
  config?: LocalConfig;
  /** Issuer base for tokens; defaults to the listening URL. */
  issuerBase?: string;
  /** Browser origins that may call admin operations and `/_local/*` (added to the config's `cors`). */
  cors?: { allowedOrigins?: string[] };
  /**
   * More names the Host header may carry besides 127.0.0.1, localhost, [::1], `host` and the
   * issuer base's host (added to the config's `allowedHosts`).
   */
  allowedHosts?: string[];
  /** Verify admin operations' SigV4 signatures with these (else the config's, else shape only). */
  credentials?: AwsCredentials;
  /** Called once per request when it is answered (the CLI's request log). */
  onRequest?: (entry: RequestLogEntry) => void;
  /**
   * Serve HTTPS with a certificate from a local CA (made once, then reused; see tls.ts). The URL and
   * issuer base become `https://localhost:PORT` on a loopback host.
   */
  https?: boolean;
  /** Where the CA and certificate live: default `<dataDir>/tls`, else `cognate-local/tls` in the user's cache folder. */
  tlsDir?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  host: string;
  local: CognateLocal;
  server: Server | HttpsServer;
  /** With `https`: the certificate served, and the CA file to trust. */
  tls?: LocalTls;
  close(): Promise<void>;
}

/**
 * The request as a Fetch `Request`. Its body stream reads the socket only as the handler reads it
 * (the socket pauses while the stream's queue is full), so a body nobody reads, or a reader that
 * stops at its limit, never piles up in memory; `abandon()` discards whatever is left unread.
 */
function toRequest(req: IncomingMessage, origin: string): { request: Request; abandon(): void } {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    try {
      headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    } catch {
      // A header value fetch refuses (e.g. control characters) is dropped, not fatal.
    }
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  let url: string;
  try {
    url = new URL(req.url ?? '/', origin).href;
  } catch {
    url = origin + '/';
  }
  let open = hasBody;
  const abandon = () => {
    if (!open) return;
    open = false;
    req.resume();
  };
  const body = hasBody
    ? new ReadableStream<Uint8Array>(
        {
          start(controller) {
            req.on('data', (chunk: Buffer) => {
              if (!open) return;
              controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
              if ((controller.desiredSize ?? 0) <= 0) req.pause();
            });
            req.on('end', () => {
              if (open) controller.close();
              open = false;
            });
            req.on('error', error => {
              if (open) controller.error(error);
              open = false;
            });
          },
          pull() {
            req.resume();
          },
          cancel: abandon,
        },
        new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
      )
    : undefined;
  const request = new Request(url, { method, headers, ...(body ? { body, duplex: 'half' } : {}) } as RequestInit);
  return { request, abandon };
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  const setCookies = response.headers.getSetCookie();
  if (setCookies.length) headers['set-cookie'] = setCookies;
  if (response.body && isStreamedResponse(response)) {
    // The local API Gateway's answer from its target: piped as it comes, with backpressure.
    res.writeHead(response.status, headers);
    const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
    await new Promise<void>(resolve => {
      body.on('error', () => {
        res.destroy();
        resolve();
      });
      res.on('close', () => {
        body.destroy();
        resolve();
      });
      body.pipe(res);
    });
    return;
  }
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  if (body) headers['content-length'] = String(body.byteLength);
  res.writeHead(response.status, headers);
  res.end(body);
}

function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Starts cognate-local on `host:port` (port 0 picks a free port). */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const requestedPort = options.port ?? 9229;
  // Names the server is reached by besides localhost (a LAN name, --host's address) are covered too.
  const tlsNames = [host, ...(options.config?.allowedHosts ?? []), ...(options.allowedHosts ?? [])].map(name =>
    isIP(name) ? name : name.replace(/:\d+$/, ''),
  );
  const tls = options.https ? ensureLocalTls(options.tlsDir ?? defaultTlsDir(options.dataDir), tlsNames) : undefined;
  const store = options.dataDir ? new SqliteStore(options.dataDir) : new MemoryStore();
  const server = tls
    ? createHttpsServer({ keepAliveTimeout: 5000, requestTimeout: 30_000, key: tls.key, cert: tls.cert })
    : createServer({ keepAliveTimeout: 5000, requestTimeout: 30_000 });
  const { dataDir: _d, port: _p, host: _h, cors, allowedHosts, credentials, onRequest, https: _s, tlsDir: _t, ...rest } = options;
  const config = options.config;
  let url = '';
  let local: CognateLocal | undefined;
  /** Creates the app for the URL it is reached at (the issuer base and Host names need the port). */
  const build = async (port: number): Promise<CognateLocal> => {
    const shownHost = host.includes(':') ? `[${host}]` : host;
    // The certificate names localhost (and the loopback addresses); browsers and Amplify use the name.
    url = tls ? `https://${isLoopback(host) ? 'localhost' : shownHost}:${port}` : `http://${shownHost}:${port}`;
    const issuerBase = options.issuerBase ?? url;
    const access = {
      hosts: listeningHosts(host, port, issuerBase, [...(config?.allowedHosts ?? []), ...(allowedHosts ?? [])]),
      allowedOrigins: [...(config?.cors?.allowedOrigins ?? []), ...(cors?.allowedOrigins ?? [])],
      ...((credentials ?? config?.credentials) ? { credentials: (credentials ?? config?.credentials)! } : {}),
    };
    return createCognateLocal({ ...rest, store, issuerBase, access });
  };
  /**
   * The AWS API (`POST /` with X-Amz-Target) skips Fetch objects: the body is read into a string
   * (at most MAX_BODY_BYTES) and answered as plain data. Everything else goes through handle().
   */
  const awsFast = (local: CognateLocal, req: IncomingMessage, res: ServerResponse) => {
    // Over the limit, declared or as it streams: answered at once, the rest discarded unread.
    let refused = false;
    const refuse = () => {
      refused = true;
      const raw = bodyTooLarge();
      res.writeHead(raw.status, { ...raw.headers, 'content-length': String(Buffer.byteLength(raw.body!)) });
      res.end(raw.body);
      req.resume();
    };
    if (Number(req.headers['content-length'] ?? '0') > MAX_BODY_BYTES) return refuse();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) refuse();
      else chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (refused) return;
      const target = req.headers['x-amz-target'];
      const header = (name: string) => {
        // Own headers only: a name a client chose (a SigV4 SignedHeaders entry such as `constructor`) must not reach Object.prototype.
        const value = Object.hasOwn(req.headers, name) ? req.headers[name] : undefined;
        return Array.isArray(value) ? value.join(', ') : value;
      };
      local
        .aws(typeof target === 'string' ? target : null, Buffer.concat(chunks).toString('utf8'), url, header, req.url ?? '/')
        .then(raw => {
          if (raw.headers[DROP_HEADER]) return void req.socket.destroy();
          if (raw.body !== null) raw.headers['content-length'] = String(Buffer.byteLength(raw.body));
          res.writeHead(raw.status, raw.headers);
          res.end(raw.body ?? undefined);
        })
        .catch(() => {
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
          res.end(JSON.stringify({ __type: 'InternalErrorException', message: 'An internal error occurred.' }));
        });
    });
  };

  const serve = (local: CognateLocal, req: IncomingMessage, res: ServerResponse) => {
    if (onRequest) observeRequest(req, res, onRequest);
    if (req.method === 'POST' && (req.url === '/' || req.headers['x-amz-target'] !== undefined) && !req.url?.startsWith(API_PREFIX))
      return awsFast(local, req, res);
    const { request, abandon } = toRequest(req, url);
    local
      .handle(request)
      .then(response => {
        // An injected dropped connection: close the socket without an answer.
        if (response.headers.has(DROP_HEADER)) return void req.socket.destroy();
        // The gateway's target may still be reading the request body while it answers: discarded only after.
        if (isStreamedResponse(response)) return writeResponse(res, response).finally(abandon);
        // Whatever the handler left unread (over its limit, or not wanted) is discarded as it comes.
        abandon();
        return writeResponse(res, response);
      })
      .catch((error: unknown) => {
        abandon();
        local.services.log(`[cognate-local] could not answer ${req.method} ${req.url}: ${(error as Error)?.message}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'InternalErrorException', message: 'An internal error occurred.' }));
      });
  };

  // Handlers are attached before the port opens. With a fixed port the app exists before it opens
  // too; with port 0 (the port is only known once listening) early requests wait for it.
  let markReady!: (local: CognateLocal) => void;
  let markFailed!: (error: unknown) => void;
  const ready = new Promise<CognateLocal>((resolve, reject) => {
    markReady = resolve;
    markFailed = reject;
  });
  ready.catch(() => {});
  server.on('request', (req, res) => {
    if (local) return serve(local, req, res);
    ready.then(
      app => serve(app, req, res),
      () => req.socket.destroy(),
    );
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  });
  const plainSockets = tls ? plainHttpOnTlsPort(server as HttpsServer, () => url) : undefined;
  let port: number;
  try {
    if (requestedPort !== 0) local = await build(requestedPort);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(requestedPort, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    port = (server.address() as AddressInfo).port;
    local ??= await build(port);
    markReady(local);
  } catch (error) {
    markFailed(error);
    server.close();
    if (local) local.close();
    else store.close();
    throw error;
  }
  const app = local;
  return {
    url,
    port,
    host,
    local: app,
    server,
    ...(tls ? { tls } : {}),
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => {
          app.close();
          resolve();
        });
        server.closeAllConnections();
        for (const socket of plainSockets ?? []) socket.destroy();
      }),
  };
}

/**
 * Plain HTTP sent to the https port (an old `http://` URL) gets an answer instead of a TLS error:
 * GET and HEAD a 308 to the https URL, anything else a 400 saying where to go. The first byte tells
 * them apart (0x16 opens every TLS handshake); TLS connections go on to the https server as before.
 * Returns the sockets still open, for close().
 */
function plainHttpOnTlsPort(server: HttpsServer, url: () => string): Set<Socket> {
  const open = new Set<Socket>();
  const plain = createServer({ requestTimeout: 30_000 }, (req, res) => {
    req.resume();
    const target = url() + (req.url?.startsWith('/') ? req.url : '/');
    if (req.method === 'GET' || req.method === 'HEAD') {
      res.writeHead(308, { location: target, 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end(`This server speaks HTTPS: ${target}\n`);
      return;
    }
    const body = JSON.stringify({ __type: 'InvalidRequestException', message: `This cognate-local serves HTTPS (--https): use ${url()} as the endpoint.` });
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'content-length': String(Buffer.byteLength(body)), connection: 'close' }).end(body);
  });
  plain.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  });
  const toTls = server.listeners('connection') as Array<(socket: Socket) => void>;
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    // Every raw socket is closed by close(), whether it spoke TLS, HTTP or nothing yet.
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setTimeout(30_000, () => socket.destroy()); // silent after connecting, or a stalled plain request
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      if (first[0] === 0x16) {
        socket.setTimeout(0); // the TLS socket keeps its own handshake and request timeouts
        for (const listener of toTls) listener.call(server, socket);
      } else {
        plain.emit('connection', socket);
        socket.resume(); // the unshifted first chunk reaches the HTTP parser as 'data'
      }
    });
  });
  return open;
}
