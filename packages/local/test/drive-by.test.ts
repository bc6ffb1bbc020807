/**
 * A local server on a laptop that browses the web, over the wire: admin operations need a SigV4
 * signature (verified when credentials are configured, else checked for shape), a Host header that
 * does not name the server is refused before any route runs (DNS rebinding), requests that carry
 * another origin's Origin or a cross-site Sec-Fetch-Site are refused on admin operations and
 * `/_local/*`, `/_local/*` writes need a JSON content type, and CORS is `*` only for the public
 * operations. The Chromium side is browser-drive-by.test.ts; the CLI's warning is in cli.test.ts.
 */
import { request } from 'node:http';
import { CognitoIdentityProviderClient, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCognateLocal, type RunningServer } from '../src/index.js';
import { call, errorName, lastCode, quiet, sdk, signedHeaders, start, seededRandom } from './helpers.js';

const POOL = 'us-east-1_DriveBy001';
const CLIENT = 'drivebyclient0000000000001';
let server: RunningServer;

beforeAll(async () => {
  server = await start({
    config: {
      userPools: [
        {
          Id: POOL,
          PoolName: 'drive-by',
          AutoVerifiedAttributes: ['email'],
          clients: [{ ClientId: CLIENT, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }],
          users: [{ Username: 'alice', Password: 'Passw0rd!', Attributes: { email: 'alice@example.com' } }],
        },
      ],
    },
    cors: { allowedOrigins: ['http://localhost:3000'] },
  });
});
afterAll(() => server?.close());

