/** deleteUserAttributes: removes attributes from the signed-in user (DeleteUserAttributes). */
import { deleteUserAttributesOperation } from '../client/operations/delete-user-attributes.js';
import type { AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { signedInCall } from './signed-in-call.js';
import type { DeleteUserAttributesInput } from '../types/auth.js';

export async function deleteUserAttributesOf(ctx: AuthContext, input: DeleteUserAttributesInput): Promise<void> {
  await signedInCall(ctx, deleteUserAttributesOperation, { UserAttributeNames: input.userAttributeKeys });
}

export const deleteUserAttributes = /* @__PURE__ */ contextApi(deleteUserAttributesOf);
