/** GetUser: the signed-in user's attributes and MFA settings (access token). */
import { userPoolOperation } from '../transport.js';

export const getUser = userPoolOperation('GetUser');