/** A raw AWS JSON 1.1 POST with exactly these headers. */
async function raw(op: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}`, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { __type: string; message: string }, headers: res.headers };
}

/** A request through node:http, where the Host header can be anything. */
function viaHost(host: string, method: string, path: string, headers: Record<string, string> = {}, body = ''): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, method, path, headers: { host, ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      res => {
        let text = '';
        res.on('data', c => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const userCount = async () => (await call(server.url, 'ListUsers', { UserPoolId: POOL })).body.Users.length as number;

describe('admin operations need a SigV4 signature', () => {
  it('an unsigned admin call is refused with MissingAuthenticationTokenException, a public one is served unsigned', async () => {
    const refused = await raw('ListUsers', { UserPoolId: POOL });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
    expect(refused.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException:');
    const setPassword = await raw('AdminSetUserPassword', { UserPoolId: POOL, Username: 'alice', Password: 'Hijacked1!', Permanent: true });
    expect(setPassword.body.__type).toBe('MissingAuthenticationTokenException');
    const signIn = await raw('InitiateAuth', {
      ClientId: CLIENT,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'alice', PASSWORD: 'Passw0rd!' },
    });
    expect(signIn.status).toBe(200);
  });

  it('a malformed Authorization header or a missing X-Amz-Date is refused with IncompleteSignatureException', async () => {
    const date = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
    const scope = `local/${date.slice(0, 8)}/us-east-1/cognito-idp/aws4_request`;
    for (const authorization of [
      'Bearer abc',
      `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host;x-amz-date, Signature=nothex`,
      `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host;x-amz-date`,
      `AWS4-HMAC-SHA256 Credential=${scope.replace('cognito-idp', 's3')}, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`,
      `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=x-amz-date, Signature=${'a'.repeat(64)}`,
    ]) {
      const res = await raw('ListUsers', { UserPoolId: POOL }, { authorization, 'x-amz-date': date });
      expect(res.status, authorization).toBe(400);
      expect(res.body.__type, authorization).toBe('IncompleteSignatureException');
    }
    const noDate = await raw(
      'ListUsers',
      { UserPoolId: POOL },
      { authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}` },
    );
    expect(noDate.body.__type).toBe('IncompleteSignatureException');
    // Without configured credentials a well-shaped signature is enough (any SDK sends one).
    const shaped = await raw(
      'ListUsers',
      { UserPoolId: POOL },
      { authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`, 'x-amz-date': date },
    );
    expect(shaped.status).toBe(200);
  });

  describe('with configured credentials', () => {
    const credentials = { accessKeyId: 'AKIDCOGNATELOCAL', secretAccessKey: 'right-secret' };
    let signed: RunningServer;
    const client = (secretAccessKey: string, accessKeyId = credentials.accessKeyId) =>
      new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: signed.url, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
    beforeAll(async () => {
      signed = await start({ credentials });
    });
    afterAll(() => signed?.close());

    it('the AWS SDK with the right secret works; a wrong secret or an unknown key is refused', async () => {
      expect((await client('right-secret').send(new ListUserPoolsCommand({ MaxResults: 5 }))).UserPools).toEqual([]);
      expect(await errorName(client('wrong-secret').send(new ListUserPoolsCommand({ MaxResults: 5 })))).toBe('InvalidSignatureException');
      expect(await errorName(client('right-secret', 'AKIDSOMEONEELSE').send(new ListUserPoolsCommand({ MaxResults: 5 })))).toBe('UnrecognizedClientException');
      const wrong = await call(signed.url, 'ListUserPools', { MaxResults: 5 });
      expect(wrong.status).toBe(400);
      expect(wrong.body.__type).toBe('UnrecognizedClientException');
    });

    it('a body other than the one signed, and a signature older than 15 minutes, are refused', async () => {
      const target = 'AWSCognitoIdentityProviderService.CreateUserPool';
      const base = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target };
      const headers = await signedHeaders(signed.url, target, '{"PoolName":"a"}', base, credentials);
      const tampered = await fetch(signed.url, { method: 'POST', headers, body: '{"PoolName":"b"}' });
      expect(((await tampered.json()) as { __type: string }).__type).toBe('InvalidSignatureException');
      const u = new URL(signed.url);
      const old = await new SignatureV4({ service: 'cognito-idp', region: 'us-east-1', credentials, sha256: Sha256 }).sign(
        {
          method: 'POST',
          protocol: 'http:',
          hostname: u.hostname,
          port: Number(u.port),
          path: '/',
          query: {},
          headers: { ...base, host: u.host },
          body: '{"PoolName":"a"}',
        },
        { signingDate: new Date(Date.now() - 20 * 60 * 1000) },
      );
      const { host: _h, ...oldHeaders } = old.headers as Record<string, string>;
      const stale = await fetch(signed.url, { method: 'POST', headers: oldHeaders, body: '{"PoolName":"a"}' });
      const body = (await stale.json()) as { __type: string; message: string };
      expect(body.__type).toBe('InvalidSignatureException');
      expect(body.message).toContain('15 minutes');
      const ok = await fetch(signed.url, { method: 'POST', headers, body: '{"PoolName":"a"}' });
      expect(ok.status).toBe(200);
    });

    it('garbage in Authorization, X-Amz-Date, Origin and Sec-Fetch-Site gets a Cognito-shaped 4xx, never a 5xx (seeded)', async () => {
      const rand = seededRandom(20261204);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
      const junk = () => Array.from({ length: Math.floor(rand() * 40) }, () => String.fromCharCode(32 + Math.floor(rand() * 95))).join('');
      const date = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
      const parts = [
        'AWS4-HMAC-SHA256 ',
        'Credential=',
        `${credentials.accessKeyId}/`,
        `${date.slice(0, 8)}/`,
        'us-east-1/',
        'cognito-idp/',
        'aws4_request',
        ', ',
        'SignedHeaders=',
        'host;x-amz-date',
        ';',
        'Signature=',
        'f'.repeat(64),
        '/',
        '=',
        ' ',
      ];
      const statuses = new Set<number>();
      for (let i = 0; i < 150; i++) {
        const headers: Record<string, string> = {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSCognitoIdentityProviderService.${pick(['ListUsers', 'AdminCreateUser', 'CreateUserPool', 'UpdateUserPool'])}`,
        };
        headers.authorization = Array.from({ length: Math.floor(rand() * 14) }, () => (rand() < 0.85 ? pick(parts) : junk())).join('');
        if (rand() < 0.8) headers['x-amz-date'] = rand() < 0.5 ? date : pick(['20269999T999999Z', '00000000T000000Z', junk(), `${date.slice(0, 8)}T250000Z`]);
        if (rand() < 0.2) headers.origin = pick(['null', junk(), 'http://localhost:3000', `http://localhost:${signed.port}`]);
        if (rand() < 0.2) headers['sec-fetch-site'] = pick(['cross-site', 'same-site', 'same-origin', 'none', junk()]);
        const res = await fetch(signed.url, { method: 'POST', headers, body: pick(['{}', '{"UserPoolId":"x"}', '', 'not json']) });
        statuses.add(res.status);
        expect(res.status, JSON.stringify(headers)).toBeLessThan(500);
        const body = (await res.json()) as { __type?: string; message?: string };
        expect(typeof body.__type).toBe('string');
        expect(typeof body.message).toBe('string');
      }
      expect([...statuses].sort()).toEqual([400, 403]);
      expect((await client('right-secret').send(new ListUserPoolsCommand({ MaxResults: 5 }))).UserPools).toEqual(expect.any(Array));
    });
  });
});

