/**
 * Sends one AWS JSON 1.1 call to a Cognito user pool and turns the answer into either the parsed
 * body or an `AuthError` named after the Cognito exception. Unsigned POSTs, as Amplify sends them:
 * `x-amz-target: AWSCognitoIdentityProviderService.<Op>`, `content-type: application/x-amz-json-1.1`,
 * `cache-control: no-store`, a user agent and an invocation id shared by the retries.
 */
import { AuthError } from '../errors/auth-error.js';
import { DEFAULT_RETRY, isRetryableResponse, type RetryPolicy } from './retry.js';
import { PACKAGE_NAME, VERSION } from '../version.js';
import type { AuthAction } from './auth-action.js';
import type { UserPoolOperationName, UserPoolOperations } from '@cognate/protocol/wire';

/** Everything a call needs besides its input; built per call from the auth context. */
export interface CognitoClient {
  /** The full endpoint URL. */
  endpoint: string;
  fetch?: typeof fetch | undefined;
  /** Extra headers for every request (Amplify's `libraryOptions.Auth.headers`). */
  headers?: () => Promise<Record<string, string>>;
  retry?: RetryPolicy | undefined;
}

/** Amplify's `AuthAction`, sent in the user agent. */
export type UserAgentAction = AuthAction | undefined;

export interface ResponseMetadata {
  httpStatusCode: number;
  requestId?: string;
  attempts: number;
}

function sanitizeErrorCode(raw: string): string {
  let code = raw.split(/[,:]/)[0]!.trim();
  if (code.includes('#')) code = code.slice(code.lastIndexOf('#') + 1);
  return code;
}

async function readJson(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text();
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function serviceError(status: number, headers: Headers, body: Record<string, unknown>): AuthError {
  const code = headers.get('x-amzn-errortype') ?? (body.code as string) ?? (body.__type as string) ?? 'UnknownError';
  const message = (body.message as string) ?? (body.Message as string) ?? 'Unknown error';
  const requestId = headers.get('x-amzn-requestid') ?? undefined;
  const extendedRequestId = headers.get('x-amz-id-2') ?? undefined;
  return new AuthError({
    name: sanitizeErrorCode(String(code)),
    message: String(message),
    metadata: { httpStatusCode: status, ...(requestId ? { requestId } : {}), ...(extendedRequestId ? { extendedRequestId } : {}) },
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * Sends one AWS JSON 1.1 call (`x-amz-target: <target>`) with Amplify's retry policy and returns
 * the parsed JSON body. Throws an `AuthError`: the service's exception name, or `NetworkError` when
 * no response arrived. Shared by user pools and identity pools.
 */
export async function sendAwsJsonRequest(
  client: CognitoClient,
  target: string,
  input: object,
  userAgent = `${PACKAGE_NAME}/${VERSION}`,
): Promise<Record<string, unknown>> {
  const policy = client.retry ?? DEFAULT_RETRY;
  const doFetch = client.fetch ?? globalThis.fetch;
  const invocationId = crypto.randomUUID();
  const body = JSON.stringify(input);
  const extra = (await client.headers?.()) ?? {};
  for (let attempt = 1; ; attempt++) {
    const headers: Record<string, string> = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': target,
      'cache-control': 'no-store',
      ...extra,
      'x-amz-user-agent': userAgent,
      'amz-sdk-invocation-id': invocationId,
      'amz-sdk-request': `attempt=${attempt}; max=${policy.maxAttempts}`,
    };
    let response: Response;
    try {
      response = await doFetch(client.endpoint, { method: 'POST', headers, body, cache: 'no-store' });
    } catch (cause) {
      if (attempt < policy.maxAttempts) {
        await sleep(policy.delay(attempt));
        continue;
      }
      throw new AuthError({ name: 'NetworkError', message: 'A network error has occurred.', cause });
    }
    const parsed = await readJson(response);
    if (response.status < 300) return parsed;
    const error = serviceError(response.status, response.headers, parsed);
    if (attempt < policy.maxAttempts && isRetryableResponse(response.status, error.name)) {
      await sleep(policy.delay(attempt));
      continue;
    }
    throw error;
  }
}

/** Calls the user-pool `operation` with `input` (see `sendAwsJsonRequest`). */
export function sendUserPoolRequest<Op extends UserPoolOperationName>(
  client: CognitoClient,
  operation: Op,
  input: UserPoolOperations[Op]['request'],
  action?: UserAgentAction,
): Promise<Record<string, unknown>> {
  return sendAwsJsonRequest(
    client,
    `AWSCognitoIdentityProviderService.${operation}`,
    input,
    `${PACKAGE_NAME}/${VERSION}${action === undefined ? '' : ` auth/${action}`}`,
  );
}

/**
 * Declares one operation: its wire name, and the parser that checks and narrows a success body.
 * Every file under `client/operations/` is one of these, named after the AWS operation; the request
 * and response types are the shared wire table's for that name.
 */
export function userPoolOperation<Op extends UserPoolOperationName>(
  operation: Op,
  parse: (body: Record<string, unknown>) => UserPoolOperations[Op]['response'],
  action?: UserAgentAction,
) {
  return async (
    client: CognitoClient,
    input: UserPoolOperations[Op]['request'],
    userAgentAction: UserAgentAction = action,
  ): Promise<UserPoolOperations[Op]['response']> => parse(await sendUserPoolRequest(client, operation, input, userAgentAction));
}

/** Throws a typed `AuthError` when a success body lacks what the operation promises. */
export function invalidResponse(operation: UserPoolOperationName, what: string): AuthError {
  return new AuthError({ name: 'InvalidResponseException', message: `${operation} returned no ${what}.` });
}
