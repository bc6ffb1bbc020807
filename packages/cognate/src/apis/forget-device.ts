/**
 * forgetDevice: forgets `device.id`, or this device when none is given (ForgetDevice). Forgetting
 * this device also removes its keys from storage, so the next sign-in is from a new device.
 */
import type { AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { signedIn } from '../context/signed-in.js';
import { requireDeviceMetadata } from '../flows/device-metadata.js';
import type { ForgetDeviceInput } from '../types/auth.js';
import { sendUserPoolRequest } from '../client/transport.js';
import { AuthAction } from '../client/auth-action.js';

export async function forgetDeviceOf(ctx: AuthContext, input?: ForgetDeviceInput): Promise<void> {
  // The input is read before the session is checked, as in Amplify (a null device is a TypeError).
  const { device: { id: external } = { id: undefined } } = input ?? {};
  const { client, AccessToken } = await signedIn(ctx);
  const current = (await ctx.tokens.store.getDeviceMetadata())?.deviceKey;
  if (!external) await requireDeviceMetadata(ctx);
  await sendUserPoolRequest(client, 'ForgetDevice', { AccessToken, DeviceKey: (external ?? current)! }, AuthAction.ForgetDevice);
  if (!external || external === current) await ctx.tokens.store.clearDeviceMetadata();
}

export const forgetDevice = /* @__PURE__ */ contextApi(forgetDeviceOf);
