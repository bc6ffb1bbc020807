/** ListDevices: the user's confirmed devices (access token); dates are epoch seconds. */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';
import type { DeviceType } from '@cognate/protocol/wire';

export const listDevices = userPoolOperation(
  'ListDevices',
  body => ({
    Devices: Array.isArray(body.Devices) ? (body.Devices as DeviceType[]) : [],
    ...(typeof body.PaginationToken === 'string' ? { PaginationToken: body.PaginationToken } : {}),
  }),
  AuthAction.FetchDevices,
);
