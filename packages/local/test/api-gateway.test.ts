/**
 * The local API Gateway (`apis` in the config, `/_api/<name>/…`) in front of a small node:http app
 * on loopback: AWS_IAM with identity-pool credentials (guest and signed in) signed by the AWS SDK's
 * own signer and by the real `aws-amplify/api`, expired credentials, tampered signatures, bodies and
 * session tokens; COGNITO_USER_POOLS with ID tokens, and access tokens with and without the
 * required scope; NONE; the caller's identity in the forwarded headers (client copies stripped);
 * and bodies streaming both ways. Each refusal is API Gateway's default gateway response.
 */
import { CognitoIdentityClient, GetCredentialsForIdentityCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { Amplify } from 'aws-amplify';
import { get, post } from 'aws-amplify/api';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { createHash } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../src/config-validate.js';
import type { RunningServer } from '../src/index.js';
import { spawn } from 'node:child_process';
import { gatewayPools, requestClientCredentials, signExecuteApi } from './gateway-pools.js';
import { BIN, call, setClock, start, startCli } from './helpers.js';

const POOL = 'us-east-1_Gateway01';
const WEB = 'gatewaywebclient0000000001';
const MACHINE = 'gatewaymachineclient000001';
const IDENTITY_POOL = 'us-east-1:00000000-0000-4000-8000-00000000a001';
const PROVIDER = `cognito-idp.us-east-1.amazonaws.com/${POOL}`;
const AUTH_ROLE = 'arn:aws:iam::123456789012:role/Authenticated';
const GUEST_ROLE = 'arn:aws:iam::123456789012:role/Guest';
const PASSWORD = 'Passw0rd!x';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  bytes: number;
  sha256: string;
}

let upstream: Server;
let upstreamUrl: string;
let server: RunningServer;
let ci: CognitoIdentityClient;
const seen: Seen[] = [];
/** The streaming route waits for this before its second chunk. */
let release: () => void = () => {};

beforeAll(async () => {
  upstream = createServer((req, res) => {
    if (req.url === '/stream') {
      // Chunked: the first part now, the rest only once the test has read the first through the gateway.
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first;');
      new Promise<void>(r => (release = r)).then(() => res.end('second'));
      return;
    }
    if (req.url === '/duplex') {
      // Answers as soon as the first request bytes arrive, and counts the rest as they come.
      let bytes = 0;
      req.on('data', (chunk: Buffer) => {
        if (bytes === 0) {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('got-first;');
        }
        bytes += chunk.length;
      });
      req.on('end', () => res.end(`total=${bytes}`));
      return;
    }
    const hash = createHash('sha256');
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      hash.update(chunk);
    });
    req.on('end', () => {
      const record: Seen = { method: req.method!, url: req.url!, headers: req.headers, bytes, sha256: hash.digest('hex') };
      seen.push(record);
      res.writeHead(req.method === 'POST' ? 201 : 200, [
        ['content-type', 'application/json'],
        ['x-upstream', 'yes'],
        ['set-cookie', 'a=1; Path=/'],
        ['set-cookie', 'b=2; Path=/'],
      ]);
      res.end(JSON.stringify(record));
    });
  });
  await new Promise<void>(r => upstream.listen(0, '127.0.0.1', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  server = await start({
    config: {
      ...gatewayPools({ pool: POOL, web: WEB, machine: MACHINE, identityPool: IDENTITY_POOL, authRole: AUTH_ROLE, guestRole: GUEST_ROLE }, 'gateway', {
        Password: PASSWORD,
        Attributes: { email: 'alice@example.com', name: 'Alíce' },
      }),
      apis: [
        { name: 'iam', target: upstreamUrl, authorizer: 'AWS_IAM' },
        { name: 'users', target: `${upstreamUrl}/base/`, authorizer: 'COGNITO_USER_POOLS', userPoolId: POOL },
        { name: 'orders', target: upstreamUrl, authorizer: 'COGNITO_USER_POOLS', userPoolId: POOL, scopes: ['orders/read'] },
        { name: 'open', target: upstreamUrl, authorizer: 'NONE' },
      ],
    },
  });
  ci = new CognitoIdentityClient({ region: 'us-east-1', endpoint: server.url, maxAttempts: 1 });
});

