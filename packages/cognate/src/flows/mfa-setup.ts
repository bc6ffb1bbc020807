/**
 * TOTP setup inside sign-in (MFA_SETUP), loaded when that challenge arrives: AssociateSoftwareToken
 * with the sign-in session gives the secret, and the authenticator app's first code is checked
 * with VerifySoftwareToken before MFA_SETUP is answered. Each call's session replaces the stored one.
 */
import { associateSoftwareToken } from '../client/operations/associate-software-token.js';
import { verifySoftwareToken } from '../client/operations/verify-software-token.js';
import type { ChallengeOrTokensResponse } from '../client/wire-types.js';
import { requireUserPoolConfig, userPoolClient, type AuthContext } from '../context/auth-context.js';
import type { AuthTOTPSetupDetails } from '../types/auth.js';
import { respond, type Exchange } from './password-verifier.js';
import { totpSetupDetails } from './totp-setup.js';

export async function startTotpSetup(ctx: AuthContext): Promise<AuthTOTPSetupDetails> {
  const config = requireUserPoolConfig(ctx);
  const { username, signInSession } = ctx.signInState.get();
  const { SecretCode, Session } = await associateSoftwareToken(userPoolClient(ctx, config), { Session: signInSession! });
  ctx.signInState.set({ signInSession: Session! });
  return totpSetupDetails(SecretCode, username!);
}

export async function answerTotpSetup(
  x: Exchange,
  username: string,
  code: string,
  signInSession: string,
  friendlyDeviceName: string | undefined,
): Promise<ChallengeOrTokensResponse> {
  const { Session } = await verifySoftwareToken(
    x.client,
    { UserCode: code, Session: signInSession, ...(friendlyDeviceName ? { FriendlyDeviceName: friendlyDeviceName } : {}) },
    x.action,
  );
  x.ctx.signInState.set({ signInSession: Session! });
  return respond(x, 'MFA_SETUP', { USERNAME: username }, Session);
}
