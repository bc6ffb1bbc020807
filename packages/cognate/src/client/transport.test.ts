import { describe, expect, it } from 'vitest';
import { sendUserPoolRequest, type CognitoClient } from './transport.js';
import { AuthError } from '../errors/auth-error.js';

const noDelay = { maxAttempts: 3, delay: () => 0 };

function fakeClient(responses: (() => Response | Promise<Response>)[], seen: Request[] = []): CognitoClient {
  return {
    endpoint: 'http://cognito.test/',
    retry: noDelay,
    fetch: async (input, init) => {
      seen.push(new Request(input as string, init));
      const next = responses.shift();
      if (!next) throw new Error('no more responses');
      return next();
    },
  };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/x-amz-json-1.1', ...headers } });

describe('sendUserPoolRequest', () => {
  it('sends Amplify-shaped headers and returns the parsed body', async () => {
    const seen: Request[] = [];
    const body = await sendUserPoolRequest(fakeClient([json(200, { ok: 1 })], seen), 'GetUser', { AccessToken: 't' }, 18);
    expect(body).toEqual({ ok: 1 });
    const request = seen[0]!;
    expect(request.method).toBe('POST');
    expect(request.headers.get('x-amz-target')).toBe('AWSCognitoIdentityProviderService.GetUser');
    expect(request.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(request.headers.get('cache-control')).toBe('no-store');
    expect(request.headers.get('x-amz-user-agent')).toMatch(/^cognate-auth\/\S+ auth\/18$/);
    expect(request.headers.get('amz-sdk-request')).toBe('attempt=1; max=3');
    expect(await request.json()).toEqual({ AccessToken: 't' });
  });

  it('maps Cognito errors to AuthError with the sanitized exception name and metadata', async () => {
    const error = await sendUserPoolRequest(
      fakeClient([
        json(400, { __type: 'com.amazonaws.cognito#NotAuthorizedException', message: 'Incorrect username or password.' }, { 'x-amzn-requestid': 'req-1' }),
      ]),
      'InitiateAuth',
      {},
    ).catch(e => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
      metadata: { httpStatusCode: 400, requestId: 'req-1' },
    });
  });

  it('prefers x-amzn-errortype and strips its suffix', async () => {
    const error = await sendUserPoolRequest(
      fakeClient([json(400, { __type: 'X' }, { 'x-amzn-errortype': 'UserNotFoundException:http://internal' })]),
      'GetUser',
      {},
    ).catch(e => e);
    expect(error.name).toBe('UserNotFoundException');
  });

  it('retries throttling and 5xx, keeping the invocation id, up to 3 attempts', async () => {
    const seen: Request[] = [];
    const client = fakeClient([json(400, { __type: 'TooManyRequestsException' }), json(503, {}), json(200, { done: true })], seen);
    expect(await sendUserPoolRequest(client, 'InitiateAuth', {})).toEqual({ done: true });
    expect(seen.map(r => r.headers.get('amz-sdk-request'))).toEqual(['attempt=1; max=3', 'attempt=2; max=3', 'attempt=3; max=3']);
    expect(new Set(seen.map(r => r.headers.get('amz-sdk-invocation-id'))).size).toBe(1);
  });

  it('gives up after 3 attempts with the last error', async () => {
    const client = fakeClient([
      json(500, { __type: 'InternalErrorException' }),
      json(500, { __type: 'InternalErrorException' }),
      json(500, { __type: 'InternalErrorException' }),
    ]);
    await expect(sendUserPoolRequest(client, 'InitiateAuth', {})).rejects.toMatchObject({ name: 'InternalErrorException' });
  });

  it('never retries a definitive answer', async () => {
    const seen: Request[] = [];
    await expect(sendUserPoolRequest(fakeClient([json(400, { __type: 'NotAuthorizedException' })], seen), 'InitiateAuth', {})).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    expect(seen).toHaveLength(1);
  });

  it('retries network failures and then reports NetworkError with the cause', async () => {
    const failure = () => Promise.reject(new TypeError('fetch failed'));
    const error = await sendUserPoolRequest(fakeClient([failure, failure, failure]), 'InitiateAuth', {}).catch(e => e);
    expect(error).toMatchObject({ name: 'NetworkError', message: 'A network error has occurred.' });
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(error.underlyingError).toBe(error.cause);
  });

  it('jittered backoff: 2^n × 100 ms plus up to 100 ms', async () => {
    const { DEFAULT_RETRY } = await import('./retry.js');
    for (let i = 0; i < 20; i++) {
      const d1 = DEFAULT_RETRY.delay(1);
      const d2 = DEFAULT_RETRY.delay(2);
      expect(d1).toBeGreaterThanOrEqual(200);
      expect(d1).toBeLessThan(300);
      expect(d2).toBeGreaterThanOrEqual(400);
      expect(d2).toBeLessThan(500);
    }
  });
});