afterAll(async () => {
  await server?.close();
  upstream?.closeAllConnections();
  await new Promise(r => upstream?.close(r));
});

afterEach(() => setClock(server.url, { offsetSeconds: 0 }));

async function tokens(): Promise<{ IdToken: string; AccessToken: string }> {
  const res = await call(server.url, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: WEB, AuthParameters: { USERNAME: 'alice', PASSWORD } });
  return res.body.AuthenticationResult;
}

interface Creds {
  identityId: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

async function credentials(idToken?: string): Promise<Creds> {
  const Logins = idToken ? { [PROVIDER]: idToken } : undefined;
  const { IdentityId } = await ci.send(new GetIdCommand({ IdentityPoolId: IDENTITY_POOL, ...(Logins ? { Logins } : {}) }));
  const { Credentials } = await ci.send(new GetCredentialsForIdentityCommand({ IdentityId: IdentityId!, ...(Logins ? { Logins } : {}) }));
  return {
    identityId: IdentityId!,
    accessKeyId: Credentials!.AccessKeyId!,
    secretAccessKey: Credentials!.SecretKey!,
    sessionToken: Credentials!.SessionToken!,
  };
}

/** Headers signed by the AWS SDK's SigV4 signer for service execute-api. */
function sign(creds: Omit<Creds, 'identityId'>, method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  return signExecuteApi(creds, method, new URL(path, server.url), { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body);
}

async function signedFetch(creds: Creds, method: string, path: string, body?: string, extra: Record<string, string> = {}) {
  const headers = await sign(creds, method, path, body, extra);
  return fetch(new URL(path, server.url), { method, headers, ...(body !== undefined ? { body } : {}) });
}

async function refusal(res: Response) {
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), body: await res.json() };
}

const forwarded = async (res: Response) => (await res.json()) as Seen;
const json = (value: string | string[] | undefined) => JSON.parse(String(value));

