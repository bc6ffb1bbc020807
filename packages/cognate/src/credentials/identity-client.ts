/**
 * Sends one AWS JSON 1.1 call to Cognito identity pools (`AWSCognitoIdentityService.<Op>`): unsigned
 * POSTs as Amplify sends `GetId` and `GetCredentialsForIdentity`, with the same retry policy as the
 * user-pool transport. The endpoint is `identityPoolEndpoint` verbatim when configured, else
 * `https://cognito-identity.<region>.<dnsSuffix>/` with the region taken from the pool id.
 */
import { DEFAULT_RETRY, isRetryableResponse, type RetryPolicy } from '../client/retry.js';
import { AuthError } from '../errors/auth-error.js';

export interface IdentityClient {
  endpoint: string;
  fetch?: typeof fetch | undefined;
  retry?: RetryPolicy;
}

function dnsSuffix(region: string): string {
  if (region.startsWith('cn-')) return 'amazonaws.com.cn';
  if (region.startsWith('us-iso-')) return 'c2s.ic.gov';
  if (region.startsWith('us-isob-')) return 'sc2s.sgov.gov';
  return 'amazonaws.com';
}

/** `us-east-1` from `us-east-1:0000…`; Amplify's `InvalidIdentityPoolIdException` otherwise. */
export function regionFromIdentityPoolId(identityPoolId: string): string {
  const region = identityPoolId.split(':')[0];
  if (!identityPoolId.includes(':') || !region) {
    throw new AuthError({
      name: 'InvalidIdentityPoolIdException',
      message: 'Invalid identity pool id provided.',
      recoverySuggestion: 'Make sure a valid identityPoolId is given in the config.',
    });
  }
  return region;
}

export function identityPoolEndpoint(identityPoolId: string, override?: string): string {
  if (override) return new URL(override).href;
  const region = regionFromIdentityPoolId(identityPoolId);
  return `https://cognito-identity.${region}.${dnsSuffix(region)}/`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorName(raw: string): string {
  let code = raw.split(/[,:]/)[0]!.trim();
  if (code.includes('#')) code = code.slice(code.lastIndexOf('#') + 1);
  return code;
}

/** Calls `operation`; throws an `AuthError` named after the service exception, or `NetworkError`. */
export async function sendIdentityRequest(client: IdentityClient, operation: string, input: object): Promise<Record<string, unknown>> {
  const policy = client.retry ?? DEFAULT_RETRY;
  const doFetch = client.fetch ?? globalThis.fetch;
  const invocationId = crypto.randomUUID();
  const body = JSON.stringify(input);
  for (let attempt = 1; ; attempt++) {
    const headers = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityService.${operation}`,
      'cache-control': 'no-store',
      'x-amz-user-agent': 'cognate/0.1.0',
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
    const text = await response.text();
    let parsed: Record<string, unknown> = {};
    try {
      const value: unknown = text ? JSON.parse(text) : {};
      if (value && typeof value === 'object') parsed = value as Record<string, unknown>;
    } catch {
      // Not JSON: handled as an empty body.
    }
    if (response.status < 300) return parsed;
    const code = response.headers.get('x-amzn-errortype') ?? (parsed.__type as string) ?? (parsed.code as string) ?? 'UnknownError';
    const requestId = response.headers.get('x-amzn-requestid') ?? undefined;
    const error = new AuthError({
      name: errorName(String(code)),
      message: String(parsed.message ?? parsed.Message ?? 'Unknown error'),
      metadata: { httpStatusCode: response.status, ...(requestId ? { requestId } : {}) },
    });
    if (attempt < policy.maxAttempts && isRetryableResponse(response.status, error.name)) {
      await sleep(policy.delay(attempt));
      continue;
    }
    throw error;
  }
}
