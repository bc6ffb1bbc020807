/** ListDevices: the user's confirmed devices (access token); dates are epoch seconds. */
import { userPoolOperation } from '../transport.js';
import { AuthAction } from '../auth-action.js';

export const listDevices = userPoolOperation('ListDevices', AuthAction.FetchDevices);
