/**
 * Cognito identity pools (`AWSCognitoIdentityService.*`): the operations cognate-local implements.
 * Same entry shape as the user pool registry.
 */
import type { OperationEntry } from '../registry.js';

export const IDENTITY_OPERATIONS: Record<string, OperationEntry> = {};

/** Every operation of the Cognito identity pools API. */
export const ALL_IDENTITY_OPERATIONS = [
  'CreateIdentityPool', 'DeleteIdentities', 'DeleteIdentityPool', 'DescribeIdentity', 'DescribeIdentityPool', 'GetCredentialsForIdentity',
  'GetId', 'GetIdentityPoolRoles', 'GetOpenIdToken', 'GetOpenIdTokenForDeveloperIdentity', 'GetPrincipalTagAttributeMap', 'ListIdentities',
  'ListIdentityPools', 'ListTagsForResource', 'LookupDeveloperIdentity', 'MergeDeveloperIdentities', 'SetIdentityPoolRoles',
  'SetPrincipalTagAttributeMap', 'TagResource', 'UnlinkDeveloperIdentity', 'UnlinkIdentity', 'UntagResource', 'UpdateIdentityPool',
] as const;