describe('AWS_IAM', () => {
  it('lets a guest identity through with its identity and role, forwarding path, query, method and body', async () => {
    const creds = await credentials();
    const body = JSON.stringify({ item: 'book' });
    const res = await signedFetch(creds, 'POST', '/_api/iam/items/42?color=red&size=m', body, { 'x-cognate-role-arn': 'arn:aws:iam::123456789012:role/Admin' });
    expect(res.status).toBe(201);
    const got = await forwarded(res);
    expect(got).toMatchObject({ method: 'POST', url: '/items/42?color=red&size=m', bytes: body.length });
    expect(got.headers['x-cognate-identity-id']).toBe(creds.identityId);
    expect(got.headers['x-cognate-identity-pool-id']).toBe(IDENTITY_POOL);
    expect(got.headers['x-cognate-authentication-type']).toBe('unauthenticated');
    // The client's own x-cognate-role-arn was dropped: the role is the one the identity pool mapped.
    expect(got.headers['x-cognate-role-arn']).toBe(GUEST_ROLE);
    expect(json(got.headers['x-cognate-request-context'])).toMatchObject({
      apiId: 'iam',
      httpMethod: 'POST',
      resourcePath: '/items/42',
      identity: {
        cognitoIdentityId: creds.identityId,
        cognitoIdentityPoolId: IDENTITY_POOL,
        cognitoAuthenticationType: 'unauthenticated',
        accessKey: creds.accessKeyId,
      },
    });
  });

  it('lets a signed-in identity through with the authenticated role', async () => {
    const { IdToken } = await tokens();
    const creds = await credentials(IdToken);
    const res = await signedFetch(creds, 'GET', '/_api/iam/me');
    expect(res.status).toBe(200);
    const got = await forwarded(res);
    expect(got.headers['x-cognate-identity-id']).toBe(creds.identityId);
    expect(got.headers['x-cognate-authentication-type']).toBe('authenticated');
    expect(got.headers['x-cognate-role-arn']).toBe(AUTH_ROLE);
  });

  it('verifies paths that need encoding (each segment encoded again, as SigV4 does for execute-api)', async () => {
    const creds = await credentials();
    const res = await signedFetch(creds, 'GET', '/_api/iam/files/my%20report%3A1.txt?q=a%20b');
    expect(res.status).toBe(200);
    expect((await forwarded(res)).url).toBe('/files/my%20report%3A1.txt?q=a%20b');
  });

  it('refuses a request without the session token, and a signed body over 10 MB', async () => {
    const creds = await credentials();
    const headers = await sign(creds, 'GET', '/_api/iam/items');
    const { 'x-amz-security-token': _token, ...without } = headers;
    expect(await refusal(await fetch(`${server.url}/_api/iam/items`, { headers: without }))).toMatchObject({
      status: 403,
      type: 'UnrecognizedClientException',
    });
    const big = 'x'.repeat(10 * 1024 * 1024 + 1);
    const res = await signedFetch(creds, 'POST', '/_api/iam/items', big);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ message: 'Request Too Long' });
  });

  it('answers an unsigned request 403 Missing Authentication Token', async () => {
    const count = seen.length;
    const res = await fetch(`${server.url}/_api/iam/items`);
    expect(await refusal(res)).toEqual({ status: 403, type: 'MissingAuthenticationTokenException', body: { message: 'Missing Authentication Token' } });
    expect(seen.length).toBe(count);
  });

  it('refuses a tampered signature, a body other than the one signed, and a forged session token', async () => {
    const creds = await credentials();
    const count = seen.length;
    const headers = await sign(creds, 'GET', '/_api/iam/items');
    const tampered = headers.authorization!.replace(/Signature=([0-9a-f]+)$/, (_, s: string) => `Signature=${s.slice(0, -1)}${s.endsWith('0') ? '1' : '0'}`);
    const bad = await refusal(await fetch(`${server.url}/_api/iam/items`, { headers: { ...headers, authorization: tampered } }));
    expect(bad).toMatchObject({ status: 403, type: 'InvalidSignatureException' });
    expect(bad.body.message).toMatch(/^The request signature we calculated does not match the signature you provided\./);

    const signedFor = await sign(creds, 'POST', '/_api/iam/items', '{"amount":1}');
    const swapped = await fetch(`${server.url}/_api/iam/items`, { method: 'POST', headers: signedFor, body: '{"amount":9}' });
    expect(await refusal(swapped)).toMatchObject({ status: 403, type: 'InvalidSignatureException' });

    // A session token rewritten to claim the authenticated role, signed with the real secret: its secret differs.
    const [prefix, rest] = [creds.sessionToken.slice(0, 17), creds.sessionToken.slice(17)];
    const [info, tail] = rest.split('.') as [string, string];
    const claimed = { ...JSON.parse(Buffer.from(info, 'base64url').toString()), roleArn: AUTH_ROLE };
    const forged = `${prefix}${Buffer.from(JSON.stringify(claimed)).toString('base64url')}.${tail}`;
    const res = await signedFetch({ ...creds, sessionToken: forged }, 'GET', '/_api/iam/items');
    expect(await refusal(res)).toMatchObject({ status: 403, type: 'InvalidSignatureException' });
    // Credentials this server never issued.
    const made = await signedFetch({ ...creds, accessKeyId: 'ASIAAAAAAAAAAAAAAAAA' }, 'GET', '/_api/iam/items');
    expect(await refusal(made)).toEqual({
      status: 403,
      type: 'UnrecognizedClientException',
      body: { message: 'The security token included in the request is invalid.' },
    });
    expect(seen.length).toBe(count);
  });

  it('refuses credentials once they have expired on the server clock', async () => {
    const creds = await credentials();
    expect((await signedFetch(creds, 'GET', '/_api/iam/items')).status).toBe(200);
    await setClock(server.url, { offsetSeconds: 3601 });
    const res = await signedFetch(creds, 'GET', '/_api/iam/items');
    expect(await refusal(res)).toEqual({
      status: 403,
      type: 'ExpiredTokenException',
      body: { message: 'The security token included in the request is expired' },
    });
  });

  it('works with aws-amplify/api: guest, then signed in, with the same code', async () => {
    Amplify.configure({
      Auth: {
        Cognito: {
          userPoolId: POOL,
          userPoolClientId: WEB,
          userPoolEndpoint: server.url,
          identityPoolId: IDENTITY_POOL,
          identityPoolEndpoint: server.url,
          allowGuestAccess: true,
        },
      },
      API: { REST: { shop: { endpoint: `${server.url}/_api/iam`, region: 'us-east-1' } } },
    });
    const callApi = async () => {
      const { body, statusCode } = await post({ apiName: 'shop', path: '/orders', options: { body: { item: 'pen' } } }).response;
      return { statusCode, got: (await body.json()) as unknown as Seen };
    };
    const guest = await callApi();
    expect(guest.statusCode).toBe(201);
    expect(guest.got.headers['x-cognate-role-arn']).toBe(GUEST_ROLE);
    expect(guest.got.headers['x-cognate-authentication-type']).toBe('unauthenticated');

    const signed = await signIn({ username: 'alice', password: PASSWORD });
    expect(signed.isSignedIn).toBe(true);
    const { identityId } = await fetchAuthSession();
    const user = await callApi();
    expect(user.got.headers['x-cognate-role-arn']).toBe(AUTH_ROLE);
    expect(user.got.headers['x-cognate-identity-id']).toBe(identityId);
    expect(user.got.headers['x-cognate-authentication-type']).toBe('authenticated');
    const { response } = get({ apiName: 'shop', path: '/orders', options: { queryParams: { page: '2' } } });
    expect(((await (await response).body.json()) as unknown as Seen).url).toBe('/orders?page=2');
    await signOut();
  });
});

