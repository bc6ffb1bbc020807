/**
 * Sends one AWS JSON 1.1 call to Cognito identity pools (`AWSCognitoIdentityService.<Op>`): unsigned
 * POSTs as Amplify sends `GetId` and `GetCredentialsForIdentity`, with the same retry policy as the
 * user-pool transport. The endpoint is `identityPoolEndpoint` verbatim when configured, else
 * `https://cognito-identity.<region>.<dnsSuffix>/` with the region taken from the pool id.
 */
import type { RetryPolicy } from '../client/retry.js';
import { serviceEndpoint } from '../client/endpoint.js';
import { sendAwsJsonRequest } from '../client/transport.js';
import type { IdentityPoolOperationName, IdentityPoolOperations } from '@cognate/protocol/wire';
import { toAuthError, authError } from '../errors/auth-error.js';

export interface IdentityClient {
  endpoint: string;
  fetch?: typeof fetch | undefined;
  retry?: RetryPolicy;
}

/** `us-east-1` from `us-east-1:0000…`; Amplify's `InvalidIdentityPoolIdException` otherwise. */
export function regionFromIdentityPoolId(identityPoolId: string): string {
  const region = identityPoolId.split(':')[0];
  if (!identityPoolId.includes(':') || !region) {
    throw authError('InvalidIdentityPoolIdException', 'Invalid identity pool id provided.', 'Make sure a valid identityPoolId is given in the config.');
  }
  return region;
}

/** As `userPoolEndpoint`: the id must name a region even with an endpoint; a non-URL endpoint is `Unknown`. */
export function identityPoolEndpoint(identityPoolId: string, override?: string): string {
  return serviceEndpoint('cognito-identity', regionFromIdentityPoolId(identityPoolId), override);
}

/**
 * Calls the identity-pool `operation`: Amplify sends these unsigned, without custom headers. Any
 * failure is an `AuthError` (`toAuthError`).
 */
export function sendIdentityRequest<Op extends IdentityPoolOperationName>(
  client: IdentityClient,
  operation: Op,
  input: IdentityPoolOperations[Op]['request'],
): Promise<IdentityPoolOperations[Op]['response']> {
  return sendAwsJsonRequest(client, `AWSCognitoIdentityService.${operation}`, input).catch(error => {
    throw toAuthError(error);
  }) as Promise<IdentityPoolOperations[Op]['response']>;
}