it("an in-process handler (createCognateLocal) applies the config's credentials and origins too", async () => {
  const local = await createCognateLocal({
    ...quiet,
    config: { credentials: { accessKeyId: 'AKIDINPROCESS', secretAccessKey: 's3cret' }, cors: { allowedOrigins: ['http://localhost:3000'] } },
  });
  try {
    const url = 'http://cognate.test/';
    const target = 'AWSCognitoIdentityProviderService.ListUserPools';
    const base = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target };
    const send = async (headers: Record<string, string>) =>
      (await (await local.handle(new Request(url, { method: 'POST', headers, body: '{"MaxResults":5}' }))).json()) as {
        __type?: string;
        UserPools?: unknown[];
      };
    expect((await send(base)).__type).toBe('MissingAuthenticationTokenException');
    expect((await send({ ...base, ...(await signedHeaders(url, target, '{"MaxResults":5}', base)) })).__type).toBe('UnrecognizedClientException');
    const right = await signedHeaders(url, target, '{"MaxResults":5}', base, { accessKeyId: 'AKIDINPROCESS', secretAccessKey: 's3cret' });
    expect((await send({ ...base, ...right })).UserPools).toEqual([]);
    expect((await send({ ...base, ...right, origin: 'http://localhost:3000' })).UserPools).toEqual([]);
    expect((await send({ ...base, ...right, origin: 'http://localhost:3001' })).__type).toBe('AccessDeniedException');
  } finally {
    local.close();
  }
});

describe('the Host header must name this server (DNS rebinding)', () => {
  it('a request for evil.example:PORT is refused before any route runs, on the AWS fast path and the Fetch handler', async () => {
    const host = `evil.example:${server.port}`;
    const before = await userCount();
    const signUp = await viaHost(
      host,
      'POST',
      '/',
      { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp' },
      JSON.stringify({ ClientId: CLIENT, Username: 'rebound', Password: 'Passw0rd!' }),
    );
    expect(signUp.status).toBe(403);
    expect(JSON.parse(signUp.body).__type).toBe('AccessDeniedException');
    expect(await userCount()).toBe(before);
    for (const [method, path, headers, body] of [
      ['GET', '/_local/messages', {}, ''],
      ['GET', '/health', {}, ''],
      ['POST', '/_local/reset', { 'content-type': 'application/json' }, '{}'],
      ['GET', `/${POOL}/.well-known/jwks.json`, {}, ''],
    ] as const) {
      const res = await viaHost(host, method, path, headers, body);
      expect(res.status, path).toBe(403);
      expect(JSON.parse(res.body).__type, path).toBe('AccessDeniedException');
    }
    expect(await userCount()).toBe(before);
    // The names the server listens on are fine, with the port.
    expect((await viaHost(`localhost:${server.port}`, 'GET', '/health')).status).toBe(200);
    expect((await viaHost(`127.0.0.1:${server.port}`, 'GET', '/health')).status).toBe(200);
    expect((await viaHost(`localhost:1`, 'GET', '/health')).status).toBe(403);
  });

  it('extra names are allowed when configured', async () => {
    const lan = await start({ allowedHosts: ['devbox.lan'] });
    try {
      const res = await new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port: lan.port, path: '/health', headers: { host: `devbox.lan:${lan.port}` } }, r => (r.resume(), resolve(r.statusCode!)))
          .on('error', reject)
          .end();
      });
      expect(res).toBe(200);
    } finally {
      await lan.close();
    }
  });
});

