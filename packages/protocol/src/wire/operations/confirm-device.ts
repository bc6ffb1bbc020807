/** ConfirmDevice: confirms (tracks) a device with its SRP verifier. */

export interface ConfirmDeviceRequest {
  AccessToken: string;
  DeviceKey: string;
  DeviceName?: string;
  DeviceSecretVerifierConfig: { PasswordVerifier: string; Salt: string };
}

export interface ConfirmDeviceResponse {
  UserConfirmationNecessary?: boolean;
}
