/**
 * The REST API category (`cognate-auth/api`, `cognate-auth/api/server`) against a loopback HTTP
 * server that stands in for API Gateway: it re-signs every signed request with the AWS SDK's own
 * signer (`@smithy/signature-v4`), using the secret of the identity-pool credentials the caller
 * holds, and echoes what it received. The same code runs through the real `aws-amplify/api` with the
 * same configuration, and both must observe the same: statuses, headers, JSON bodies, query params,
 * the 4xx error's shape, cancel(), guest and signed-in IAM credentials from cognate-local's identity
 * pool, and the user pool's ID token passed in `headers`.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { Amplify as AmplifyReal, createAmplifyContext as amplifyCreateContext } from 'aws-amplify';
import * as amplifyApi from 'aws-amplify/api';
import * as amplifyAuth from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider as amplifyTokenProvider } from 'aws-amplify/auth/cognito';
import type { RunningServer } from 'cognate-local';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cognateApi from '../src/api/index.js';
import * as cognateApiServer from '../src/api/server.js';
import * as cognateAuth from '../src/auth-cognito.js';
import { Amplify, createAmplifyContext as cognateCreateContext } from '../src/index.js';
import { createServerRunner } from '../src/node/index.js';
import { fetchAuthSession as serverFetchAuthSession } from '../src/server/auth-server.js';
import { awsFetch, call, createPoolAndClient, MapStorage, startLocal } from './helpers.js';
import { serveNode, type Served } from './serve.js';

const PASSWORD = 'Corr3ct-Horse!';
const REGION = 'eu-west-3';
let local: RunningServer;
let echo: Served;
let app: Served;
type Cognito = Record<string, string | boolean>;
/** A ResourcesConfig literal, given to both libraries as it is. */
let config: { Auth: { Cognito: Cognito }; API: { REST: Record<string, { endpoint: string; region: string }> } };
let userPoolId: string;
let userPoolClientId: string;

/** The secrets of the credentials the callers hold, by access key id: what IAM knows on AWS. */
const secrets = new Map<string, { secretAccessKey: string; sessionToken?: string }>();
const remember = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined) => {
  if (credentials) secrets.set(credentials.accessKeyId, credentials);
};
/** Requests seen by /flaky, by id. */
const hits = new Map<string, number>();
/** Resolved when a request reaches /slow (which never answers): the moment to cancel. */
let slowArrived: () => void = () => {};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=[0-9a-f]{64}$/;

/** What API Gateway would decide about the signature: none, valid, or why not. */
async function checkSignature(req: IncomingMessage, url: URL, body: string): Promise<Record<string, unknown>> {
  const authorization = req.headers.authorization;
  if (!authorization) return { signature: 'none' };
  const m = AUTHORIZATION.exec(authorization);
  if (!m) return { signature: 'none', authorization };
  const [, accessKeyId, , region, service, signedHeaders] = m as unknown as [string, string, string, string, string, string];
  const secret = secrets.get(accessKeyId);
  if (!secret) return { signature: 'unknown key' };
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(';')) headers[name] = String(req.headers[name] ?? '');
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prior = query[k];
    query[k] = prior === undefined ? v : [...(typeof prior === 'string' ? [prior] : prior), v];
  }
  const amzDate = headers['x-amz-date']!;
  const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey: secret.secretAccessKey, sessionToken: secret.sessionToken },
    region,
    service,
    sha256: Sha256,
    applyChecksum: false,
  });
  const resigned = await signer.sign(
    { method: req.method!, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query, headers, body: body || undefined },
    { signingDate },
  );
  return {
    signature: resigned.headers.authorization === authorization ? 'valid' : 'mismatch',
    accessKeyId,
    region,
    service,
    tokenSigned: signedHeaders.split(';').includes('x-amz-security-token'),
  };
}

