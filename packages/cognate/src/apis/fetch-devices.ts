/**
 * fetchDevices: the signed-in user's devices (ListDevices, up to 60) as `{id, name, attributes,
 * createDate, lastModifiedDate, lastAuthenticatedDate}`, the dates as `Date`s.
 */
import type { AuthContext } from '../context/auth-context.js';
import { contextApi } from './context-api.js';
import { signedInCall } from './signed-in-call.js';
import type { FetchDevicesOutput } from '../types/auth.js';
import { AuthAction } from '../client/auth-action.js';

const date = (seconds: number | undefined) => (seconds ? new Date(seconds * 1000) : undefined);

export async function fetchDevicesOf(ctx: AuthContext): Promise<FetchDevicesOutput> {
  const { Devices } = await signedInCall(ctx, 'ListDevices', { Limit: 60 }, AuthAction.FetchDevices);
  return (Devices ?? []).map(device => {
    const attributes: Record<string, string> = {};
    for (const { Name, Value } of device.DeviceAttributes ?? []) if (Name && Value) attributes[Name] = Value;
    return {
      id: device.DeviceKey ?? '',
      name: attributes.device_name,
      attributes,
      createDate: date(device.DeviceCreateDate),
      lastModifiedDate: date(device.DeviceLastModifiedDate),
      lastAuthenticatedDate: date(device.DeviceLastAuthenticatedDate),
    };
  });
}

export const fetchDevices = /* @__PURE__ */ contextApi(fetchDevicesOf);
