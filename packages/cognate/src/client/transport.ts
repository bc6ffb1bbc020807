/**
 * Sends one AWS JSON 1.1 call to a Cognito user pool and turns the answer into either the parsed
 * body or an `AuthError` named after the Cognito exception. Unsigned POSTs, as Amplify sends them:
 * `x-amz-target: AWSCognitoIdentityProviderService.<Op>`, `content-type: application/x-amz-json-1.1`,
 * `cache-control: no-store`, a user agent and an invocation id shared by the retries.
 */
import { AuthError, type AuthErrorMetadata, authError } from '../errors/auth-error.js';
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
  headers?: (() => Promise<Record<string, string>>) | undefined;
  retry?: RetryPolicy | undefined;
}

/** Amplify's `AuthAction`, sent in the user agent. */
export type UserAgentAction = AuthAction | undefined;

export interface ResponseMetadata {
  httpStatusCode: number;
  requestId?: string;
  attempts: number;
}

/** The exception name without the namespace or the `:`/`,` suffix Cognito sometimes adds. */
function sanitizeErrorCode(raw: string): string {
  const code = raw.split(/[,:]/)[0]!.trim();
  return code.slice(code.lastIndexOf('#') + 1);
}

function serviceError(status: number, headers: Headers, body: Record<string, unknown>): AuthError {
  const metadata: AuthErrorMetadata = { httpStatusCode: status };
  const requestId = headers.get('x-amzn-requestid');
  const extendedRequestId = headers.get('x-amz-id-2');
  if (requestId) metadata.requestId = requestId;
  if (extendedRequestId) metadata.extendedRequestId = extendedRequestId;
  return new AuthError({
    name: sanitizeErrorCode(String(headers.get('x-amzn-errortype') ?? body.code ?? body.__type ?? 'UnknownError')),
    message: String(body.message ?? body.Message ?? 'Unknown error'),
    metadata,
  });
}

const USER_AGENT = `${PACKAGE_NAME}/${VERSION}`;

/**
 * Sends one AWS JSON 1.1 call (`x-amz-target: <target>`) with Amplify's retry policy and returns
 * the parsed JSON body. Throws an `AuthError`: the service's exception name, or `NetworkError` when
 * no response arrived; or, for a body that is not a JSON value (or is `null`), the parse error itself,
 * as Amplify does. Shared by user pools and identity pools.
 */
export async function sendAwsJsonRequest(client: CognitoClient, target: string, input: object, userAgent = USER_AGENT): Promise<Record<string, unknown>> {
  const { maxAttempts, delay } = client.retry ?? DEFAULT_RETRY;
  const invocationId = crypto.randomUUID();
  const body = JSON.stringify(input);
  const extra = await client.headers?.();
  for (let attempt = 1; ; attempt++) {
    const headers: Record<string, string> = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': target,
      'cache-control': 'no-store',
      ...extra,
      'x-amz-user-agent': userAgent,
      'amz-sdk-invocation-id': invocationId,
      'amz-sdk-request': `attempt=${attempt}; max=${maxAttempts}`,
    };
    let response: Response | undefined;
    let error: AuthError;
    try {
      response = await (client.fetch ?? fetch)(client.endpoint, { method: 'POST', headers, body, cache: 'no-store' });
    } catch (cause) {
      error = authError('NetworkError', 'A network error has occurred.', undefined, cause);
    }
    if (response) {
      // DeleteUser and ForgetDevice success answers are not read, as in Amplify.
      if (response.status < 300 && /\.(DeleteUser|ForgetDevice)$/.test(target)) return {};
      let body: Record<string, unknown> = {};
      try {
        body = Object.assign(await response.json(), {});
      } catch (cause) {
        // As Amplify, success or error: a body that is not JSON throws its SyntaxError, JSON null a
        // TypeError (Object.assign's). A transient status is retried first (Amplify gives up at once).
        if (attempt >= maxAttempts || !isRetryableResponse(response.status, '')) throw cause;
      }
      if (response.status < 300) return body;
      error = serviceError(response.status, response.headers, body);
    }
    // A failed connection is always worth another attempt; an answer only when it is transient.
    if (attempt >= maxAttempts || (response && !isRetryableResponse(response.status, error!.name))) throw error!;
    await new Promise(resolve => setTimeout(resolve, delay(attempt)));
  }
}

/**
 * Calls the user-pool `operation` with `input` (see `sendAwsJsonRequest`), its user agent naming the
 * `AuthAction` given. Every user-pool call goes through here, named at the call site after the AWS
 * operation; the request and response types are the shared wire table's for that name (the body is
 * Cognito's answer as is: callers read the fields they need).
 */
export function sendUserPoolRequest<Op extends UserPoolOperationName>(
  client: CognitoClient,
  operation: Op,
  input: UserPoolOperations[Op]['request'],
  action?: UserAgentAction,
): Promise<UserPoolOperations[Op]['response']> {
  return sendAwsJsonRequest(
    client,
    `AWSCognitoIdentityProviderService.${operation}`,
    input,
    action === undefined ? USER_AGENT : `${USER_AGENT} auth/${action}`,
  ) as Promise<UserPoolOperations[Op]['response']>;
}
