/**
 * The REST API category's engine, shared by `cognate-auth/api` (the browser's default context) and
 * `cognate-auth/api/server` (a request's context): resolve the URL from `API.REST[apiName]`, send
 * JSON, sign with SigV4 as Amplify does, and answer `{ response, cancel }`.
 *
 * Amplify's rules, kept: the endpoint comes from `API.REST[apiName].endpoint` (`InvalidApiName`
 * otherwise); query params replace those of the path; a body is sent as JSON (`FormData` as is) with
 * `content-type: application/json; charset=UTF-8` unless a JSON type is given; the request is signed
 * only when there is no `Authorization` header and the session has AWS credentials (guest or signed
 * in), with the region and service of an API Gateway host name or else of the config (default
 * `us-east-1`, `execute-api`); `libraryOptions.API.REST.defaultAuthMode: 'none'` never signs; network
 * errors, throttling, clock-skew errors and 500/502/503/504 are retried (3 attempts, jittered
 * exponential backoff) unless `retryStrategy` is `no-retry`; a status of 300 or more then rejects with
 * a `RestApiError`; `cancel()` rejects with a `CanceledError`.
 */
import { signRequest } from '@cognate/protocol/sigv4';
import { DEFAULT_RETRY, isRetryableResponse } from '../client/retry.js';
import type { AuthContext } from '../context/auth-context.js';
import { fetchAuthSessionOf } from '../context/session.js';
import type { AWSCredentials } from '../types/session.js';
import { CanceledError, RestApiError } from './errors.js';

export type DocumentType = null | boolean | number | string | DocumentType[] | { [prop: string]: DocumentType };

export interface RestApiOptionsBase {
  headers?: Record<string, string>;
  queryParams?: Record<string, string>;
  body?: DocumentType | FormData;
  /** Send cookies cross-origin (`credentials: 'include'`). */
  withCredentials?: boolean;
  /** Milliseconds before the request is aborted with a `TimeoutError`. */
  timeout?: number;
  /** `{ strategy: 'no-retry' }` sends once; by default Amplify's jittered exponential backoff, 3 attempts. */
  retryStrategy?: RetryStrategy;
}

export type RetryStrategy = { strategy: 'jittered-exponential-backoff' } | { strategy: 'no-retry' };

export interface ApiInput<Options> {
  apiName: string;
  path: string;
  options?: Options;
}

export type GetInput = ApiInput<Omit<RestApiOptionsBase, 'body'>>;
export type PostInput = ApiInput<RestApiOptionsBase>;
export type PutInput = ApiInput<RestApiOptionsBase>;
export type PatchInput = ApiInput<RestApiOptionsBase>;
export type DeleteInput = ApiInput<Omit<RestApiOptionsBase, 'body'>>;
export type HeadInput = ApiInput<Omit<RestApiOptionsBase, 'body'>>;

export interface ResponsePayload {
  blob(): Promise<Blob>;
  json(): Promise<DocumentType>;
  text(): Promise<string>;
}

export interface RestApiResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: ResponsePayload;
}

export interface Operation<Response> {
  response: Promise<Response>;
  cancel(abortMessage?: string): void;
}

export type GetOperation = Operation<RestApiResponse>;
export type PostOperation = Operation<RestApiResponse>;
export type PutOperation = Operation<RestApiResponse>;
export type PatchOperation = Operation<RestApiResponse>;
export type DeleteOperation = Operation<Omit<RestApiResponse, 'body'>>;
export type HeadOperation = Operation<Omit<RestApiResponse, 'body'>>;

interface RestEndpointConfig {
  endpoint?: string;
  region?: string;
  service?: string;
}

interface RestLibraryOptions {
  headers?(options: { apiName: string }): Promise<Record<string, string>>;
  timeout?(options: { apiName: string; method: string }): number;
  defaultAuthMode?: 'none' | 'iam';
  retryStrategy?: RetryStrategy;
}

const DEFAULT_SERVICE = 'execute-api';
const DEFAULT_REGION = 'us-east-1';
/** Host names of API Gateway (and AppSync) endpoints: `<id>.<service>.<region>.amazonaws.com`. */
const AWS_HOST = /^.+\.([a-z0-9-]+)\.([a-z0-9-]+)\.amazonaws\.com/;

const invalidApiName = (recoverySuggestion = 'Check if the API name matches the one in your configuration or `aws-exports.js`') =>
  new RestApiError({ name: 'InvalidApiName', message: 'API name is invalid.', recoverySuggestion });

