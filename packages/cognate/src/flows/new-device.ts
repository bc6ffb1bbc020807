/**
 * A sign-in that created a device (`NewDeviceMetadata`) confirms it: a fresh random device password,
 * its SRP verifier sent with ConfirmDevice, and the keys kept in storage (deviceKey, deviceGroupKey,
 * randomPasswordKey) for DEVICE_SRP_AUTH on later sign-ins. Any failure is swallowed and leaves no
 * keys, as in Amplify: the sign-in itself has succeeded. The device is only remembered (skipping
 * MFA) after `rememberDevice()`, unless the pool remembers devices always.
 */
import { createDeviceSecretVerifier } from '@cognate/protocol';
import { confirmDevice } from '../client/operations/confirm-device.js';
import type { NewDeviceMetadataType } from '../client/wire-types.js';
import { requireUserPoolConfig, userPoolClient, type AuthContext } from '../context/auth-context.js';
import type { DeviceMetadata } from '../tokens/token-store.js';

export async function confirmNewDevice(ctx: AuthContext, AccessToken: string, meta: NewDeviceMetadataType): Promise<DeviceMetadata | undefined> {
  try {
    const deviceKey = meta.DeviceKey!;
    const deviceGroupKey = meta.DeviceGroupKey!;
    const { randomPassword, salt, passwordVerifier } = await createDeviceSecretVerifier(deviceGroupKey, deviceKey);
    const DeviceName = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent;
    await confirmDevice(userPoolClient(ctx, requireUserPoolConfig(ctx)), {
      AccessToken,
      DeviceKey: deviceKey,
      ...(DeviceName ? { DeviceName } : {}),
      DeviceSecretVerifierConfig: { Salt: salt, PasswordVerifier: passwordVerifier },
    });
    return { deviceKey, deviceGroupKey, randomPassword };
  } catch {
    return undefined;
  }
}
