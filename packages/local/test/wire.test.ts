/**
 * The AWS JSON 1.1 wire layer and hostile input: every malformed request gets a Cognito-shaped 400,
 * never a 5xx, and the server keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { ALL_USER_POOL_OPERATIONS, USER_POOL_OPERATIONS } from '../src/registry.js';
import { call, setClock, start } from './helpers.js';

let server: RunningServer;
let clientId: string;

beforeAll(async () => {
  server = await start();
  const pool = await call(server.url, 'CreateUserPool', { PoolName: 'wire' });
  const app = await call(server.url, 'CreateUserPoolClient', {
    UserPoolId: pool.body.UserPool.Id,
    ClientName: 'c',
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
  });
  clientId = app.body.UserPoolClient.ClientId;
});
afterAll(() => server?.close());

function expectCognitoError(res: { status: number; body: { __type?: unknown; message?: unknown }; headers: Headers }, type: string) {
  expect(res.status).toBe(400);
  expect(res.body.__type).toBe(type);
  expect(typeof res.body.message).toBe('string');
  expect(res.headers.get('x-amzn-errortype')).toBe(`${type}:`);
  expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
}

describe('AWS JSON 1.1 envelope', () => {
  it('answers success with the request id and JSON 1.1 content type, and CORS for browsers', async () => {
    const res = await call(server.url, 'ListUserPools', { MaxResults: 5 });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    // CORS `*` is for the public operations a browser app calls; admin ones answer only allowed origins (drive-by.test.ts).
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const pub = await call(server.url, 'GetUser', { AccessToken: 'not-a-token' });
    expect(pub.headers.get('access-control-allow-origin')).toBe('*');
    expect(pub.headers.get('access-control-expose-headers')).toContain('x-amzn-ErrorType');
    const preflight = await fetch(server.url, { method: 'OPTIONS', headers: { origin: 'http://app.test', 'access-control-request-headers': 'x-amz-target' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-amz-target');
  });

  it('dates are epoch seconds', async () => {
    const res = await call(server.url, 'ListUserPools', { MaxResults: 5 });
    const pool = res.body.UserPools[0];
    expect(Number.isInteger(pool.CreationDate)).toBe(true);
    expect(Math.abs(pool.CreationDate - Date.now() / 1000)).toBeLessThan(60);
  });
});

describe('malformed requests', () => {
  it('bad JSON, non-object bodies and truncated JSON', async () => {
    // Text that is not JSON is refused by the deserializer, as AWS does; JSON of the wrong shape is a parameter error.
    for (const body of ['{', '{"ClientId": ', '\u0000\u0001']) {
      expectCognitoError(await call(server.url, 'SignUp', body), 'SerializationException');
    }
    for (const body of ['null', '[]', '"text"', '42']) {
      expectCognitoError(await call(server.url, 'SignUp', body), 'InvalidParameterException');
    }
  });

  it('missing or unknown targets', async () => {
    const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
    expect(res.status).toBe(400);
    expect((await res.json()).__type).toBe('UnknownOperationException');
    expectCognitoError(await call(server.url, 'NoSuchOperation', {}), 'UnknownOperationException');
    expectCognitoError(await call(server.url, 'x', {}, 'SomethingElse.Op'), 'UnknownOperationException');
  });

  it('operations not built yet are 400 UnsupportedOperationException, never 5xx', async () => {
    const notYet = ALL_USER_POOL_OPERATIONS.filter(name => !Object.hasOwn(USER_POOL_OPERATIONS, name));
    for (const name of notYet) expectCognitoError(await call(server.url, name, {}), 'UnsupportedOperationException');
    // A built one answers for itself: an unknown pool is a Cognito-shaped 400.
    expectCognitoError(
      await call(server.url, 'CreateUserImportJob', { UserPoolId: 'us-east-1_abc', JobName: 'j', CloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/x' }),
      'ResourceNotFoundException',
    );
  });

  it('wrong types and missing members name the member as Cognito does', async () => {
    const missing = await call(server.url, 'SignUp', { Username: 'a', Password: 'Passw0rd!' });
    expectCognitoError(missing, 'InvalidParameterException');
    expect(missing.body.message).toBe("1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null");
    for (const body of [
      { ClientId: 42, Username: 'a', Password: 'Passw0rd!' },
      { ClientId: clientId, Username: ['a'], Password: 'Passw0rd!' },
      { ClientId: clientId, Username: 'a', Password: 'Passw0rd!', UserAttributes: 'email' },
      { ClientId: clientId, Username: 'a', Password: 'Passw0rd!', UserAttributes: [{ Name: 5 }] },
      { ClientId: clientId, Username: 'a', Password: { x: 1 } },
      { ClientId: clientId, Username: '', Password: 'Passw0rd!' },
    ]) {
      expectCognitoError(await call(server.url, 'SignUp', body), 'InvalidParameterException');
    }
    expectCognitoError(
      await call(server.url, 'InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 1 } }),
      'InvalidParameterException',
    );
    expectCognitoError(await call(server.url, 'InitiateAuth', { ClientId: clientId, AuthFlow: 'NOPE' }), 'InvalidParameterException');
    // Required members the operations check themselves, after the generic validation.
    for (const [op, body, member] of [
      ['ListUserPools', {}, 'maxResults'],
      ['UpdateUserAttributes', { AccessToken: 'x.y.z' }, 'userAttributes'],
      ['DeleteUserAttributes', { AccessToken: 'x.y.z' }, 'userAttributeNames'],
    ] as const) {
      const answer = await call(server.url, op, body);
      expectCognitoError(answer, 'InvalidParameterException');
      expect(answer.body.message, op).toBe(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
    }
  });

  it('huge bodies and huge strings', async () => {
    const huge = JSON.stringify({ ClientId: clientId, Username: 'x'.repeat(2 * 1024 * 1024), Password: 'Passw0rd!' });
    expectCognitoError(await call(server.url, 'SignUp', huge), 'InvalidParameterException');
    const long = await call(server.url, 'SignUp', { ClientId: clientId, Username: 'y'.repeat(200), Password: 'Passw0rd!' });
    expectCognitoError(long, 'InvalidParameterException');
    expect(long.body.message).toContain('length less than or equal to 128');
  });

  it('prototype-pollution keys change nothing', async () => {
    const body =
      '{"ClientId":"' +
      clientId +
      '","Username":"proto","Password":"Passw0rd!x","__proto__":{"polluted":true},"UserAttributes":[{"Name":"__proto__","Value":"x"}]}';
    expectCognitoError(await call(server.url, 'SignUp', body), 'InvalidParameterException');
    const params = '{"ClientId":"' + clientId + '","AuthFlow":"USER_PASSWORD_AUTH","AuthParameters":{"__proto__":{"USERNAME":"a"},"constructor":"x"}}';
    expectCognitoError(await call(server.url, 'InitiateAuth', params), 'InvalidParameterException');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps serving after all of it', async () => {
    const res = await call(server.url, 'SignUp', { ClientId: clientId, Username: 'still-alive', Password: 'Passw0rd!x' });
    expect(res.status).toBe(200);
    expect(res.body.UserConfirmed).toBe(false);
  });
});

describe('local helpers', () => {
  it('shifts the clock and validates its input', async () => {
    const bad = await fetch(`${server.url}/_local/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"offsetSeconds":"soon"}',
    });
    expect(bad.status).toBe(400);
    const set = await fetch(`${server.url}/_local/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"offsetSeconds":3600}' });
    const { now } = await set.json();
    expect(now - Date.now() / 1000).toBeGreaterThan(3590);
    await setClock(server.url, { offsetSeconds: 0 });
  });
});