describe('COGNITO_USER_POOLS', () => {
  it('takes an ID token, raw or after Bearer, and forwards its claims', async () => {
    const { IdToken } = await tokens();
    for (const authorization of [IdToken, `Bearer ${IdToken}`]) {
      const res = await fetch(`${server.url}/_api/users/profile?x=1`, { headers: { authorization, 'x-cognate-claims': '{"sub":"someone-else"}' } });
      expect(res.status).toBe(200);
      const got = await forwarded(res);
      expect(got.url).toBe('/base/profile?x=1');
      const claims = json(got.headers['x-cognate-claims']);
      expect(claims).toMatchObject({ token_use: 'id', 'cognito:username': 'alice', email: 'alice@example.com', name: 'Alíce' });
      expect(String(got.headers['x-cognate-claims'])).toContain('\\u00ed');
      expect(json(got.headers['x-cognate-request-context']).authorizer.claims.sub).toBe(claims.sub);
    }
  });

  it('answers 401 Unauthorized for a missing, tampered or expired token, and for an access token where an ID token is wanted', async () => {
    const { IdToken, AccessToken } = await tokens();
    const count = seen.length;
    const unauthorized = { status: 401, type: 'UnauthorizedException', body: { message: 'Unauthorized' } };
    expect(await refusal(await fetch(`${server.url}/_api/users/profile`))).toEqual(unauthorized);
    const [h, p, s] = IdToken.split('.') as [string, string, string];
    const payload = { ...JSON.parse(Buffer.from(p, 'base64url').toString()), 'cognito:username': 'mallory' };
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    expect(await refusal(await fetch(`${server.url}/_api/users/profile`, { headers: { authorization: tampered } }))).toEqual(unauthorized);
    expect(await refusal(await fetch(`${server.url}/_api/users/profile`, { headers: { authorization: AccessToken } }))).toEqual(unauthorized);
    await setClock(server.url, { offsetSeconds: 3601 });
    expect(await refusal(await fetch(`${server.url}/_api/users/profile`, { headers: { authorization: IdToken } }))).toEqual(unauthorized);
    expect(seen.length).toBe(count);
  });

  it('does not check revocation, as API Gateway verifies the JWT alone: an ID token still passes after GlobalSignOut', async () => {
    const { IdToken, AccessToken } = await tokens();
    expect((await call(server.url, 'GlobalSignOut', { AccessToken })).status).toBe(200);
    expect((await call(server.url, 'GetUser', { AccessToken })).body.__type).toBe('NotAuthorizedException');
    expect((await fetch(`${server.url}/_api/users/profile`, { headers: { authorization: IdToken } })).status).toBe(200);
  });

  it('with scopes, takes only an access token carrying one of them', async () => {
    const secret = (await call(server.url, 'DescribeUserPoolClient', { UserPoolId: POOL, ClientId: MACHINE })).body.UserPoolClient.ClientSecret;
    const issued = await requestClientCredentials(server.url, MACHINE, secret);
    const scoped = ((await issued.json()) as { access_token: string }).access_token;
    const ok = await fetch(`${server.url}/_api/orders/list`, { headers: { authorization: scoped } });
    expect(ok.status).toBe(200);
    expect(json((await forwarded(ok)).headers['x-cognate-claims'])).toMatchObject({ token_use: 'access', scope: 'orders/read', client_id: MACHINE });

    const { IdToken, AccessToken } = await tokens(); // the user's access token has aws.cognito.signin.user.admin only
    const unauthorized = { status: 401, type: 'UnauthorizedException', body: { message: 'Unauthorized' } };
    expect(await refusal(await fetch(`${server.url}/_api/orders/list`, { headers: { authorization: AccessToken } }))).toEqual(unauthorized);
    expect(await refusal(await fetch(`${server.url}/_api/orders/list`, { headers: { authorization: IdToken } }))).toEqual(unauthorized);
  });
});

