/** deleteUserAttributes: removes attributes from the signed-in user (DeleteUserAttributes). */
import { deleteUserAttributesOperation } from '../client/operations/delete-user-attributes.js';
import type { AuthContext } from '../context/auth-context.js';
import { withContext, type AmplifyContext } from '../context/with-context.js';
import { signedIn } from '../context/signed-in.js';
import type { DeleteUserAttributesInput } from '../types/auth.js';

export async function deleteUserAttributesOf(ctx: AuthContext, input: DeleteUserAttributesInput): Promise<void> {
  const { client, AccessToken } = await signedIn(ctx);
  await deleteUserAttributesOperation(client, { AccessToken, UserAttributeNames: input.userAttributeKeys });
}

export function deleteUserAttributes(ctx: AmplifyContext, input: DeleteUserAttributesInput): Promise<void>;
export function deleteUserAttributes(input: DeleteUserAttributesInput): Promise<void>;
export async function deleteUserAttributes(...args: unknown[]): Promise<void> {
  return deleteUserAttributesOf(...withContext<[DeleteUserAttributesInput]>(args));
}
