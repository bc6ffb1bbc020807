/** ForgetDevice: removes one of the user's devices (access token). */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export const forgetDeviceOperation = userPoolOperation('ForgetDevice', AuthAction.ForgetDevice);
