/** ListDevices: the signed-in user's devices; dates are epoch seconds. */
import type { AttributeType } from '../shapes.js';

export interface DeviceType {
  DeviceKey?: string;
  DeviceAttributes?: AttributeType[];
  DeviceCreateDate?: number;
  DeviceLastModifiedDate?: number;
  DeviceLastAuthenticatedDate?: number;
}

export interface ListDevicesRequest {
  AccessToken: string;
  Limit?: number;
  PaginationToken?: string;
}

export interface ListDevicesResponse {
  Devices: DeviceType[];
  PaginationToken?: string;
}