async function echoHandler(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url!, `http://${req.headers.host}`);
  const body = await readBody(req);
  if (url.pathname === '/prod/slow') {
    slowArrived();
    return; // never answers
  }
  if (url.pathname === '/prod/forbidden') {
    // API Gateway's answer to a refused call.
    res.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException', 'x-amzn-requestid': 'req-403' });
    res.end(JSON.stringify({ message: 'User is not authorized to access this resource' }));
    return;
  }
  if (url.pathname === '/prod/flaky') {
    // Fails `fail` times for this id with `status` (503 by default), then answers how often it was hit.
    const id = url.searchParams.get('id')!;
    const count = (hits.get(id) ?? 0) + 1;
    hits.set(id, count);
    const status = Number(url.searchParams.get('status') ?? 503);
    if (count <= Number(url.searchParams.get('fail'))) {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `attempt ${count} failed` }));
    } else {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ hits: count, signature: (await checkSignature(req, url, body)).signature }));
    }
    return;
  }
  if (url.pathname === '/prod/teapot') {
    res.writeHead(418, { 'content-type': 'text/plain' }).end('short and stout');
    return;
  }
  const signature = await checkSignature(req, url, body);
  res.writeHead(200, { 'content-type': 'application/json', 'x-echo': 'yes' });
  res.end(
    JSON.stringify({
      method: req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType: req.headers['content-type'] ?? null,
      custom: req.headers['x-custom'] ?? null,
      authorization: signature.signature === 'none' ? (req.headers.authorization ?? null) : 'sigv4',
      body: body ? JSON.parse(body) : null,
      ...signature,
    }),
  );
}

/** What both libraries' `Amplify` objects offer, typed loosely enough to take the same literals. */
interface Configurable {
  configure(resources: unknown, libraryOptions?: unknown): void;
  getConfig(): { API?: Record<string, unknown> };
}

type Api = Pick<typeof cognateApi, 'get' | 'post' | 'put' | 'del' | 'head' | 'patch' | 'isCancelError'>;
type Auth = Pick<typeof cognateAuth, 'fetchAuthSession' | 'signIn' | 'signOut'>;
const LIBS: [string, Api, Auth][] = [
  ['aws-amplify', amplifyApi as unknown as Api, amplifyAuth as unknown as Auth],
  ['cognate', cognateApi, cognateAuth],
];

function configureBoth(resources: unknown, libraryOptions?: Record<string, unknown>) {
  amplifyTokenProvider.setKeyValueStorage(new MapStorage());
  cognateAuth.cognitoUserPoolsTokenProvider.setKeyValueStorage(new MapStorage());
  // `{}` rather than nothing: both libraries keep the previous library options when given none.
  AmplifyReal.configure(resources as Parameters<typeof AmplifyReal.configure>[0], (libraryOptions ?? {}) as Parameters<typeof AmplifyReal.configure>[1]);
  Amplify.configure(resources as Parameters<typeof Amplify.configure>[0], libraryOptions ?? {});
}

/** The same calls through one library; what must match between the two. */
async function calls(api: Api, auth: Auth) {
  remember((await auth.fetchAuthSession()).credentials);
  const got = await api.get({
    apiName: 'echo',
    path: '/items/ሴ x?from=path&q=old',
    options: { headers: { 'X-Custom': 'one' }, queryParams: { q: 'a b&c', n: '1' } },
  }).response;
  const posted = await api.post({ apiName: 'echo', path: '/items', options: { body: { name: 'ü', list: [1, 2] } } }).response;
  const put = await api.put({ apiName: 'echo', path: '/items/1', options: { body: { ok: true }, headers: { 'Content-Type': 'application/vnd.api+json' } } })
    .response;
  const deleted = await api.del({ apiName: 'echo', path: '/items/1' }).response;
  const headed = await api.head({ apiName: 'echo', path: '/items' }).response;
  return {
    get: { statusCode: got.statusCode, contentType: got.headers['content-type'], echo: got.headers['x-echo'], body: await got.body.json() },
    // read twice: each reader is memoised, as in Amplify
    post: { statusCode: posted.statusCode, body: JSON.parse(await posted.body.text()), again: JSON.parse(await posted.body.text()) },
    put: await put.body.json(),
    del: { statusCode: deleted.statusCode },
    head: { statusCode: headed.statusCode, contentType: headed.headers['content-type'] },
  };
}

/** Keys that differ between two callers by nature (their own credentials). */
const withoutKey = (value: unknown) => JSON.parse(JSON.stringify(value, (k, v) => (k === 'accessKeyId' ? typeof v : v)));

