/** deleteUserAttributes: removes attributes from the signed-in user (DeleteUserAttributes). */
import type { AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { signedInCall } from './signed-in-call.js';
import type { DeleteUserAttributesInput } from '../types/auth.js';
import { AuthAction } from '../client/auth-action.js';

export async function deleteUserAttributesOf(ctx: AuthContext, input: DeleteUserAttributesInput): Promise<void> {
  await signedInCall(ctx, 'DeleteUserAttributes', { UserAttributeNames: input.userAttributeKeys }, AuthAction.DeleteUserAttributes);
}

export const deleteUserAttributes = /* @__PURE__ */ contextApi(deleteUserAttributesOf);
