/**
 * VerifySoftwareToken: proves the TOTP secret with a first code (access token, or the MFA_SETUP
 * Session). The body is passed through: its `Session` only goes back to Cognito.
 */
import { userPoolOperation } from '../transport.js';
import type { VerifySoftwareTokenResponse } from '@cognate/protocol/wire';

export const verifySoftwareToken = userPoolOperation('VerifySoftwareToken', body => body as VerifySoftwareTokenResponse);
