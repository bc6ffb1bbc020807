/** ForgetDevice: removes one of the user's devices (access token). */
import { userPoolOperation } from '../transport.js';

export interface ForgetDeviceRequest {
  AccessToken: string;
  DeviceKey: string;
}

export const forgetDeviceOperation = userPoolOperation<ForgetDeviceRequest, void>('ForgetDevice', () => undefined, 33);
