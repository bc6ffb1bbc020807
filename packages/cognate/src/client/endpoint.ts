/**
 * Where user-pool calls go: `userPoolEndpoint` verbatim when configured (cognate-local, a proxy),
 * else `https://cognito-idp.<region>.<dnsSuffix>/` with the region taken from the pool id.
 */
import { AuthError } from '../errors/auth-error.js';

/** The region part of `us-east-1_AbCdEfGhI`. Throws `InvalidUserPoolId` when there is none. */
export function regionFromUserPoolId(userPoolId: string): string {
  const region = typeof userPoolId === 'string' ? userPoolId.split('_')[0] : undefined;
  if (!userPoolId || !userPoolId.includes('_') || !region) {
    throw new AuthError({ name: 'InvalidUserPoolId', message: 'Invalid user pool id provided.' });
  }
  return region;
}

function dnsSuffix(region: string): string {
  if (region.startsWith('cn-')) return 'amazonaws.com.cn';
  if (region.startsWith('us-iso-')) return 'c2s.ic.gov';
  if (region.startsWith('us-isob-')) return 'sc2s.sgov.gov';
  return 'amazonaws.com';
}

/**
 * As Amplify, the pool id must name a region even with an endpoint (Amplify derives the region for
 * every call), and an endpoint that is no URL (`127.0.0.1:9229`, a missing `http://`) is Amplify's
 * `Unknown` error wrapping the `TypeError`, not the raw `TypeError`.
 */
export function userPoolEndpoint(userPoolId: string, override?: string): string {
  const region = regionFromUserPoolId(userPoolId);
  if (override) {
    try {
      return new URL(override).href;
    } catch (cause) {
      throw new AuthError({ name: 'Unknown', message: 'An unknown error has occurred.', cause });
    }
  }
  return `https://cognito-idp.${region}.${dnsSuffix(region)}/`;
}
