/**
 * confirmSignIn: answers the step `signIn` returned (a new password, a custom challenge answer, an
 * MFA code or choice, an MFA setup) and returns `DONE` or the following step. A wrong answer leaves
 * the pending state in place so the user can try again (as Amplify does).
 *
 * First-factor selection (USER_AUTH): `'PASSWORD'` or `'PASSWORD_SRP'` asks for the password next
 * without a request, any other factor is sent as SELECT_CHALLENGE's `ANSWER`; the password step
 * answers with the password (SRP for PASSWORD_SRP). A WEB_AUTHN choice goes straight on to the passkey.
 *
 * MFA setup inside sign-in (MFA_SETUP): `'TOTP'` or `'EMAIL'` picks the factor without a request
 * (TOTP then starts with AssociateSoftwareToken); a numeric answer is the authenticator app's first
 * code (VerifySoftwareToken with the sign-in session, whose successor is stored, then MFA_SETUP); an
 * address with `@` is where email codes go. A confirmed device's key goes with a code or custom
 * answer, and DEVICE_SRP_AUTH is answered transparently.
 */
import type { ChallengeName, ChallengeOrTokensResponse } from '../client/wire-types.js';
import type { AuthContext } from '../context/auth-context.js';
import { SIGN_IN_EXCEPTION, authError } from '../errors/auth-error.js';
import { assertValid } from '../errors/validation.js';
import { MFA_NAMES } from './mfa-names.js';
import { answerPasswordVerifier, exchange, respond, retryWithoutDevice, startSrp, withDeviceSrp } from './password-verifier.js';
import { notAddressed, signInResult, signInResultFromError } from './sign-in-result.js';
import type { ConfirmSignInInput, ConfirmSignInOutput } from '../types/auth.js';
import { AuthAction } from '../client/auth-action.js';
import { sendUserPoolRequest } from '../client/transport.js';

/** USER_AUTH's first-factor steps: answered with SELECT_CHALLENGE. */
const FIRST_FACTOR: ChallengeName[] = ['SELECT_CHALLENGE', 'WEB_AUTHN', 'PASSWORD', 'PASSWORD_SRP'];
/** The challenges answered with a code, in `<challenge>_CODE`. */
const CODES: ChallengeName[] = ['SMS_MFA', 'SMS_OTP', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'];

export async function confirmSignInOf(ctx: AuthContext, input: ConfirmSignInInput): Promise<ConfirmSignInOutput> {
  const { challengeResponse: answer, options } = input;
  const x = exchange(ctx, options?.clientMetadata, AuthAction.ConfirmSignIn);
  assertValid(!!answer, 'EmptyChallengeResponse', 'challengeResponse is required to confirmSignIn');
  const { username, challengeName, signInSession: session, signInDetails } = ctx.signInState.get();
  if (!username || !challengeName || !session) {
    throw authError(
      SIGN_IN_EXCEPTION,
      // Amplify's text, tabs and all.
      '\n\t\t\tAn error occurred during the sign in process.\n\n\t\t\tThis most likely occurred due to:\n\t\t\t1. signIn was not called before confirmSignIn.\n\t\t\t2. signIn threw an exception.\n\t\t\t3. page was refreshed during the sign in flow and session has expired.\n\t\t\t',
      'Call signIn first, and confirmSignIn within its session.',
    );
  }
  const firstFactor = FIRST_FACTOR.includes(challengeName);
  try {
    let response: ChallengeOrTokensResponse;
    if (challengeName === 'MFA_SETUP' && (answer === 'TOTP' || answer === 'EMAIL')) {
      response = {
        ChallengeName: challengeName,
        Session: session,
        ChallengeParameters: { MFAS_CAN_SETUP: `["${answer === 'TOTP' ? 'SOFTWARE_TOKEN_MFA' : 'EMAIL_OTP'}"]` },
      };
    } else if (challengeName === 'MFA_SETUP' && /^\d+$/.test(answer)) {
      const { Session } = await sendUserPoolRequest(
        x.client,
        'VerifySoftwareToken',
        { UserCode: answer, Session: session, FriendlyDeviceName: options?.friendlyDeviceName },
        x.action,
      );
      ctx.signInState.set({ signInSession: Session! });
      response = await respond(x, challengeName, { USERNAME: username }, Session);
    } else if ((challengeName === 'SELECT_CHALLENGE' || challengeName === 'WEB_AUTHN') && /^PASSWORD(_SRP)?$/.test(answer)) {
      response = { ChallengeName: answer as ChallengeName, Session: session };
    } else if (challengeName === 'PASSWORD_SRP') {
      const { session: srp, srpA } = startSrp();
      const challenge = await respond(x, 'SELECT_CHALLENGE', { ANSWER: challengeName, USERNAME: username, SRP_A: srpA }, session);
      const name = challenge.ChallengeParameters?.USERNAME ?? username;
      response =
        challenge.ChallengeName === 'PASSWORD_VERIFIER'
          ? await retryWithoutDevice(ctx, name, async () => withDeviceSrp(x, name, await answerPasswordVerifier(x, srp, answer, challenge)))
          : challenge;
    } else {
      const step = async () => {
        const r: Record<string, string> = { USERNAME: username };
        if (firstFactor) {
          // The password step (PASSWORD) or the choice of factor.
          r.ANSWER = challengeName === 'PASSWORD' ? challengeName : answer;
          if (challengeName === 'PASSWORD') r.PASSWORD = answer;
        } else {
          const deviceKey = (await ctx.tokens.store.getDeviceMetadata(username))?.deviceKey as string;
          if (CODES.includes(challengeName)) {
            r[`${challengeName}_CODE`] = answer;
            r.DEVICE_KEY = deviceKey;
          } else if (challengeName === 'CUSTOM_CHALLENGE') {
            r.ANSWER = answer;
            r.DEVICE_KEY = deviceKey;
          } else if (challengeName === 'NEW_PASSWORD_REQUIRED') {
            r.NEW_PASSWORD = answer;
            for (const [key, value] of Object.entries(options?.userAttributes ?? {})) if (value) r[`userAttributes.${key}`] = value;
          } else if (challengeName === 'SELECT_MFA_TYPE') {
            const mfa = Object.keys(MFA_NAMES).find(name => MFA_NAMES[name] === answer);
            assertValid(
              mfa,
              'IncorrectMFAMethod',
              'Incorrect MFA method was chosen. It should be either SMS, TOTP, or EMAIL',
              'Try to pass SMS, TOTP, or EMAIL as the challengeResponse',
            );
            r.ANSWER = mfa;
          } else if (challengeName === 'MFA_SETUP' && answer.includes('@')) r.EMAIL = answer;
          else if (challengeName === 'MFA_SETUP')
            throw authError(
              SIGN_IN_EXCEPTION,
              `Cannot proceed with MFA setup using challengeResponse: ${answer}`,
              'Try passing "EMAIL", "TOTP", a valid email, or OTP code as the challengeResponse.',
            );
          else throw notAddressed(challengeName);
        }
        return withDeviceSrp(x, username, await respond(x, firstFactor ? 'SELECT_CHALLENGE' : challengeName, r, session));
      };
      response = await (firstFactor ? step() : retryWithoutDevice(ctx, username, step));
    }
    return await signInResult(x, username, response, signInDetails);
  } catch (caught) {
    return signInResultFromError(caught);
  }
}
