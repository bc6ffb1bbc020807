/**
 * Which IAM role GetCredentialsForIdentity's credentials are for, chosen as Cognito Identity
 * chooses it:
 *
 * - a guest gets the pool's `unauthenticated` role;
 * - an authenticated identity gets, from the role mapping of the provider it signed in with
 *   (`<ProviderName>:<ClientId>`): with `Type: Token`, CustomRoleArn, else the ID token's
 *   `cognito:preferred_role`, else its only `cognito:roles` entry; with `Type: Rules`, the RoleARN
 *   of the first rule whose claim matches (Equals, Contains, StartsWith, NotEqual). When that gives
 *   no role, `AmbiguousRoleResolution` decides: `AuthenticatedRole` falls back to the pool's
 *   `authenticated` role, `Deny` refuses (NotAuthorizedException). Without a mapping, the
 *   `authenticated` role;
 * - a CustomRoleArn must be one of the token's `cognito:roles`, and with Rules or the default role it
 *   must also be the role those choose;
 * - a role the pool needs but does not have is InvalidIdentityPoolConfigurationException ("Invalid
 *   identity pool configuration. Check assigned IAM roles for this pool."), as Cognito answers a pool
 *   that was never given roles (SetIdentityPoolRoles), a guest where the pool has no unauthenticated
 *   role, and a developer-authenticated identity where it has no authenticated role.
 *
 * There is no STS here: the chosen role travels in the fake credentials' SessionToken (see
 * `sessionToken`), so a test can read which role AWS would have assumed.
 */
import { randomBytes } from 'node:crypto';
import { CognitoError, errors } from '../errors.js';
import type { VerifiedLogin } from './logins.js';
import type { RoleMappingRule, StoredIdentityPool } from './model.js';

export const invalidConfiguration = () =>
  new CognitoError('InvalidIdentityPoolConfigurationException', 'Invalid identity pool configuration. Check assigned IAM roles for this pool.');
const denied = () => errors.notAuthorized('The ambiguous role mapping rules denied this request.');
const notTokenRole = () => errors.notAuthorized('The CustomRoleArn is not one of the roles in the token (cognito:roles).');

function claimValues(claims: Record<string, unknown>, claim: string): string[] {
  const value = Object.hasOwn(claims, claim) ? claims[claim] : undefined;
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter(v => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean').map(String);
}

export function ruleMatches(rule: RoleMappingRule, claims: Record<string, unknown>): boolean {
  const values = claimValues(claims, rule.Claim);
  if (!values.length) return false;
  switch (rule.MatchType) {
    case 'Equals':
      return values.includes(rule.Value);
    case 'Contains':
      return values.some(v => v.includes(rule.Value));
    case 'StartsWith':
      return values.some(v => v.startsWith(rule.Value));
    case 'NotEqual':
      return values.every(v => v !== rule.Value);
  }
}

function tokenRoles(verified: VerifiedLogin[]): string[] {
  return [...new Set(verified.flatMap(v => claimValues(v.claims, 'cognito:roles')))];
}

/** The role for these credentials. Throws Cognito's error when no role may be issued. */
export function chooseRole(stored: StoredIdentityPool, verified: VerifiedLogin[], customRoleArn?: string): string {
  if (!verified.length) {
    if (customRoleArn !== undefined) throw notTokenRole();
    const role = stored.roles.unauthenticated;
    if (!role) throw invalidConfiguration();
    return role;
  }
  const fromToken = tokenRoles(verified);
  if (customRoleArn !== undefined && !fromToken.includes(customRoleArn)) throw notTokenRole();
  const mappingFor = (key: string) => (Object.hasOwn(stored.roleMappings, key) ? stored.roleMappings[key] : undefined);
  const mapped = verified.map(v => ({ login: v, mapping: mappingFor(`${v.provider}:${v.clientId}`) })).find(m => m.mapping !== undefined);
  const fallback = (): string => {
    const role = stored.roles.authenticated;
    if (!role) throw invalidConfiguration();
    return role;
  };
  let role: string | undefined;
  if (!mapped) role = fallback();
  else if (mapped.mapping!.Type === 'Token') {
    const preferred = claimValues(mapped.login.claims, 'cognito:preferred_role')[0];
    const roles = claimValues(mapped.login.claims, 'cognito:roles');
    role = customRoleArn ?? preferred ?? (roles.length === 1 ? roles[0] : undefined);
  } else {
    role = mapped.mapping!.RulesConfiguration?.Rules.find(rule => ruleMatches(rule, mapped.login.claims))?.RoleARN;
  }
  if (role === undefined) {
    if (mapped!.mapping!.AmbiguousRoleResolution === 'Deny') throw denied();
    role = fallback();
  }
  if (customRoleArn !== undefined && customRoleArn !== role) throw notTokenRole();
  return role;
}

/** What the fake SessionToken carries: the role AWS would have assumed, and the session's principal tags. */
export interface SessionInfo {
  identityId: string;
  roleArn: string;
  principalTags?: Record<string, string>;
  /** The credentials' AccessKeyId and Expiration (epoch seconds), for checking a signature made with them. */
  accessKeyId?: string;
  expiration?: number;
}

const SESSION_PREFIX = 'IQoJb3JpZ2luX2VjE';

/**
 * A SessionToken shaped like STS's (an opaque base64 string of about 800 characters) whose first part
 * is `IQoJb3JpZ2luX2VjE`, then the SessionInfo as base64url JSON, then `.` and random bytes.
 */
export function sessionToken(info: SessionInfo): string {
  return `${SESSION_PREFIX}${Buffer.from(JSON.stringify(info)).toString('base64url')}.${randomBytes(400).toString('base64url')}`;
}

/** The SessionInfo in a SessionToken from `sessionToken`, or undefined. */
export function readSessionToken(token: string): SessionInfo | undefined {
  if (!token.startsWith(SESSION_PREFIX)) return undefined;
  const encoded = token.slice(SESSION_PREFIX.length).split('.')[0]!;
  try {
    const info = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as SessionInfo;
    return typeof info === 'object' && info !== null && typeof info.identityId === 'string' ? info : undefined;
  } catch {
    return undefined;
  }
}
