/**
 * Device operations: ConfirmDevice (stores the device's SRP verifier), UpdateDeviceStatus,
 * ListDevices, GetDevice, ForgetDevice, and the Admin* variants.
 */
import type { Json, Operation, OperationContext } from '../context.js';
import { errors } from '../errors.js';
import type { DeviceRecord, UserPool, UserRecord } from '../model.js';
import { deviceType, getDevice as findDevice, requireDevice, saveDevice } from '../services/devices.js';
import { getPool } from '../services/pools.js';
import { pageOf, readPaging } from '../paging.js';
import { verifyAccessToken } from '../services/tokens.js';
import { requireUser } from '../services/users.js';
import { optInt, optObject, optString, reqString, POOL_ID_RULE, TOKEN_RULE, USERNAME_RULE } from '../validate.js';
import { SRP_N } from '@cognate/protocol';
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

/**
 * The bytes of `text` if it is canonical base64 (standard or URL-safe alphabet, padding optional, no
 * whitespace, no stray bits in the last character), else an InvalidParameterException.
 */
function base64Bytes(text: string, name: string): Buffer {
  const bare = text.replace(/={1,2}$/, '');
  const padded = bare.length !== text.length;
  if (!/^[A-Za-z0-9+/_-]*$/.test(bare) || bare.length % 4 === 1 || (padded && text.length % 4 !== 0)) {
    throw errors.invalidParameter(`Invalid ${name}: not base64.`);
  }
  const bytes = Buffer.from(bare, 'base64');
  if (bytes.toString('base64').replace(/=+$/, '') !== bare.replace(/-/g, '+').replace(/_/g, '/')) {
    throw errors.invalidParameter(`Invalid ${name}: not base64.`);
  }
  return bytes;
}

const MAX_SALT_BYTES = 1024;

/**
 * The device's SRP verifier v as hex. v must be a number with 1 < v < N - 1: 0 (or any multiple of
 * N) makes the server's S = (A·v^u)^b zero whatever the client knows, and 1 and N - 1 (the only
 * other elements of small order, N being a safe prime) make S = ±A^b, which anyone can compute from
 * B - k·v without the device's secret. So each of them would let the device's proof be forged.
 */
function verifierHex(text: string): string {
  const bytes = base64Bytes(text, 'PasswordVerifier');
  const first = bytes.findIndex(byte => byte !== 0); // leading zeros (Amplify's padHex adds one) say nothing
  const digits = first < 0 ? Buffer.alloc(0) : bytes.subarray(first);
  const v = digits.length > 0 && digits.length <= 384 ? BigInt(`0x${digits.toString('hex')}`) : 0n;
  if (v <= 1n || v >= SRP_N - 1n) {
    throw errors.invalidParameter('Invalid PasswordVerifier: not a valid SRP verifier (it must be base64 of a number 1 < v < N - 1).');
  }
  return digits.toString('hex');
}

function saltHex(text: string): string {
  const bytes = base64Bytes(text, 'Salt');
  if (bytes.length < 1 || bytes.length > MAX_SALT_BYTES) throw errors.invalidParameter(`Invalid Salt: it must be base64 of 1 to ${MAX_SALT_BYTES} bytes.`);
  return bytes.toString('hex');
}

/**
 * ConfirmDevice. DeviceSecretVerifierConfig and both its members are optional in Cognito's API: without
 * the config the device is taken but has no verifier (so it is not listed and cannot do DEVICE_SRP_AUTH
 * until a later ConfirmDevice gives it one); a config needs both members, as a verifier is no use
 * without its salt. A device with a verifier is confirmed: confirming it again is
 * DeviceKeyExistsException, the error Cognito's API lists for "a device key that already exists". A
 * key the user has no device of is InvalidParameterException "Invalid device key given.", Cognito's
 * answer in public reports (boto/boto3#4059, aws-amplify/amplify-js#2087, #2705, #8469).
 */
export const confirmDevice: Operation = async (input, ctx) => {
  const { pool, user } = await viaToken(input, ctx);
  const key = reqString(input, 'DeviceKey', DEVICE_KEY_RULE);
  const config = optObject(input, 'DeviceSecretVerifierConfig');
  const name = optString(input, 'DeviceName', { min: 1, max: 1024 });
  // The other device operations say ResourceNotFoundException "Device does not exist." here.
  const device = findDevice(ctx, pool, user, key);
  if (!device) throw errors.invalidParameter('Invalid device key given.');
  if (device.verifier) throw errors.deviceKeyExists('Device has already been confirmed.');
  const next: DeviceRecord = { ...device, updatedAt: ctx.clock.now(), ...(name ? { name } : {}) };
  if (config) {
    const verifier = optString(config, 'PasswordVerifier', { max: 131072 });
    const salt = optString(config, 'Salt', { max: 131072 });
    if (verifier === undefined || salt === undefined) throw errors.invalidParameter('DeviceSecretVerifierConfig needs both PasswordVerifier and Salt.');
    next.verifier = verifierHex(verifier);
    next.salt = saltHex(salt);
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
