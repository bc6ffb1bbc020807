/**
 * ConfirmDevice: registers the device Cognito just created (NewDeviceMetadata) with its SRP verifier.
 * Its `UserConfirmationNecessary` is not needed: a device is remembered by `rememberDevice()`.
 */
import { userPoolOperation } from '../transport.js';

export interface ConfirmDeviceRequest {
  AccessToken: string;
  DeviceKey: string;
  DeviceName?: string;
  DeviceSecretVerifierConfig: { PasswordVerifier: string; Salt: string };
}

export const confirmDevice = userPoolOperation<ConfirmDeviceRequest, void>('ConfirmDevice', () => undefined);
