/**
 * AssociateSoftwareToken: a new TOTP secret for the user (access token), or inside sign-in (MFA_SETUP
 * Session). Only `SecretCode` is checked; `Session` goes back to Cognito as it came.
 */
import { userPoolOperation } from '../transport.js';

export const associateSoftwareToken = userPoolOperation('AssociateSoftwareToken');
