/**
 * Second-factor challenges: SMS_MFA, EMAIL_OTP and SOFTWARE_TOKEN_MFA (a wrong code may be retried
 * with the same session, three times), SELECT_MFA_TYPE, and MFA_SETUP (TOTP through
 * AssociateSoftwareToken / VerifySoftwareToken with the session, or email with EMAIL).
 */
import { equalSecrets } from '../services/compare.js';
import type { Json, OperationContext } from '../context.js';
import { errors } from '../errors.js';
import type { MfaMethod, UserPool, UserPoolClient, UserRecord } from '../model.js';
import { claimAuthSession, consumeAuthSession, countWrongAnswer, readAuthSession } from '../services/auth-sessions.js';
import { METHOD_OF, mfaChallenge, poolMethods, userMethods } from '../services/mfa.js';
import { carry, finishSignIn, stateFrom } from '../services/sign-in.js';
import { matchTotp } from '../services/totp.js';
import { markVerified } from '../services/attributes.js';
import { applyAttributes, assertUsernameAttributeFree, emptyAttributes, getUser, saveUser, useTotpStep } from '../services/users.js';
import { param } from './params.js';
import { recordAuthEvent } from '../services/auth-events.js';

const MAX_WRONG_CODES = 3;
const RESPONSE_FIELD: Record<string, string> = {
  SMS_MFA: 'SMS_MFA_CODE',
  SMS_OTP: 'SMS_OTP_CODE',
  EMAIL_OTP: 'EMAIL_OTP_CODE',
  SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE',
};

function userFor(ctx: OperationContext, pool: UserPool, username: string): UserRecord {
  const user = getUser(ctx, pool, username);
  if (!user || !user.enabled) throw errors.notAuthorized('Invalid session for the user.');
  return user;
}

/** Turns a method on and makes it the preferred one (what finishing MFA_SETUP does). */
function enable(user: UserRecord, method: MfaMethod): void {
  const mfa = { ...user.mfa };
  for (const m of Object.keys(mfa) as MfaMethod[]) mfa[m] = { ...mfa[m]!, preferred: false };
  mfa[method] = { enabled: true, preferred: true };
  user.mfa = mfa;
}

export async function codeChallenge(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  challenge: 'SMS_MFA' | 'SMS_OTP' | 'EMAIL_OTP' | 'SOFTWARE_TOKEN_MFA',
  responses: Record<string, string>,
  session: string | undefined,
): Promise<Json> {
  const code = param(responses, RESPONSE_FIELD[challenge]!);
  const { id, record } = readAuthSession(ctx, session, client, challenge);
  const data = record.data ?? {};
  // A simulated challenge (PreventUserExistenceErrors, challenges/user-auth.ts) has no code: every answer is wrong.
  const user = data.simulated === '1' ? undefined : userFor(ctx, pool, record.username);
  let ok: boolean;
  let totpStep: number | undefined;
  if (!user) {
    ok = false;
  } else if (challenge === 'SOFTWARE_TOKEN_MFA') {
    totpStep = user.totp ? matchTotp(user.totp.secret, code, ctx.clock.now(), user.totp.lastStep) : undefined;
    // The step is checked again and marked used in one write: of two answers with one code (in one
    // process or two on one --data folder), one passes and the other is a wrong code.
    ok = totpStep !== undefined && useTotpStep(ctx, pool, user.username, user.totp!.secret, totpStep);
  } else {
    ok = data.code !== undefined && equalSecrets(data.code, code);
  }
  if (!ok || !user) {
    if (!countWrongAnswer(ctx, id, MAX_WRONG_CODES)) throw errors.notAuthorized('Invalid session for the user.');
    if (user && data.firstFactor !== '1')
      recordAuthEvent(ctx, pool, user.username, {
        type: 'SignIn',
        response: 'Fail',
        challenges: [
          { ChallengeName: 'Password', ChallengeResponse: 'Success' },
          { ChallengeName: 'Mfa', ChallengeResponse: 'Failure' },
        ],
      });
    throw errors.codeMismatch('Invalid code or auth state for the user.');
  }
  claimAuthSession(ctx, id);
  // useTotpStep stored the step already.
  if (totpStep !== undefined) user.totp = { ...user.totp!, lastStep: totpStep };
  const before = structuredClone(user);
  if (data.setupEmail) {
    // Email MFA set up during sign-in: the address becomes the user's, verified, only now that its
    // code came back; saveUser refuses another user's sign-in email (AliasExistsException).
    markVerified(user, 'email', data.setupEmail === '1' ? (user.attributes.email ?? '') : data.setupEmail);
    enable(user, 'EMAIL');
  }
  if (data.firstFactor === '1') {
    // A passwordless code proves the channel it went to.
    const attribute = challenge === 'SMS_OTP' ? 'phone_number' : 'email';
    markVerified(user, attribute, user.attributes[attribute] ?? '');
  }
  if (data.setupEmail || data.firstFactor === '1') saveUser(ctx, pool, user, before);
  return finishSignIn(ctx, pool, client, user, { ...stateFrom(data), ...(data.firstFactor === '1' ? {} : { mfaPassed: true }) });
}

export async function selectMfaType(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  responses: Record<string, string>,
  session: string | undefined,
): Promise<Json> {
  const answer = param(responses, 'ANSWER');
  const { id, record } = readAuthSession(ctx, session, client, 'SELECT_MFA_TYPE');
  const user = userFor(ctx, pool, record.username);
  const method = METHOD_OF[answer === 'EMAIL_MFA' ? 'EMAIL_OTP' : answer];
  if (!method || !userMethods(pool, user).includes(method)) throw errors.invalidParameter('Invalid MFA type selected.');
  claimAuthSession(ctx, id);
  return mfaChallenge(ctx, pool, client, user, method, record.data ?? {});
}

export async function mfaSetup(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  responses: Record<string, string>,
  session: string | undefined,
): Promise<Json> {
  const record = consumeAuthSession(ctx, session, client, 'MFA_SETUP');
  const user = userFor(ctx, pool, record.username);
  const data = record.data ?? {};
  const offered = poolMethods(pool);
  const before = structuredClone(user);
  if (data.totpVerified === '1' && data.totpSecret) {
    user.totp = {
      secret: data.totpSecret,
      ...(data.friendlyName ? { friendlyName: data.friendlyName } : {}),
      ...(data.lastStep ? { lastStep: Number(data.lastStep) } : {}),
    };
    enable(user, 'TOTP');
    saveUser(ctx, pool, user, before);
    return finishSignIn(ctx, pool, client, user, stateFrom(data));
  }
  const email = responses.EMAIL;
  if (email !== undefined) {
    if (!offered.includes('EMAIL')) throw errors.invalidParameter('Email MFA is not enabled for this user pool.');
    // Nothing changes yet: the code goes to the address given, and only its return (codeChallenge)
    // makes it the user's verified email and MFA destination. Another user's sign-in name is
    // refused now where email is the username.
    const staged = emptyAttributes();
    applyAttributes(pool, staged, [{ Name: 'email', Value: email }]);
    if (!staged.email) throw errors.invalidParameter('Invalid email address format.');
    assertUsernameAttributeFree(ctx, pool, user, 'email', staged.email);
    const target = { ...user, attributes: { ...user.attributes, email: staged.email } };
    return mfaChallenge(ctx, pool, client, target, 'EMAIL', { ...carry(stateFrom(data)), setupEmail: staged.email });
  }
  throw errors.invalidParameter('Software token MFA setup has not been verified.');
}
