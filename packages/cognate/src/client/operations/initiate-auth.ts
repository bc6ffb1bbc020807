/** InitiateAuth: starts USER_SRP_AUTH, USER_PASSWORD_AUTH, CUSTOM_AUTH and USER_AUTH sign-ins. */
import { userPoolOperation } from '../transport.js';
import { parseChallengeOrTokens } from '../wire-types.js';

export const initiateAuth = userPoolOperation('InitiateAuth', parseChallengeOrTokens);
