/**
 * Hostile request input over real HTTP: bodies far over their limit (streamed, with and without a
 * Content-Length) answered without being read, measured on the CLI's process; malformed
 * percent-escapes in cookies and in a Basic `Authorization` header; deeply nested and malformed
 * JSON. Every answer is a 4xx, never a 500, and the server keeps serving.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { call, start, startCli } from './helpers.js';

/** The resident set of a process, in bytes. */
function rss(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
}

/**
 * POSTs `total` bytes to `url`, written 64 KiB at a time as the socket drains (never held at once),
 * with or without a declared Content-Length; stops sending once the answer has come. Resolves with
 * the status and the bytes sent by then.
 */
function postHuge(url: string, total: number, declareLength: boolean): Promise<{ status: number; body: string; sent: number }> {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(declareLength ? { 'content-length': String(total) } : {}) },
    });
    req.on('response', res => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', c => (body += c));
      res.on('end', () => {
        resolve({ status: res.statusCode!, body, sent });
        req.destroy();
      });
    });
    req.on('error', error => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('bodies over the limit', () => {
  let cli: { child: ChildProcess; url: string };
  beforeAll(async () => {
    cli = await startCli(['--demo', '--in-memory']);
  });
  afterAll(() => {
    cli?.child.kill('SIGTERM');
  });

  it('96 MiB to /oauth2/token and /login is refused without being read: 4xx, and the process grows by a third of one body at most', async () => {
    const { url, child } = cli;
    const port = new URL(url).port;
    const login = `${url}/login?${new URLSearchParams({ client_id: 'cognatedemo0000000000web01', response_type: 'code', redirect_uri: `http://localhost:${port}/_local/console/demo` })}`;
    // Warm up both routes so that their code is loaded before the first measure.
    expect((await fetch(login)).status).toBe(200);
    expect(
      (await fetch(`${url}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=x' })).status,
    ).toBe(400);
    const before = rss(child.pid!);
    const total = 96 * 1024 * 1024;
    for (const declareLength of [true, false]) {
      const token = await postHuge(`${url}/oauth2/token`, total, declareLength);
      expect(token.status).toBe(400);
      expect(JSON.parse(token.body)).toEqual({ error: 'invalid_request', error_description: 'Request body is too large.' });
      const page = await postHuge(login, total, declareLength);
      expect(page.status).toBe(413);
      expect(page.body).toContain('The form is too large.');
      // The answer came long before the client could have sent it all.
      expect(token.sent).toBeLessThan(total);
      expect(page.sent).toBeLessThan(total);
    }
    // Reading any one body would grow the process by 96 MiB. What it does grow by is the socket
    // chunks received before each refusal, freed but kept by the allocator (20.5 MB in one CI run,
    // varying with how much arrived before the answer): a third of a body separates the two.
    const grown = rss(child.pid!) - before;
    expect(grown).toBeLessThan(total / 3);
    // Still serving, on a fresh connection.
    expect((await fetch(`${url}/health`)).status).toBe(200);
  }, 60_000);

  it('the AWS API answers 96 MiB, declared or streamed, as soon as it is over 1 MiB (400 InvalidParameterException)', async () => {
    for (const declareLength of [true, false]) {
      const res = await postHuge(`${cli.url}/`, 96 * 1024 * 1024, declareLength);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toEqual({ __type: 'InvalidParameterException', message: 'Request body is larger than 1048576 bytes.' });
      expect(res.sent).toBeLessThan(96 * 1024 * 1024);
    }
    expect((await call(cli.url, 'ListUserPools', { MaxResults: 1 })).status).toBe(200);
  }, 60_000);
});

describe('malformed escapes in cookies and Basic credentials', () => {
  const POOL = 'us-east-1_Hostile01';
  const CLIENT = 'hostileclient0000000000001';
  const APP = 'http://localhost:5173/callback';
  let server: RunningServer;
  beforeAll(async () => {
    server = await start({
      config: {
        userPools: [
          {
            Id: POOL,
            PoolName: 'hostile',
            clients: [
              {
                ClientId: CLIENT,
                ClientName: 'spa',
                AllowedOAuthFlowsUserPoolClient: true,
                AllowedOAuthFlows: ['code'],
                AllowedOAuthScopes: ['openid'],
                CallbackURLs: [APP],
                LogoutURLs: [APP],
                SupportedIdentityProviders: ['COGNITO'],
              },
            ],
          },
        ],
      },
    });
  });
  afterAll(() => server?.close());
  const authorize = new URLSearchParams({ client_id: CLIENT, response_type: 'code', redirect_uri: APP, scope: 'openid' });
  const BAD = ['%', '%E0%A4%A', '%zz', '%C0%AF'];

  it('/oauth2/authorize, /login and /logout ignore a cookie with a malformed escape', async () => {
    for (const bad of BAD) {
      const cookie = `cognito=${bad}; XSRF-TOKEN=${bad}`;
      const auth = await fetch(`${server.url}/oauth2/authorize?${authorize}`, { headers: { cookie }, redirect: 'manual' });
      expect(auth.status).toBe(302);
      expect(auth.headers.get('location')).toMatch(/^\/login\?/);
      const page = await fetch(`${server.url}/login?${authorize}`, { headers: { cookie } });
      expect(page.status).toBe(200);
      const posted = await fetch(`${server.url}/login?${authorize}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: `_csrf=${bad}&username=a&password=b`,
      });
      expect(posted.status).toBe(400);
      expect(await posted.text()).toContain('Your session expired');
      const out = await fetch(`${server.url}/logout?${new URLSearchParams({ client_id: CLIENT, logout_uri: APP })}`, {
        headers: { cookie },
        redirect: 'manual',
      });
      expect(out.status).toBe(302);
      expect(out.headers.get('location')).toBe(APP);
    }
  });

  it('/oauth2/token answers a malformed Basic header with 401 invalid_client', async () => {
    const headers = (value: string) => ({ authorization: `Basic ${value}`, 'content-type': 'application/x-www-form-urlencoded' });
    const basic = (text: string) => Buffer.from(text).toString('base64');
    for (const value of [basic(`%zz:secret`), basic(`${CLIENT}:%E0%A4%A`), basic('no-colon'), '!!!not-base64!!!', 'a']) {
      const res = await fetch(`${server.url}/oauth2/token`, { method: 'POST', headers: headers(value), body: 'grant_type=client_credentials' });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Basic');
      expect(await res.json()).toEqual({ error: 'invalid_client' });
    }
    const revoke = await fetch(`${server.url}/oauth2/revoke`, { method: 'POST', headers: headers(basic('%:%')), body: 'token=x' });
    expect(revoke.status).toBe(401);
  });

  it('a callback URL that is not a URL cannot be registered, and as redirect_uri is refused as a page, not a 500', async () => {
    const update = await call(server.url, 'UpdateUserPoolClient', { UserPoolId: POOL, ClientId: CLIENT, CallbackURLs: [APP, 'not a url'] });
    expect([update.status, update.body.__type]).toEqual([400, 'InvalidParameterException']);
    const params = new URLSearchParams({ client_id: CLIENT, response_type: 'nonsense', redirect_uri: 'not a url' });
    const res = await fetch(`${server.url}/oauth2/authorize?${params}`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('redirect_uri');
  });
});

describe('deep and malformed JSON', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(() => server?.close());
  const nest = (depth: number, leaf: string) => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);

  it('a 10,000-deep LambdaConfig is refused with SerializationException, and nothing is stored', async () => {
    const body = `{"PoolName":"deep","LambdaConfig":${nest(10_000, '"x"')}}`;
    const res = await call(server.url, 'CreateUserPool', body);
    expect(res.status).toBe(400);
    expect(res.body.__type).toBe('SerializationException');
    const list = await call(server.url, 'ListUserPools', { MaxResults: 60 });
    expect(list.status).toBe(200);
    expect(list.body.UserPools).toEqual([]);
  });

  it('nesting up to 32 levels parses; 33 does not', async () => {
    const ok = await call(server.url, 'ListUserPools', `{"MaxResults":10,"x":${nest(31, '1')}}`);
    expect(ok.status).toBe(200);
    const deep = await call(server.url, 'ListUserPools', `{"MaxResults":10,"x":${nest(32, '1')}}`);
    expect(deep.status).toBe(400);
    expect(deep.body).toEqual({ __type: 'SerializationException', message: 'Request body nests deeper than 32 levels.' });
    // Brackets inside strings are not nesting.
    const text = await call(server.url, 'ListUserPools', { MaxResults: 10, x: '['.repeat(1000) + '\\"{'.repeat(100) });
    expect(text.status).toBe(200);
  });

  it('malformed JSON is a SerializationException', async () => {
    for (const body of ['{', '{"PoolName":', '{"a":1}}', 'nul']) {
      const res = await call(server.url, 'CreateUserPool', body);
      expect(res.status).toBe(400);
      expect(res.body.__type).toBe('SerializationException');
    }
  });
});