async function errorShape(promise: Promise<unknown>) {
  try {
    await promise;
    return 'resolved';
  } catch (e) {
    const error = e as Error & { response?: unknown; $metadata?: Record<string, unknown>; underlyingError?: Error; recoverySuggestion?: string };
    return {
      name: error.name,
      message: error.message,
      response: error.response,
      $metadata: error.$metadata,
      underlying: error.underlyingError && { name: error.underlyingError.name, message: error.underlyingError.message },
      recoverySuggestion: error.recoverySuggestion,
    };
  }
}

beforeAll(async () => {
  local = await startLocal();
  echo = await serveNode(echoHandler);
  ({ userPoolId, userPoolClientId } = await createPoolAndClient(local.url));
  const created = await (
    await awsFetch(local.url, 'AWSCognitoIdentityService.CreateIdentityPool', {
      IdentityPoolName: 'api',
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: [{ ProviderName: `cognito-idp.us-east-1.amazonaws.com/${userPoolId}`, ClientId: userPoolClientId }],
    })
  ).json();
  // Cognito gives credentials only for a role the pool has (InvalidIdentityPoolConfigurationException otherwise).
  const roles = await awsFetch(local.url, 'AWSCognitoIdentityService.SetIdentityPoolRoles', {
    IdentityPoolId: created.IdentityPoolId,
    Roles: { authenticated: 'arn:aws:iam::123456789012:role/ApiAuthenticated', unauthenticated: 'arn:aws:iam::123456789012:role/ApiGuest' },
  });
  expect(roles.status).toBe(200);
  config = {
    Auth: {
      Cognito: {
        userPoolId,
        userPoolClientId,
        userPoolEndpoint: local.url,
        identityPoolId: created.IdentityPoolId,
        identityPoolEndpoint: local.url,
        allowGuestAccess: true,
      },
    },
    API: { REST: { echo: { endpoint: `${echo.url}/prod`, region: REGION } } },
  };
  for (const username of ['amp-api', 'cog-api', 'server-api']) {
    await call(local.url, 'AdminCreateUser', { UserPoolId: userPoolId, Username: username, MessageAction: 'SUPPRESS' });
    await call(local.url, 'AdminSetUserPassword', { UserPoolId: userPoolId, Username: username, Password: PASSWORD, Permanent: true });
  }
});
afterAll(async () => {
  await app?.close();
  await echo?.close();
  await local?.close();
});