describe('routing and forwarding', () => {
  it('answers an unknown API name as API Gateway answers an unknown resource', async () => {
    expect(await refusal(await fetch(`${server.url}/_api/nope/x`))).toEqual({
      status: 403,
      type: 'MissingAuthenticationTokenException',
      body: { message: 'Missing Authentication Token' },
    });
  });

  it('NONE forwards as is, without client x-cognate-* headers or hop-by-hop ones, and returns the answer unchanged', async () => {
    // node:http, since fetch refuses to send a Connection header.
    const url = new URL(`${server.url}/_api/open/thing`);
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          'x-cognate-identity-id': 'us-east-1:spoofed',
          'x-custom': 'kept',
          connection: 'keep-alive, x-drop-me',
          'x-drop-me': '1',
          'content-type': 'text/plain',
        },
      });
      req.on('response', resolve).on('error', reject);
      req.end('hello');
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-upstream']).toBe('yes');
    expect(res.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    let text = '';
    for await (const chunk of res) text += chunk;
    const got = JSON.parse(text) as Seen;
    expect(got).toMatchObject({ method: 'POST', url: '/thing', bytes: 5 });
    expect(got.headers['x-custom']).toBe('kept');
    expect(got.headers['x-cognate-identity-id']).toBeUndefined();
    expect(got.headers['x-drop-me']).toBeUndefined();
    expect(json(got.headers['x-cognate-request-context'])).toMatchObject({ apiId: 'open', resourcePath: '/thing' });
  });

  it('answers 502 when the target cannot be reached, and never crashes on a bad request', async () => {
    const down = await start({ config: { apis: [{ name: 'down', target: 'http://127.0.0.1:1', authorizer: 'NONE' }] } });
    try {
      const res = await fetch(`${down.url}/_api/down/x`);
      expect(res.status).toBe(502);
      expect((await res.json()).message).toMatch(/^Could not reach the API's target http:\/\/127\.0\.0\.1:1/);
      for (const authorization of ['AWS4-HMAC-SHA256 garbage', 'AWS4-HMAC-SHA256 Credential=a/b', '']) {
        const r = await fetch(`${server.url}/_api/iam/x`, { headers: { authorization, 'x-amz-security-token': 'IQoJb3JpZ2luX2VjE!!!' } });
        expect(r.status).toBe(403);
      }
      for (const authorization of ['a.b.c', 'Bearer', 'Bearer ' + 'x'.repeat(5000), 'e30.e30.e30']) {
        expect((await fetch(`${server.url}/_api/users/x`, { headers: { authorization } })).status).toBe(401);
      }
      expect((await fetch(`${server.url}/_api/`)).status).toBe(403);
    } finally {
      await down.close();
    }
  });

  it('refuses headers over 10240 bytes with 431', async () => {
    const res = await fetch(`${server.url}/_api/open/thing`, { headers: { 'x-big': 'a'.repeat(11_000) } });
    expect(res.status).toBe(431);
  });

  it('streams a large request body through (larger than any buffer the server keeps)', async () => {
    const body = Buffer.alloc(24 * 1024 * 1024, 7);
    const res = await fetch(`${server.url}/_api/open/upload`, { method: 'POST', body, headers: { 'content-type': 'application/octet-stream' } });
    const got = await forwarded(res);
    expect(got.bytes).toBe(body.length);
    expect(got.sha256).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it('streams a chunked response: the first part arrives before the target has finished', async () => {
    const res = await fetch(`${server.url}/_api/open/stream`);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('first;')) text += decoder.decode((await reader.read()).value);
    release(); // only now does the target write the rest
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    expect(text).toBe('first;second');
  });

  it('streams both ways at once: the answer starts before the request body has been sent', async () => {
    const url = new URL(`${server.url}/_api/open/duplex`);
    const text = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
      });
      req.on('error', reject);
      req.on('response', (res: IncomingMessage) => {
        let out = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          // The target answered after our first chunk: now send the rest.
          if (!out) req.end(Buffer.alloc(1000, 2));
          out += chunk;
        });
        res.on('end', () => resolve(out));
      });
      req.flushHeaders();
      req.write(Buffer.alloc(500, 1));
    });
    expect(text).toBe('got-first;total=1500');
  });
});