describe('cross-site browser requests', () => {
  const attacker = 'http://127.0.0.1:1234';

  it('admin operations refuse another origin (even signed) with AccessDeniedException and no CORS; public ones answer it with CORS *', async () => {
    const before = await userCount();
    for (const headers of [{ origin: attacker }, { 'sec-fetch-site': 'same-site' }, { 'sec-fetch-site': 'cross-site' }]) {
      const res = await call(server.url, 'AdminCreateUser', { UserPoolId: POOL, Username: 'mallory' }, undefined, headers);
      expect(res.status).toBe(403);
      expect(res.body.__type).toBe('AccessDeniedException');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect(await userCount()).toBe(before);
    const signUp = await raw(
      'SignUp',
      { ClientId: CLIENT, Username: 'bob', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }] },
      { origin: attacker, 'sec-fetch-site': 'cross-site' },
    );
    expect(signUp.status).toBe(200);
    expect(signUp.headers.get('access-control-allow-origin')).toBe('*');
  });

  it("the server's own origin and a configured origin may call admin operations, with the origin echoed", async () => {
    for (const origin of [`http://localhost:${server.port}`, 'http://localhost:3000']) {
      const res = await call(server.url, 'ListUsers', { UserPoolId: POOL }, undefined, { origin, 'sec-fetch-site': 'same-site' });
      expect(res.status, origin).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    }
    // Admin answers to SDKs (no Origin) carry no CORS at all.
    expect((await call(server.url, 'ListUsers', { UserPoolId: POOL })).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('/_local/* refuses other sites, and its writes need content-type: application/json', async () => {
    const before = await userCount();
    const read = await fetch(`${server.url}/_local/messages`, { headers: { origin: attacker } });
    expect(read.status).toBe(403);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    const navigate = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' };
    expect((await viaHost(`127.0.0.1:${server.port}`, 'GET', '/_local/messages', navigate)).status).toBe(403);
    expect(
      (await fetch(`${server.url}/_local/reset`, { method: 'POST', headers: { origin: attacker, 'content-type': 'application/json' }, body: '{}' })).status,
    ).toBe(403);
    // What an HTML form can send: urlencoded, multipart, text/plain.
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain']) {
      const res = await fetch(`${server.url}/_local/reset`, { method: 'POST', headers: { 'content-type': type }, body: '' });
      expect(res.status, type).toBe(400);
      expect(((await res.json()) as { __type: string }).__type).toBe('InvalidParameterException');
      const clock = await fetch(`${server.url}/_local/clock`, { method: 'POST', headers: { 'content-type': type }, body: '{"offsetSeconds":3600}' });
      expect(clock.status, type).toBe(400);
    }
    expect(((await (await fetch(`${server.url}/_local/clock`)).json()) as { offsetSeconds: number }).offsetSeconds).toBe(0);
    expect(await userCount()).toBe(before);
    // The preflight for /_local/* gives another origin nothing, a configured one its origin.
    const preflight = await fetch(`${server.url}/_local/reset`, { method: 'OPTIONS', headers: { origin: attacker, 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await fetch(`${server.url}/_local/messages`, { headers: { origin: 'http://localhost:3000' } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    // A link from another site may open a console page (navigation only: nothing can read it).
    expect((await viaHost(`127.0.0.1:${server.port}`, 'GET', '/_local/console/demo', navigate)).status).toBe(200);
    expect((await viaHost(`127.0.0.1:${server.port}`, 'GET', '/_local/console/demo', { ...navigate, 'sec-fetch-dest': 'iframe' })).status).toBe(403);
  });

  it('JSON writes from a tool still work', async () => {
    const set = await fetch(`${server.url}/_local/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"offsetSeconds":0}' });
    expect(set.status).toBe(200);
    await raw('SignUp', { ClientId: CLIENT, Username: 'carol', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'carol@example.com' }] });
    expect(await lastCode(server.url, POOL, 'carol')).toMatch(/^\d{6}$/);
    expect((await sdk(server.url).send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools?.map(p => p.Id)).toContain(POOL);
  });
});