describe('cognate-auth/api and aws-amplify/api, same code, same config', () => {
  it('guest IAM: every method, JSON bodies, query params and headers, signed with the guest credentials', async () => {
    configureBoth(config);
    const seen: Record<string, unknown> = {};
    for (const [name, api, auth] of LIBS) seen[name] = await calls(api, auth);
    expect(withoutKey(seen.cognate)).toEqual(withoutKey(seen['aws-amplify']));
    expect(seen.cognate).toMatchObject({
      get: {
        statusCode: 200,
        contentType: 'application/json',
        echo: 'yes',
        body: {
          method: 'GET',
          path: '/prod/items/%E1%88%B4%20x',
          query: { from: 'path', q: 'a b&c', n: '1' },
          custom: 'one',
          contentType: null,
          authorization: 'sigv4',
          signature: 'valid',
          region: REGION,
          service: 'execute-api',
          tokenSigned: true,
        },
      },
      post: {
        statusCode: 200,
        again: { method: 'POST', contentType: 'application/json; charset=UTF-8', body: { name: 'ü', list: [1, 2] }, signature: 'valid' },
      },
      put: { method: 'PUT', contentType: 'application/vnd.api+json', body: { ok: true }, signature: 'valid' },
      del: { statusCode: 200 },
      head: { statusCode: 200, contentType: 'application/json' },
    });
    const guestKey = (await cognateAuth.fetchAuthSession()).credentials?.accessKeyId;
    expect((seen.cognate as { get: { body: { accessKeyId: string } } }).get.body.accessKeyId).toBe(guestKey);
  });

  it("signed-in IAM: the user's credentials sign the call; an ID token in headers is sent instead of a signature", async () => {
    configureBoth(config);
    const seen: Record<string, unknown> = {};
    for (const [name, api, auth] of LIBS) {
      const guest = (await auth.fetchAuthSession()).credentials?.accessKeyId;
      await auth.signIn({ username: name === 'cognate' ? 'cog-api' : 'amp-api', password: PASSWORD });
      const session = await auth.fetchAuthSession();
      remember(session.credentials);
      const signed = (await (await api.get({ apiName: 'echo', path: '/me' }).response).body.json()) as Record<string, unknown>;
      const idToken = session.tokens!.idToken!.toString();
      const withToken = (await (
        await api.get({ apiName: 'echo', path: '/me', options: { headers: { Authorization: idToken } } }).response
      ).body.json()) as Record<string, unknown>;
      seen[name] = {
        signature: signed.signature,
        usersKey: signed.accessKeyId === session.credentials?.accessKeyId,
        notGuestKey: signed.accessKeyId !== guest,
        tokenSent: withToken.authorization === idToken,
        tokenCall: withToken.signature,
      };
      await auth.signOut();
    }
    expect(seen.cognate).toEqual(seen['aws-amplify']);
    expect(seen.cognate).toEqual({ signature: 'valid', usersKey: true, notGuestKey: true, tokenSent: true, tokenCall: 'none' });
  });

  it('no identity pool, or defaultAuthMode none: the call goes unsigned', async () => {
    const { identityPoolId: _, identityPoolEndpoint: __, allowGuestAccess: ___, ...userPoolOnly } = config.Auth.Cognito;
    const seen: Record<string, unknown> = {};
    for (const [label, resources, options] of [
      ['no identity pool', { ...config, Auth: { Cognito: userPoolOnly } }, undefined],
      ['defaultAuthMode none', config, { API: { REST: { defaultAuthMode: 'none' } } }],
    ] as const) {
      configureBoth(resources, options);
      for (const [name, api] of LIBS) {
        const body = (await (await api.get({ apiName: 'echo', path: '/open' }).response).body.json()) as Record<string, unknown>;
        seen[`${label} ${name}`] = { signature: body.signature, authorization: body.authorization };
      }
    }
    expect(Object.values(seen)).toEqual(Array(4).fill({ signature: 'none', authorization: null }));
  });

  it('HTTP errors: an AWS-shaped 403 and a plain-text 418 reject with the same RestApiError as Amplify', async () => {
    configureBoth(config);
    const seen: Record<string, unknown> = {};
    for (const [name, api] of LIBS) {
      seen[name] = {
        forbidden: await errorShape(api.get({ apiName: 'echo', path: '/forbidden' }).response),
        teapot: await errorShape(api.post({ apiName: 'echo', path: '/teapot', options: { body: { a: 1 } } }).response),
        unknownApi: await errorShape(api.get({ apiName: 'nope', path: '/x' }).response),
      };
    }
    expect(seen.cognate).toEqual(seen['aws-amplify']);
    expect(seen.cognate).toMatchObject({
      forbidden: {
        name: 'AccessDeniedException',
        message: 'User is not authorized to access this resource',
        response: { statusCode: 403, body: '{"message":"User is not authorized to access this resource"}' },
        $metadata: { httpStatusCode: 403, requestId: 'req-403' },
      },
      teapot: { name: 'UnknownError', message: 'Unknown error', response: { statusCode: 418, body: 'short and stout' } },
      unknownApi: { name: 'InvalidApiName', message: 'API name is invalid.' },
    });
    const e = await cognateApi.get({ apiName: 'echo', path: '/forbidden' }).response.catch((error: unknown) => error);
    expect(e).toBeInstanceOf(cognateApi.RestApiError);
    expect(cognateApi.isCancelError(e)).toBe(false);
  });

  it("retries as Amplify: 5xx and 429 up to 3 attempts, each signed afresh; not a 4xx; not with retryStrategy 'no-retry'", async () => {
    configureBoth(config);
    const seen: Record<string, unknown> = {};
    for (const [name, api, auth] of LIBS) {
      remember((await auth.fetchAuthSession()).credentials);
      const flaky = (id: string, query: Record<string, string>, options: Record<string, unknown> = {}) =>
        api.get({ apiName: 'echo', path: '/flaky', options: { queryParams: { id: `${name}-${id}`, ...query }, ...options } }).response;
      const recovered = await (await flaky('recovers', { fail: '2' })).body.json();
      const throttled = await (await flaky('throttled', { fail: '1', status: '429' })).body.json();
      const exhausted = await errorShape(flaky('exhausted', { fail: '9' }));
      const client = await errorShape(flaky('client', { fail: '9', status: '404' }));
      const once = await errorShape(flaky('once', { fail: '9' }, { retryStrategy: { strategy: 'no-retry' } }));
      seen[name] = {
        recovered,
        throttled,
        exhausted: [(exhausted as { name: string }).name, (exhausted as { message: string }).message, hits.get(`${name}-exhausted`)],
        client: [(client as { response: { statusCode: number } }).response.statusCode, hits.get(`${name}-client`)],
        once: hits.get(`${name}-once`),
      };
    }
    expect(seen.cognate).toEqual(seen['aws-amplify']);
    expect(seen.cognate).toEqual({
      recovered: { hits: 3, signature: 'valid' },
      throttled: { hits: 2, signature: 'valid' },
      exhausted: ['UnknownError', 'attempt 3 failed', 3],
      client: [404, 1],
      once: 1,
    });
  });

  it("an AmplifyContext given first: the call is signed with that context's own credentials", async () => {
    configureBoth(config);
    const seen: Record<string, unknown> = {};
    for (const [name, api, auth, create] of [
      [...LIBS[0]!, amplifyCreateContext],
      [...LIBS[1]!, cognateCreateContext],
    ] as const) {
      const ctx = (create as (resources: unknown) => object)(config);
      const mine = (await (auth.fetchAuthSession as unknown as (c: object) => ReturnType<Auth['fetchAuthSession']>)(ctx)).credentials;
      const global = (await auth.fetchAuthSession()).credentials;
      remember(mine);
      remember(global);
      const body = (await (
        await (api.get as unknown as (c: object, i: object) => ReturnType<Api['get']>)(ctx, { apiName: 'echo', path: '/ctx' }).response
      ).body.json()) as Record<string, unknown>;
      seen[name] = { signature: body.signature, contextsKey: body.accessKeyId === mine?.accessKeyId, notGlobalKey: body.accessKeyId !== global?.accessKeyId };
    }
    expect(seen.cognate).toEqual(seen['aws-amplify']);
    expect(seen.cognate).toEqual({ signature: 'valid', contextsKey: true, notGlobalKey: true });
  });

  it('cancel() while the request is in flight rejects with a CanceledError; isCancelError tells it apart', async () => {
    configureBoth(config);
    const seen: Record<string, unknown> = {};
    for (const [name, api] of LIBS) {
      const results = [];
      for (const message of ['changed my mind', undefined]) {
        const arrived = new Promise<void>(resolve => {
          slowArrived = resolve;
        });
        const operation = api.get({ apiName: 'echo', path: '/slow' });
        await arrived;
        operation.cancel(message);
        const error = await operation.response.catch((e: unknown) => e);
        results.push({ isCancel: api.isCancelError(error), ...((await errorShape(Promise.reject(error))) as object), underlying: undefined });
      }
      seen[name] = results;
    }
    expect(seen.cognate).toEqual(seen['aws-amplify']);
    expect(seen.cognate).toMatchObject([
      { isCancel: true, name: 'CanceledError', message: 'changed my mind' },
      { isCancel: true, name: 'CanceledError' },
    ]);
  });

  it("amplify_outputs.json's custom.API, merged into the config as Amplify's docs show", async () => {
    const outputs = {
      version: '1.3',
      auth: { aws_region: 'us-east-1', user_pool_id: userPoolId, user_pool_client_id: userPoolClientId },
      custom: { API: { echo: { endpoint: `${echo.url}/prod`, region: REGION, apiName: 'echo' } } },
    };
    const seen: Record<string, unknown> = {};
    for (const [name, api, , lib] of [
      ['aws-amplify', LIBS[0]![1], LIBS[0]![2], AmplifyReal],
      ['cognate', LIBS[1]![1], LIBS[1]![2], Amplify],
    ] as const) {
      const amplify = lib as unknown as Configurable;
      amplify.configure(outputs);
      const existing = amplify.getConfig();
      amplify.configure({ ...existing, API: { ...existing.API, REST: outputs.custom.API } });
      const body = (await (await api.get({ apiName: 'echo', path: '/outputs' }).response).body.json()) as Record<string, unknown>;
      seen[name] = { path: body.path, signature: body.signature };
    }
    expect(seen.cognate).toEqual(seen['aws-amplify']);
    expect(seen.cognate).toEqual({ path: '/prod/outputs', signature: 'none' });
  });
});

