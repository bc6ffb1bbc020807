/**
 * Where user-pool calls go: `userPoolEndpoint` verbatim when configured (cognate-local, a proxy),
 * else `https://cognito-idp.<region>.<dnsSuffix>/` with the region taken from the pool id.
 */
import { AuthError } from '../errors/auth-error.js';

/** The region part of `us-east-1_AbCdEfGhI`. Throws `InvalidUserPoolId` when there is none. */
export function regionFromUserPoolId(userPoolId: string): string {
  const region = userPoolId.split('_')[0];
  if (!userPoolId.includes('_') || !region) {
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

export function userPoolEndpoint(userPoolId: string, override?: string): string {
  if (override) return new URL(override).href;
  const region = regionFromUserPoolId(userPoolId);
  return `https://cognito-idp.${region}.${dnsSuffix(region)}/`;
}
