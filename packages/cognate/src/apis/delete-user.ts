/**
 * deleteUser: deletes the signed-in user's account (DeleteUser), forgets this device's keys, then
 * signs out as `signOut()` does (the `signedOut` Hub event included).
 */
import type { AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { signedInCall } from './signed-in-call.js';
import { signOutOf } from './sign-out.js';
import { AuthAction } from '../client/auth-action.js';

export async function deleteUserOf(ctx: AuthContext): Promise<void> {
  await signedInCall(ctx, 'DeleteUser', {}, AuthAction.DeleteUser);
  await ctx.tokens.store.clearDeviceMetadata();
  await signOutOf(ctx);
}

export const deleteUser = /* @__PURE__ */ contextApi(deleteUserOf);
