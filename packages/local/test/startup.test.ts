/**
 * The port opens only when the server can answer: requests sent the moment `cognate-local start`
 * accepts connections are all answered (they once hung forever when they beat the request handler).
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import { expect, it } from 'vitest';
import { BIN, start } from './helpers.js';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>(resolve => probe.close(() => resolve()));
  return port;
}

/** Resolves once a TCP connection to the port succeeds (retrying each refusal at once). */
async function portOpen(port: number, exited: () => boolean): Promise<void> {
  for (;;) {
    if (exited()) throw new Error('cognate-local exited before listening');
    const opened = await new Promise<boolean>(resolve => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (opened) return;
  }
}

/** GET /health on its own connection; the status, or 'timeout' after 10 s without an answer. */
function health(port: number): Promise<number | string> {
  return new Promise(resolve => {
    const req = request({ host: '127.0.0.1', port, path: '/health', agent: false, timeout: 10_000 }, res => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => {
      req.destroy();
      resolve('timeout');
    });
    req.on('error', error => resolve(`error ${(error as NodeJS.ErrnoException).code}`));
    req.end();
  });
}

it('answers all of 100 requests sent as soon as the port accepts connections', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'start', '--port', String(port), '--demo', '--in-memory'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    await portOpen(port, () => exited);
    const answers = await Promise.all(Array.from({ length: 100 }, () => health(port)));
    expect(answers.filter(a => a !== 200)).toEqual([]);
  } finally {
    child.kill();
  }
}, 60_000);

it('a fixed port already taken still rejects with EADDRINUSE (the app built before listening is closed again)', async () => {
  const taken = await start({ port: 0 });
  try {
    const error = (await start({ port: taken.port, config: { userPools: [{ PoolName: 'p' }] } }).then(
      () => undefined,
      (e: NodeJS.ErrnoException) => e,
    ))!;
    expect(error?.code).toBe('EADDRINUSE');
    expect((await fetch(`${taken.url}/health`)).status).toBe(200);
  } finally {
    await taken.close();
  }
});