describe('Gen 1 configuration', () => {
  it('aws_cloud_logic_custom becomes API.REST, with its region and service, as in aws-amplify', async () => {
    const gen1 = {
      aws_project_region: 'us-east-1',
      aws_user_pools_id: userPoolId,
      aws_user_pools_web_client_id: userPoolClientId,
      aws_cloud_logic_custom: [{ name: 'echo', endpoint: `${echo.url}/prod`, region: REGION, service: 'lambda' }],
    };
    const seen: Record<string, unknown> = {};
    for (const [name, api, , lib] of [
      ['aws-amplify', LIBS[0]![1], LIBS[0]![2], AmplifyReal],
      ['cognate', LIBS[1]![1], LIBS[1]![2], Amplify],
    ] as const) {
      (lib as unknown as Configurable).configure(gen1);
      const body = (await (await api.get({ apiName: 'echo', path: '/gen1' }).response).body.json()) as Record<string, unknown>;
      seen[name] = { path: body.path, signature: body.signature, rest: (lib as { getConfig(): { API?: unknown } }).getConfig().API };
    }
    expect(seen.cognate).toEqual(seen['aws-amplify']);
    expect(seen.cognate).toEqual({
      path: '/prod/gen1',
      signature: 'none',
      rest: { REST: { echo: { endpoint: `${echo.url}/prod`, region: REGION, service: 'lambda' } } },
    });
  });
});

