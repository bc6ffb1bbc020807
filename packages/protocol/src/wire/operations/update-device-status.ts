/** UpdateDeviceStatus: marks a device remembered or not. */

export interface UpdateDeviceStatusRequest {
  AccessToken: string;
  DeviceKey: string;
  DeviceRememberedStatus?: 'remembered' | 'not_remembered';
}
