/**
 * This device's remembered keys (deviceKey, deviceGroupKey, randomPasswordKey in storage), or
 * Amplify's `DeviceMetadataNotFoundException` when any is missing.
 */
import type { AuthContext } from '../context/auth-context.js';
import { authError } from '../errors/auth-error.js';
import type { DeviceMetadata } from '../tokens/token-store.js';

export async function requireDeviceMetadata(ctx: AuthContext, username?: string): Promise<DeviceMetadata> {
  const device = await ctx.tokens.store.getDeviceMetadata(username);
  if (!device) {
    throw authError(
      'DeviceMetadataNotFoundException',
      'Either deviceKey, deviceGroupKey or secretPassword were not found during the sign-in process.',
      'Make sure to not clear storage after calling the signIn API.',
    );
  }
  return device;
}
