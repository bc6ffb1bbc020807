/** ForgetDevice: removes one of the user's devices (access token). */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export interface ForgetDeviceRequest {
  AccessToken: string;
  DeviceKey: string;
}

export const forgetDeviceOperation = userPoolOperation<ForgetDeviceRequest, void>('ForgetDevice', () => undefined, AuthAction.ForgetDevice);
