/**
 * Device tracking: a device is created (NewDeviceMetadata) when a pool tracks devices and a sign-in
 * comes from a new one, confirmed with an SRP verifier (ConfirmDevice), optionally remembered, and
 * then proves itself with DEVICE_SRP_AUTH; a remembered device skips MFA.
 */
import { randomBytes } from 'node:crypto';
import { SRP_N } from '@cognate/protocol';
import type { Services } from '../context.js';
import { errors } from '../errors.js';
import type { DeviceRecord, UserPool, UserRecord } from '../model.js';
import { newUuid } from './ids.js';

/**
 * Whether a stored device verifier (hex) is one SRP may run against: 1 < v < N - 1. ConfirmDevice
 * refuses any other, but a --data store written by an older build could hold one, and with v = 0,
 * 1 or N - 1 the device's proof can be forged without its secret.
 */
export function usableVerifier(hex: unknown): hex is string {
  if (typeof hex !== 'string' || !/^[0-9a-fA-F]{1,768}$/.test(hex)) return false;
  const v = BigInt(`0x${hex}`);
  return v > 1n && v < SRP_N - 1n;
}

export function deviceKey(pool: UserPool, username: string, key: string): string {
  return `${pool.Id}/${username}/${key}`;
}

export function getDevice(ctx: Services, pool: UserPool, user: UserRecord, key: string): DeviceRecord | undefined {
  return ctx.store.get<DeviceRecord>('device', deviceKey(pool, user.username, key));
}

export function requireDevice(ctx: Services, pool: UserPool, user: UserRecord, key: string): DeviceRecord {
  const device = getDevice(ctx, pool, user, key);
  if (!device) throw errors.resourceNotFound('Device does not exist.');
  return device;
}

export function saveDevice(ctx: Services, device: DeviceRecord): void {
  ctx.store.put('device', `${device.poolId}/${device.username}/${device.deviceKey}`, device);
}

export function tracksDevices(pool: UserPool): boolean {
  return pool.DeviceConfiguration !== undefined && pool.DeviceConfiguration !== null;
}

export function createDevice(ctx: Services, pool: UserPool, user: UserRecord): DeviceRecord {
  const now = ctx.clock.now();
  const device: DeviceRecord = {
    poolId: pool.Id,
    username: user.username,
    deviceKey: `${ctx.region}_${newUuid()}`,
    deviceGroupKey: `-${randomBytes(7).toString('base64url').slice(0, 9)}`,
    remembered: false,
    createdAt: now,
    updatedAt: now,
    lastAuthenticatedAt: now,
  };
  saveDevice(ctx, device);
  return device;
}

/** ListDevices / GetDevice wire shape. */
export function deviceType(device: DeviceRecord): Record<string, unknown> {
  const attributes = [
    { Name: 'device_status', Value: 'valid' },
    ...(device.name ? [{ Name: 'device_name', Value: device.name }] : []),
    { Name: 'dev:device_remembered_status', Value: device.remembered ? 'remembered' : 'not_remembered' },
    ...(device.lastIp ? [{ Name: 'last_ip_used', Value: device.lastIp }] : []),
  ];
  return {
    DeviceKey: device.deviceKey,
    DeviceAttributes: attributes,
    DeviceCreateDate: device.createdAt,
    DeviceLastModifiedDate: device.updatedAt,
    DeviceLastAuthenticatedDate: device.lastAuthenticatedAt,
  };
}
