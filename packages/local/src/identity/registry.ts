/**
 * Cognito identity pools (`AWSCognitoIdentityService.*`): the operations cognate-local implements.
 * Same entry shape as the user pool registry; `auth: 'none'` marks the four operations AWS serves
 * unsigned (GetId, GetCredentialsForIdentity, GetOpenIdToken, UnlinkIdentity), the rest need SigV4.
 */
import type { OperationEntry } from '../registry.js';
import * as developer from './developer.js';
import * as identities from './identities.js';
import * as pools from './pools.js';
import * as principalTags from './principal-tags.js';

export const IDENTITY_OPERATIONS: Record<string, OperationEntry> = {
  CreateIdentityPool: { handler: pools.createIdentityPool },
  DescribeIdentityPool: { handler: pools.describeIdentityPool },
  UpdateIdentityPool: { handler: pools.updateIdentityPool },
  DeleteIdentityPool: { handler: pools.deleteIdentityPool },
  ListIdentityPools: { handler: pools.listIdentityPools },
  SetIdentityPoolRoles: {
    handler: pools.setIdentityPoolRoles,
    note: 'Roles and role mappings (Token, Rules, AmbiguousRoleResolution) choose the role of GetCredentialsForIdentity, as on AWS; no IAM policy is evaluated.',
  },
  GetIdentityPoolRoles: { handler: pools.getIdentityPoolRoles },
  TagResource: { handler: pools.tagResource },
  UntagResource: { handler: pools.untagResource },
  ListTagsForResource: { handler: pools.listTagsForResource },
  GetId: {
    auth: 'none',
    handler: identities.getId,
    note: "Logins from Cognito user pool providers (this server's pools) are verified; other providers are refused.",
  },
  GetCredentialsForIdentity: {
    auth: 'none',
    handler: identities.getCredentialsForIdentity,
    note: 'Shape-correct fake credentials valid for 1 h; the role AWS would assume (and the principal tags) are in the SessionToken: after its `IQoJb3JpZ2luX2VjE` prefix, base64url JSON up to the first `.`. A pool without the role a caller needs (one never given roles, a guest without an unauthenticated role) answers InvalidIdentityPoolConfigurationException, as Cognito does; `cognito-identity.amazonaws.com` logins (developer-authenticated identities) are accepted.',
  },
  GetOpenIdToken: { auth: 'none', handler: identities.getOpenIdToken, note: 'RS256, issuer `<issuerBase>/identity`.' },
  DescribeIdentity: { handler: identities.describeIdentity },
  ListIdentities: { handler: identities.listIdentities },
  DeleteIdentities: { handler: identities.deleteIdentities },
  UnlinkIdentity: { auth: 'none', handler: identities.unlinkIdentity },
  GetOpenIdTokenForDeveloperIdentity: {
    handler: developer.getOpenIdTokenForDeveloperIdentity,
    note: "with the pool's DeveloperProviderName; TokenDuration honoured",
  },
  LookupDeveloperIdentity: { handler: developer.lookupDeveloperIdentity },
  MergeDeveloperIdentities: { handler: developer.mergeDeveloperIdentities },
  UnlinkDeveloperIdentity: { handler: developer.unlinkDeveloperIdentity },
  SetPrincipalTagAttributeMap: { handler: principalTags.setPrincipalTagAttributeMap, note: 'the mapped claims are the session tags in the SessionToken' },
  GetPrincipalTagAttributeMap: { handler: principalTags.getPrincipalTagAttributeMap },
};

/** Every operation of the Cognito identity pools API. */
export const ALL_IDENTITY_OPERATIONS = [
  'CreateIdentityPool',
  'DeleteIdentities',
  'DeleteIdentityPool',
  'DescribeIdentity',
  'DescribeIdentityPool',
  'GetCredentialsForIdentity',
  'GetId',
  'GetIdentityPoolRoles',
  'GetOpenIdToken',
  'GetOpenIdTokenForDeveloperIdentity',
  'GetPrincipalTagAttributeMap',
  'ListIdentities',
  'ListIdentityPools',
  'ListTagsForResource',
  'LookupDeveloperIdentity',
  'MergeDeveloperIdentities',
  'SetIdentityPoolRoles',
  'SetPrincipalTagAttributeMap',
  'TagResource',
  'UnlinkDeveloperIdentity',
  'UnlinkIdentity',
  'UntagResource',
  'UpdateIdentityPool',
] as const;
