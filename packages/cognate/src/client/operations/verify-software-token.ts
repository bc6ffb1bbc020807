/**
 * VerifySoftwareToken: proves the TOTP secret with a first code (access token, or the MFA_SETUP
 * Session). The body is passed through: its `Session` only goes back to Cognito.
 */
import { userPoolOperation } from '../transport.js';

export const verifySoftwareToken = userPoolOperation('VerifySoftwareToken');
