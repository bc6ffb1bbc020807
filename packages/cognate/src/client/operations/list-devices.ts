/** ListDevices: the user's confirmed devices (access token); dates are epoch seconds. */
import { userPoolOperation } from '../transport.js';
import type { AttributeType } from '../wire-types.js';
import { AuthAction } from '../auth-action.js';

export interface ListDevicesRequest {
  AccessToken: string;
  Limit?: number;
  PaginationToken?: string;
}
export interface DeviceType {
  DeviceKey?: string;
  DeviceAttributes?: AttributeType[];
  DeviceCreateDate?: number;
  DeviceLastModifiedDate?: number;
  DeviceLastAuthenticatedDate?: number;
}
export interface ListDevicesResponse {
  Devices: DeviceType[];
  PaginationToken?: string;
}

export const listDevices = userPoolOperation<ListDevicesRequest, ListDevicesResponse>(
  'ListDevices',
  body => ({
    Devices: Array.isArray(body.Devices) ? (body.Devices as DeviceType[]) : [],
    ...(typeof body.PaginationToken === 'string' ? { PaginationToken: body.PaginationToken } : {}),
  }),
  AuthAction.FetchDevices,
);
