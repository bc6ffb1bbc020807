/**
 * GetCredentialsForIdentity (identity pools): temporary AWS credentials for an identity. Note the
 * wire names: `SecretKey` (not `SecretAccessKey`) and `Expiration` in epoch seconds.
 */
import { sendIdentityRequest, type IdentityClient } from '../../credentials/identity-client.js';
import type { GetCredentialsForIdentityRequest, GetCredentialsForIdentityResponse } from '@cognate/protocol/wire';

export function getCredentialsForIdentity(client: IdentityClient, input: GetCredentialsForIdentityRequest): Promise<GetCredentialsForIdentityResponse> {
  return sendIdentityRequest(client, 'GetCredentialsForIdentity', input);
}
