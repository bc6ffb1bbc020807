/**
 * Device operations: ConfirmDevice (stores the device's SRP verifier), UpdateDeviceStatus,
 * ListDevices, GetDevice, ForgetDevice, and the Admin* variants.
 */
import type { Json, Operation, OperationContext } from '../context.js';
import { errors } from '../errors.js';
import type { DeviceRecord, UserPool, UserRecord } from '../model.js';
import { deviceType, requireDevice, saveDevice } from '../services/devices.js';
import { getPool } from '../services/pools.js';
import { pageOf, readPaging } from '../paging.js';
import { verifyAccessToken } from '../services/tokens.js';
import { requireUser } from '../services/users.js';
import { optInt, optObject, optString, reqString, POOL_ID_RULE, TOKEN_RULE, USERNAME_RULE } from '../validate.js';
import type { ConfirmDeviceResponse } from '@cognate/protocol/wire';

const DEVICE_KEY_RULE = { min: 1, max: 55, pattern: /^[\w-]+_[0-9a-f-]+$/, patternText: '[\\w-]+_[0-9a-f-]+' };

async function viaToken(input: Json, ctx: OperationContext): Promise<{ pool: UserPool; user: UserRecord }> {
  const { pool, user } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  return { pool, user };
}

function viaAdmin(input: Json, ctx: OperationContext): { pool: UserPool; user: UserRecord } {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  return { pool, user: requireUser(ctx, pool, reqString(input, 'Username', USERNAME_RULE)) };
}

function b64ToHex(text: string, name: string): string {
  if (!/^[A-Za-z0-9+/=_-]+$/.test(text)) throw errors.invalidParameter(`Invalid ${name}.`);
  const hex = Buffer.from(text, 'base64').toString('hex');
  if (!hex) throw errors.invalidParameter(`Invalid ${name}.`);
  return hex;
}

export const confirmDevice: Operation = async (input, ctx) => {
  const { pool, user } = await viaToken(input, ctx);
  const key = reqString(input, 'DeviceKey', DEVICE_KEY_RULE);
  const config = optObject(input, 'DeviceSecretVerifierConfig');
  const name = optString(input, 'DeviceName', { min: 1, max: 1024 });
  const device = requireDevice(ctx, pool, user, key);
  if (device.verifier) throw errors.invalidParameter('Device has already been confirmed.');
  const next: DeviceRecord = { ...device, updatedAt: ctx.clock.now(), ...(name ? { name } : {}) };
  if (config) {
    next.verifier = b64ToHex(reqString(config, 'PasswordVerifier', { min: 1, max: 4096 }), 'PasswordVerifier');
    next.salt = b64ToHex(reqString(config, 'Salt', { min: 1, max: 1024 }), 'Salt');
  }
  const onPrompt = Boolean((pool.DeviceConfiguration as Json | undefined)?.DeviceOnlyRememberedOnUserPrompt);
  if (!onPrompt) next.remembered = true;
  saveDevice(ctx, next);
  return { UserConfirmationNecessary: onPrompt } satisfies ConfirmDeviceResponse;
};

function updateStatus(
  via: (input: Json, ctx: OperationContext) => Promise<{ pool: UserPool; user: UserRecord }> | { pool: UserPool; user: UserRecord },
): Operation {
  return async (input, ctx) => {
    const { pool, user } = await via(input, ctx);
    const device = requireDevice(ctx, pool, user, reqString(input, 'DeviceKey', DEVICE_KEY_RULE));
    const status = optString(input, 'DeviceRememberedStatus', { values: ['remembered', 'not_remembered'] });
    saveDevice(ctx, { ...device, remembered: status === 'remembered', updatedAt: ctx.clock.now() });
    return {};
  };
}
export const updateDeviceStatus = updateStatus(viaToken);
export const adminUpdateDeviceStatus = updateStatus(viaAdmin);

function list(via: (input: Json, ctx: OperationContext) => Promise<{ pool: UserPool; user: UserRecord }> | { pool: UserPool; user: UserRecord }): Operation {
  return async (input, ctx) => {
    const { pool, user } = await via(input, ctx);
    const paging = readPaging(input, { limit: 'Limit', min: 0, max: 60, fallback: 60, token: 'PaginationToken' });
    const all = ctx.store.list<DeviceRecord>('device', `${pool.Id}/${user.username}/`).filter(d => d.verifier !== undefined);
    const { items, next } = pageOf(all, d => d.deviceKey, paging, `ListDevices/${pool.Id}/${user.username}`);
    return { Devices: items.map(deviceType), ...(next ? { PaginationToken: next } : {}) };
  };
}
export const listDevices = list(viaToken);
export const adminListDevices = list(viaAdmin);

function get(via: (input: Json, ctx: OperationContext) => Promise<{ pool: UserPool; user: UserRecord }> | { pool: UserPool; user: UserRecord }): Operation {
  return async (input, ctx) => {
    const { pool, user } = await via(input, ctx);
    return { Device: deviceType(requireDevice(ctx, pool, user, reqString(input, 'DeviceKey', DEVICE_KEY_RULE))) };
  };
}
export const getDevice = get(viaToken);
export const adminGetDevice = get(viaAdmin);

function forget(via: (input: Json, ctx: OperationContext) => Promise<{ pool: UserPool; user: UserRecord }> | { pool: UserPool; user: UserRecord }): Operation {
  return async (input, ctx) => {
    const { pool, user } = await via(input, ctx);
    const device = requireDevice(ctx, pool, user, reqString(input, 'DeviceKey', DEVICE_KEY_RULE));
    ctx.store.delete('device', `${pool.Id}/${user.username}/${device.deviceKey}`);
    return {};
  };
}
export const forgetDevice = forget(viaToken);
export const adminForgetDevice = forget(viaAdmin);
