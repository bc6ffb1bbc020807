/** InitiateAuth: starts USER_SRP_AUTH, USER_PASSWORD_AUTH, CUSTOM_AUTH and USER_AUTH sign-ins. */
import { userPoolOperation } from '../transport.js';

export const initiateAuth = userPoolOperation('InitiateAuth');
