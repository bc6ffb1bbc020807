/**
 * Where user-pool and identity-pool calls go: the configured endpoint verbatim when there is one
 * (cognate-local, a proxy), else `https://<service>.<region>.<dnsSuffix>/` with the region taken
 * from the pool id.
 */
import { authError } from '../errors/auth-error.js';

/** The region part of `us-east-1_AbCdEfGhI`. Throws `InvalidUserPoolId` when there is none. */
export function regionFromUserPoolId(userPoolId: string): string {
  const region = typeof userPoolId === 'string' ? userPoolId.split('_')[0] : undefined;
  if (!userPoolId || !userPoolId.includes('_') || !region) {
    throw authError('InvalidUserPoolId', 'Invalid user pool id provided.');
  }
  return region;
}

/**
 * As Amplify, the pool id must name a region even with an endpoint (Amplify derives the region for
 * every call), and an endpoint that is no URL (`127.0.0.1:9229`, a missing `http://`) is Amplify's
 * `Unknown` error wrapping the `TypeError`, not the raw `TypeError`. Shared by both pool kinds.
 */
export function serviceEndpoint(service: string, region: string, override?: string): string {
  try {
    return override
      ? new URL(override).href
      : `https://${service}.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : region.startsWith('us-iso-') ? 'c2s.ic.gov' : region.startsWith('us-isob-') ? 'sc2s.sgov.gov' : 'amazonaws.com'}/`;
  } catch (cause) {
    throw authError('Unknown', 'An unknown error has occurred.', undefined, cause);
  }
}

export function userPoolEndpoint(userPoolId: string, override?: string): string {
  return serviceEndpoint('cognito-idp', regionFromUserPoolId(userPoolId), override);
}