describe("cognate-auth/api/server: the request's own session signs", () => {
  beforeAll(async () => {
    const runner = createServerRunner({ config });
    app = await serveNode(async (req, res) => {
      const result = await runner.runWithAmplifyServerContext({
        request: req,
        response: res,
        operation: async contextSpec => {
          const session = await serverFetchAuthSession(contextSpec);
          remember(session.credentials);
          const { body } = await cognateApiServer.post(contextSpec, { apiName: 'echo', path: '/server', options: { body: { from: 'server' } } }).response;
          return { ...((await body.json()) as object), username: session.tokens?.accessToken.payload.username ?? null, key: session.credentials?.accessKeyId };
        },
      });
      res.setHeader('content-type', 'application/json').end(JSON.stringify(result));
    });
  });

  it('guest and signed-in requests are signed with their own credentials', async () => {
    const guest = await (await fetch(`${app.url}/`)).json();
    expect(guest).toMatchObject({ method: 'POST', path: '/prod/server', body: { from: 'server' }, signature: 'valid', username: null });
    expect(guest.accessKeyId).toBe(guest.key);

    const auth = await call(local.url, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: userPoolClientId,
      AuthParameters: { USERNAME: 'server-api', PASSWORD },
    });
    const prefix = `CognitoIdentityServiceProvider.${userPoolClientId}`;
    const { IdToken, AccessToken } = auth.AuthenticationResult;
    const cookie = [`${prefix}.LastAuthUser=server-api`, `${prefix}.server-api.idToken=${IdToken}`, `${prefix}.server-api.accessToken=${AccessToken}`].join(
      '; ',
    );
    const user = await (await fetch(`${app.url}/`, { headers: { cookie } })).json();
    expect(user).toMatchObject({ signature: 'valid', username: 'server-api' });
    expect(user.accessKeyId).toBe(user.key);
    expect(user.accessKeyId).not.toBe(guest.accessKeyId);

    // The session is verified: a token whose payload was edited is no session, and the call goes as a guest.
    const [h, p, sig] = (IdToken as string).split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = [h, Buffer.from(JSON.stringify({ ...payload, 'cognito:username': 'someone-else' })).toString('base64url'), sig].join('.');
    const forgedCookie = cookie.replace(IdToken, forged);
    const refused = await (await fetch(`${app.url}/`, { headers: { cookie: forgedCookie.replace(AccessToken, `${AccessToken.slice(0, -4)}AAAA`) } })).json();
    expect(refused).toMatchObject({ signature: 'valid', username: null });
    expect(refused.accessKeyId).not.toBe(user.accessKeyId);
  });

  it('a contextSpec from elsewhere is refused', () => {
    expect(() => cognateApiServer.get({ token: { value: Symbol('x') } }, { apiName: 'echo', path: '/' })).toThrow('Invalid `contextSpec`.');
  });
});
