/** Loopback HTTP servers for tests: a Node handler, or a Fetch handler bridged onto Node http. */
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Served {
  url: string;
  close(): Promise<void>;
}

export async function serveNode(listener: RequestListener): Promise<Served> {
  const server = createServer(listener);
  server.keepAliveTimeout = 1;
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What Hono's node adapter does, minimally: Node request → Fetch Request → handler → Node response. */
export function serveFetch(handler: (request: Request) => Promise<Response>): Promise<Served> {
  return serveNode(async (req: IncomingMessage, res: ServerResponse) => {
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method ?? 'GET', headers });
    try {
      const response = await handler(request);
      const out: [string, string][] = [];
      response.headers.forEach((value, key) => {
        if (key !== 'set-cookie') out.push([key, value]);
      });
      res.writeHead(response.status, [...out, ...response.headers.getSetCookie().map(v => ['set-cookie', v] as [string, string])].flat());
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
}
