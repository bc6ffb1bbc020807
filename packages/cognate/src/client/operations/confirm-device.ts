/**
 * ConfirmDevice: registers the device Cognito just created (NewDeviceMetadata) with its SRP verifier.
 * Its `UserConfirmationNecessary` is not needed: a device is remembered by `rememberDevice()`.
 */
import { userPoolOperation } from '../transport.js';

export const confirmDevice = userPoolOperation('ConfirmDevice');
