/**
 * Storage key names, identical to Amplify's so either library reads the other's session:
 * `CognitoIdentityServiceProvider.<clientId>.LastAuthUser` names the user, and each token lives at
 * `CognitoIdentityServiceProvider.<clientId>.<username>.<field>`.
 */

export const AUTH_KEY_PREFIX = 'CognitoIdentityServiceProvider';

const FIELDS = [
  'accessToken',
  'idToken',
  'oidcProvider',
  'clockDrift',
  'refreshToken',
  'deviceKey',
  'randomPasswordKey',
  'deviceGroupKey',
  'signInDetails',
  'oauthMetadata',
] as const;

export type AuthStorageKeys = Record<(typeof FIELDS)[number], string>;

/** `{accessToken: '<prefix>.<identifier>.accessToken', …}`; the identifier is `<clientId>.<username>`. */
export function createKeysForAuthStorage(prefix: string, identifier: string): AuthStorageKeys {
  const keys = {} as AuthStorageKeys;
  for (const field of FIELDS) keys[field] = `${prefix}.${identifier}.${field}`;
  return keys;
}

export function lastAuthUserKey(clientId: string): string {
  return `${AUTH_KEY_PREFIX}.${clientId}.LastAuthUser`;
}
