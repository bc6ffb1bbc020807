/** UpdateDeviceStatus: marks a device remembered (skips MFA) or not (access token). */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export interface UpdateDeviceStatusRequest {
  AccessToken: string;
  DeviceKey: string;
  DeviceRememberedStatus?: 'remembered' | 'not_remembered';
}

export const updateDeviceStatus = userPoolOperation<UpdateDeviceStatusRequest, void>('UpdateDeviceStatus', () => undefined, AuthAction.RememberDevice);