function resolveUrl(config: RestEndpointConfig | undefined, path: string, queryParams: Record<string, string> | undefined): URL {
  const endpoint = config?.endpoint;
  if (!endpoint) throw invalidApiName();
  let url: URL;
  try {
    const base = (globalThis as { location?: { origin?: string } }).location?.origin;
    url = URL.canParse(endpoint + path) || !base ? new URL(endpoint + path) : new URL(endpoint + path, base);
  } catch {
    throw invalidApiName(`Please make sure the REST endpoint URL is a valid URL string. Got ${endpoint}`);
  }
  if (queryParams) {
    const merged = new URLSearchParams(url.searchParams);
    for (const [k, v] of Object.entries(queryParams)) merged.set(k, v);
    url.search = merged.toString();
  }
  return url;
}

function signingInfo(url: URL, config: RestEndpointConfig | undefined): { service: string; region: string } {
  const region = config?.region ?? DEFAULT_REGION;
  const [, service, hostRegion] = AWS_HOST.exec(url.hostname) ?? [];
  if (service === DEFAULT_SERVICE) return { service, region: hostRegion ?? region };
  if (service === 'appsync-api') return { service: 'appsync', region: hostRegion ?? region };
  return { service: config?.service ?? DEFAULT_SERVICE, region };
}

function resolveHeaders(headers: Record<string, string>, body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  if (body) {
    const type = out['content-type'];
    const json = type && (type.startsWith('application/json') || (type.startsWith('application/') && type.includes('+json')));
    if (!json) out['content-type'] = 'application/json; charset=UTF-8';
    if (typeof FormData !== 'undefined' && body instanceof FormData) delete out['content-type'];
  }
  return out;
}

async function credentialsOf(ctx: AuthContext): Promise<AWSCredentials | undefined> {
  try {
    return (await fetchAuthSessionOf(ctx)).credentials;
  } catch {
    return undefined; // no credentials: the request goes unsigned, as in Amplify
  }
}

const once = <T>(f: () => Promise<T>): (() => Promise<T>) => {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
};

/** The AWS error name and message of a response (`UnknownError`, `Unknown error` when it has none), and its body. */
async function errorOf(response: RestApiResponse): Promise<{ name: string; message: string; text: string }> {
  const text = await response.body.text();
  let parsed: Record<string, unknown> = {};
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object') parsed = value as Record<string, unknown>;
  } catch {
    // not JSON: an unknown error, whose body the caller reads from `response`
  }
  const raw = String(response.headers['x-amzn-errortype'] ?? parsed.code ?? parsed.__type ?? 'UnknownError');
  const [clean = ''] = raw.split(/[,:]+/);
  const name = clean.includes('#') ? (clean.split('#')[1] ?? clean) : clean;
  return { name, message: String(parsed.message ?? parsed.Message ?? 'Unknown error'), text };
}

/** Amplify's retry decision (the auth transport's policy): a network error, throttling, clock skew, or a 500/502/503/504 or timeout. */
async function retryable(response: RestApiResponse | undefined, error: unknown): Promise<boolean> {
  if (error) return (error as { name?: unknown }).name === 'NetworkError';
  return !!response && response.statusCode >= 300 && isRetryableResponse(response.statusCode, (await errorOf(response)).name);
}

/** Sleeps `ms`, or less when `signal` aborts. */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>(resolve => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });

/** Sends with Amplify's retries: up to 3 attempts, each signed afresh, 2^attempt × 100 ms + up to 100 ms apart. */
async function sendWithRetries(ctx: AuthContext, method: string, input: PostInput, signal: AbortSignal): Promise<RestApiResponse> {
  const rest = (ctx.libraryOptions().API as { REST?: RestLibraryOptions } | undefined)?.REST;
  const strategy = (input.options?.retryStrategy ?? rest?.retryStrategy)?.strategy;
  const maxAttempts = strategy === 'no-retry' ? 1 : DEFAULT_RETRY.maxAttempts;
  for (let attempt = 1; ; attempt++) {
    let response: RestApiResponse | undefined;
    let error: unknown;
    try {
      response = await send(ctx, method, input, signal);
    } catch (e) {
      error = e;
    }
    if (attempt >= maxAttempts || signal.aborted || !(await retryable(response, error))) {
      if (response) return response;
      throw error;
    }
    await sleep(DEFAULT_RETRY.delay(attempt), signal);
    if (signal.aborted) throw new Error('Request aborted.');
  }
}

