/**
 * rememberDevice: marks this device remembered (UpdateDeviceStatus), so later sign-ins from it skip
 * MFA. Needs the keys stored when the device was confirmed at sign-in
 * (`DeviceMetadataNotFoundException` otherwise).
 */
import type { AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { signedIn } from '../context/signed-in.js';
import { requireDeviceMetadata } from '../flows/device-metadata.js';
import { sendUserPoolRequest } from '../client/transport.js';
import { AuthAction } from '../client/auth-action.js';

export async function rememberDeviceOf(ctx: AuthContext): Promise<void> {
  const { client, AccessToken } = await signedIn(ctx);
  const { deviceKey } = await requireDeviceMetadata(ctx);
  await sendUserPoolRequest(
    client,
    'UpdateDeviceStatus',
    { AccessToken, DeviceKey: deviceKey, DeviceRememberedStatus: 'remembered' },
    AuthAction.RememberDevice,
  );
}

export const rememberDevice = /* @__PURE__ */ contextApi(rememberDeviceOf);
