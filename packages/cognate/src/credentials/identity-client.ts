/**
 * Sends one AWS JSON 1.1 call to Cognito identity pools (`AWSCognitoIdentityService.<Op>`): unsigned
 * POSTs as Amplify sends `GetId` and `GetCredentialsForIdentity`, with the same retry policy as the
 * user-pool transport. The endpoint is `identityPoolEndpoint` verbatim when configured, else
 * `https://cognito-identity.<region>.<dnsSuffix>/` with the region taken from the pool id.
 */
import type { RetryPolicy } from '../client/retry.js';
import { sendAwsJsonRequest } from '../client/transport.js';
import type { IdentityPoolOperationName, IdentityPoolOperations } from '@cognate/protocol/wire';
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

/** As `userPoolEndpoint`: the id must name a region even with an endpoint; a non-URL endpoint is `Unknown`. */
export function identityPoolEndpoint(identityPoolId: string, override?: string): string {
  const region = regionFromIdentityPoolId(identityPoolId);
  if (override) {
    try {
      return new URL(override).href;
    } catch (cause) {
      throw new AuthError({ name: 'Unknown', message: 'An unknown error has occurred.', cause });
    }
  }
  return `https://cognito-identity.${region}.${dnsSuffix(region)}/`;
}

/** Calls the identity-pool `operation`: Amplify sends these unsigned, without custom headers. */
export function sendIdentityRequest<Op extends IdentityPoolOperationName>(
  client: IdentityClient,
  operation: Op,
  input: IdentityPoolOperations[Op]['request'],
): Promise<Record<string, unknown>> {
  const { endpoint, fetch: doFetch, retry } = client;
  return sendAwsJsonRequest({ endpoint, ...(doFetch ? { fetch: doFetch } : {}), ...(retry ? { retry } : {}) }, `AWSCognitoIdentityService.${operation}`, input);
}
