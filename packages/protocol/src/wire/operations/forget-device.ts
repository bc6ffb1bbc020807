/** ForgetDevice: forgets a device. */

export interface ForgetDeviceRequest {
  AccessToken: string;
  DeviceKey: string;
}
