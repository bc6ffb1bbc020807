/** RespondToAuthChallenge: answers PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED, CUSTOM_CHALLENGE, MFA, … */
import { userPoolOperation } from '../transport.js';

export const respondToAuthChallenge = userPoolOperation('RespondToAuthChallenge');
