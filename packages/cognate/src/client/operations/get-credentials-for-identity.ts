/**
 * GetCredentialsForIdentity (identity pools): temporary AWS credentials for an identity. Note the
 * wire names: `SecretKey` (not `SecretAccessKey`) and `Expiration` in epoch seconds.
 */
import { sendIdentityRequest, type IdentityClient } from '../../credentials/identity-client.js';
import type { GetCredentialsForIdentityRequest, CredentialsType, GetCredentialsForIdentityResponse } from '@cognate/protocol/wire';

export async function getCredentialsForIdentity(client: IdentityClient, input: GetCredentialsForIdentityRequest): Promise<GetCredentialsForIdentityResponse> {
  const body = await sendIdentityRequest(client, 'GetCredentialsForIdentity', input);
  const out: GetCredentialsForIdentityResponse = {};
  if (typeof body.IdentityId === 'string') out.IdentityId = body.IdentityId;
  if (body.Credentials && typeof body.Credentials === 'object') out.Credentials = body.Credentials as CredentialsType;
  return out;
}