describe('cli', () => {
  it('--api NAME=URL puts a target behind the gateway; a bad --api is a usage error', async () => {
    const { child, url } = await startCli(['--demo', '--in-memory', '--api', `up=${upstreamUrl}/v1,authorizer=NONE`]);
    try {
      const res = await fetch(`${url}/_api/up/ping`);
      expect(res.status).toBe(200);
      expect((await forwarded(res)).url).toBe('/v1/ping');
    } finally {
      child.kill();
    }
    const bad = spawn(process.execPath, [BIN, 'start', '--port', '0', '--api', 'x=http://127.0.0.1:1,authorizer=COGNITO_USER_POOLS'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    bad.stderr.on('data', c => (err += c));
    expect(await new Promise(r => bad.once('exit', r))).toBe(2);
    expect(err).toBe('cognate-local: --api x=http://127.0.0.1:1,authorizer=COGNITO_USER_POOLS: userPoolId is required with authorizer COGNITO_USER_POOLS\n');
  });
});

describe('config', () => {
  it('checks apis entries', () => {
    expect(() => validateConfig({ apis: [{ name: 'a', target: 'http://127.0.0.1:3000', authorizer: 'NONE' }] })).not.toThrow();
    const problems = () =>
      validateConfig({
        apis: [
          { name: 'a b', target: 'ftp://x', authorizer: 'LAMBDA' },
          { name: 'c', target: 'http://127.0.0.1:1', authorizer: 'COGNITO_USER_POOLS' },
          { name: 'c', target: 'http://127.0.0.1:1', authorizer: 'NONE', extra: 1 },
        ],
      });
    expect(problems).toThrow(/apis\[0\]\.name must be/);
    expect(problems).toThrow(/apis\[0\]\.target must be an http\(s\) URL/);
    expect(problems).toThrow(/apis\[0\]\.authorizer must be/);
    expect(problems).toThrow(/apis\[1\]\.userPoolId is required with authorizer COGNITO_USER_POOLS/);
    expect(problems).toThrow(/apis names "c" more than once/);
    expect(problems).toThrow(/apis\[2\]\.extra is not a known key/);
  });
});
