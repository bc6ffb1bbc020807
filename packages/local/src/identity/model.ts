/**
 * What cognate-local keeps for Cognito identity pools.
 *
 * Store layout (kinds added to `storage/store.ts`):
 * - `identityPool`  `<identityPoolId>`                     → StoredIdentityPool
 * - `identity`      `<identityPoolId>/<identityId>`        → IdentityRecord (so a prefix lists one pool)
 * - `identityIndex` `id/<identityId>`                      → the identity pool id (identity ids alone address calls)
 * - `identityIndex` `login/<identityPoolId>/<loginKey>`    → the identity id a login is linked to
 * - `identityKey`   `openid`                               → the RSA key GetOpenIdToken signs with
 */

/** `CognitoIdentityProvider` as on the wire. */
export interface CognitoProvider {
  ProviderName: string;
  ClientId: string;
  ServerSideTokenCheck: boolean;
}

/** `IdentityPool` as DescribeIdentityPool returns it. */
export interface IdentityPool {
  IdentityPoolId: string;
  IdentityPoolName: string;
  AllowUnauthenticatedIdentities: boolean;
  AllowClassicFlow: boolean;
  SupportedLoginProviders: Record<string, string>;
  DeveloperProviderName?: string;
  OpenIdConnectProviderARNs: string[];
  CognitoIdentityProviders: CognitoProvider[];
  SamlProviderARNs: string[];
  IdentityPoolTags: Record<string, string>;
}

export interface RoleMappingRule {
  Claim: string;
  MatchType: 'Equals' | 'Contains' | 'StartsWith' | 'NotEqual';
  Value: string;
  RoleARN: string;
}

export interface RoleMapping {
  Type: 'Token' | 'Rules';
  AmbiguousRoleResolution?: 'AuthenticatedRole' | 'Deny';
  RulesConfiguration?: { Rules: RoleMappingRule[] };
}

export interface StoredIdentityPool {
  pool: IdentityPool;
  roles: Record<string, string>;
  roleMappings: Record<string, RoleMapping>;
  /** SetPrincipalTagAttributeMap, per identity provider name. */
  principalTags?: Record<string, PrincipalTagMap>;
  createdAt: number;
}

export interface PrincipalTagMap {
  UseDefaults: boolean;
  /** Tag key → the token claim whose value it takes. */
  PrincipalTags: Record<string, string>;
}

/** A login linked to an identity: the provider name shown by DescribeIdentity, and its stable key. */
export interface LinkedLogin {
  provider: string;
  /** `cognito-idp/<userPoolId>/<sub>`: the same user maps to the same key whatever provider spelling was used. */
  key: string;
}

export interface IdentityRecord {
  IdentityId: string;
  poolId: string;
  /** Cognito user pool logins, and developer-authenticated ones (`key` = `developer/<userIdentifier>`, `provider` = the pool's DeveloperProviderName). */
  logins: LinkedLogin[];
  /** Set when UnlinkIdentity removed the last login: the identity can no longer be used. */
  disabled?: boolean;
  createdAt: number;
  updatedAt: number;
}
