/** UpdateDeviceStatus: marks a device remembered (skips MFA) or not (access token). */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export const updateDeviceStatus = userPoolOperation('UpdateDeviceStatus', AuthAction.RememberDevice);