/** Amplify's error for a response of 300 or more: the AWS error name and message when there are any. */
async function serviceError(response: RestApiResponse): Promise<RestApiError> {
  const { name, message, text } = await errorOf(response);
  const h = response.headers;
  const $metadata = {
    httpStatusCode: response.statusCode,
    requestId: h['x-amzn-requestid'] ?? h['x-amzn-request-id'] ?? h['x-amz-request-id'],
    extendedRequestId: h['x-amz-id-2'],
    cfId: h['x-amz-cf-id'],
  };
  const underlyingError = Object.assign(new Error(message), { name, $metadata });
  const error = new RestApiError({ name, message, underlyingError, response: { statusCode: response.statusCode, headers: response.headers, body: text } });
  return Object.assign(error, { $metadata });
}

async function send(ctx: AuthContext, method: string, input: PostInput, signal: AbortSignal): Promise<RestApiResponse> {
  const { apiName, path, options = {} } = input;
  const api = (ctx.resourcesConfig()?.API as { REST?: Record<string, RestEndpointConfig> } | undefined)?.REST?.[apiName];
  const url = resolveUrl(api, path, options.queryParams);
  const rest = (ctx.libraryOptions().API as { REST?: RestLibraryOptions } | undefined)?.REST;
  const libraryHeaders = await rest?.headers?.({ apiName });
  const headers = resolveHeaders({ ...libraryHeaders, ...options.headers }, options.body);
  const body = options.body ? (typeof FormData !== 'undefined' && options.body instanceof FormData ? options.body : JSON.stringify(options.body)) : undefined;
  const credentials = rest?.defaultAuthMode === 'none' ? undefined : await credentialsOf(ctx);
  const signed =
    credentials && !headers.authorization
      ? await signRequest({ method, url, headers, body: typeof body === 'string' ? body : undefined }, credentials, signingInfo(url, api))
      : headers;
  // host is the fetch implementation's to set.
  const { host: _, ...sent } = signed;
  const fetcher = ctx.libraryOptions().fetch ?? fetch;
  let res: Response;
  try {
    res = await fetcher(url, {
      method,
      headers: sent,
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
      signal,
      credentials: options.withCredentials ? 'include' : 'same-origin',
    });
  } catch (error) {
    if (error instanceof TypeError && !signal.aborted) {
      throw new RestApiError({ name: 'NetworkError', message: 'A network error has occurred.', underlyingError: error });
    }
    throw error;
  }
  const responseHeaders: Record<string, string> = {};
  res.headers.forEach((value, key) => {
    responseHeaders[key.toLowerCase()] = value;
  });
  return {
    statusCode: res.status,
    headers: responseHeaders,
    body: { text: once(() => res.text()), json: once(() => res.json() as Promise<DocumentType>), blob: once(() => res.blob()) },
  };
}

/** One REST call, cancellable: Amplify's `publicHandler` and `createCancellableOperation`. */
export function restCall(ctx: AuthContext, method: string, input: PostInput): Operation<RestApiResponse> {
  const controller = new AbortController();
  const { signal } = controller;
  let abortReason: string | undefined;
  const rest = (ctx.libraryOptions().API as { REST?: RestLibraryOptions } | undefined)?.REST;
  const timeout = input.options?.timeout || rest?.timeout?.({ apiName: input.apiName, method }) || undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (timeout != null) {
    if (timeout < 0) throw new Error('Timeout must be a non-negative number');
    timer = setTimeout(() => {
      abortReason = 'TimeoutError';
      controller.abort(abortReason);
    }, timeout);
  }
  const job = async () => {
    try {
      const response = await sendWithRetries(ctx, method, input, signal);
      if (response.statusCode >= 300) throw await serviceError(response);
      return response;
    } catch (error) {
      if ((error as { name?: unknown } | null)?.name === 'AbortError' || signal.aborted) {
        if (abortReason === 'TimeoutError') {
          const timeoutError = new Error(`Request timeout after ${timeout}ms`);
          timeoutError.name = 'TimeoutError';
          throw timeoutError;
        }
        const message: unknown = abortReason ?? signal.reason;
        throw new CanceledError({
          ...(message ? { message: String(message) } : {}),
          underlyingError: error,
          recoverySuggestion:
            'The API request was explicitly canceled. If this is not intended, validate if you called the `cancel()` function on the API request erroneously.',
        });
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    response: job(),
    cancel(abortMessage?: string) {
      if (signal.aborted) return;
      controller.abort(abortMessage);
      if (abortMessage && signal.reason !== abortMessage) abortReason = abortMessage;
    },
  };
}
