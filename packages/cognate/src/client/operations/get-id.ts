/** GetId (identity pools): the identity id for a set of logins, or a new guest identity. */
import { sendIdentityRequest, type IdentityClient } from '../../credentials/identity-client.js';
import { AuthError } from '../../errors/auth-error.js';
import type { GetIdRequest, GetIdResponse } from '@cognate/protocol/wire';

export async function getId(client: IdentityClient, input: GetIdRequest): Promise<GetIdResponse> {
  const body = await sendIdentityRequest(client, 'GetId', input);
  if (typeof body.IdentityId !== 'string' || !body.IdentityId) {
    throw new AuthError({
      name: 'GetIdResponseException',
      message: 'Received undefined response from getId operation',
      recoverySuggestion: 'Make sure to pass a valid identityPoolId in the configuration.',
    });
  }
  return { IdentityId: body.IdentityId };
}
