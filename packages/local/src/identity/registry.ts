/**
 * Cognito identity pools (`AWSCognitoIdentityService.*`): the operations cognate-local implements.
 * Same entry shape as the user pool registry; `auth: 'none'` marks the four operations AWS serves
 * unsigned (GetId, GetCredentialsForIdentity, GetOpenIdToken, UnlinkIdentity), the rest need SigV4.
 */
import type { OperationEntry } from '../registry.js';
import * as identities from './identities.js';
import * as pools from './pools.js';

export const IDENTITY_OPERATIONS: Record<string, OperationEntry> = {
  CreateIdentityPool: { handler: pools.createIdentityPool },
  DescribeIdentityPool: { handler: pools.describeIdentityPool },
  UpdateIdentityPool: { handler: pools.updateIdentityPool },
  DeleteIdentityPool: { handler: pools.deleteIdentityPool },
  ListIdentityPools: { handler: pools.listIdentityPools },
  SetIdentityPoolRoles: { handler: pools.setIdentityPoolRoles, note: 'Roles and role mappings are stored and returned; nothing is enforced (no IAM).' },
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
    note: 'Shape-correct fake credentials valid for 1 h; no roles are required or assumed.',
  },
  GetOpenIdToken: { auth: 'none', handler: identities.getOpenIdToken, note: 'RS256, issuer `<issuerBase>/identity`.' },
  DescribeIdentity: { handler: identities.describeIdentity },
  ListIdentities: { handler: identities.listIdentities },
  DeleteIdentities: { handler: identities.deleteIdentities },
  UnlinkIdentity: { auth: 'none', handler: identities.unlinkIdentity },
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
