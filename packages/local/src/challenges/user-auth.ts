/**
 * USER_AUTH, Cognito's choice-based sign-in: the first factor is PASSWORD, PASSWORD_SRP, EMAIL_OTP
 * or SMS_OTP (WEB_AUTHN with passkeys), limited by the pool's SignInPolicy.AllowedFirstAuthFactors
 * and by what the user has. PREFERRED_CHALLENGE picks one directly; otherwise SELECT_CHALLENGE
 * lists `AvailableChallenges`. A Session from SignUp / ConfirmSignUp signs a new user straight in.
 */
import type { Json, OperationContext } from '../context.js';
import { errors } from '../errors.js';
import type { UserPool, UserPoolClient, UserRecord } from '../model.js';
import { consumeAuthSession, createAuthSession, peekAuthSession } from '../services/auth-sessions.js';
import { mfaChallenge } from '../services/mfa.js';
import { checkSecretHash, requireAuthFlow } from '../services/pools.js';
import {
  assertCanAttempt,
  assertCanAttemptQuietly,
  carry,
  checkDeviceKey,
  isLockedOut,
  completePrimaryAuth,
  finishSignIn,
  preAuthentication,
  recordFailure,
  type SignInState,
} from '../services/sign-in.js';
import { findUser, getUser, passwordMatches } from '../services/users.js';
import { param } from './params.js';
import { checkSrpA, passwordVerifierChallenge } from './password-verifier.js';
import { hidesUsers, simulatedDestination, simulatedPasswordCheck, simulatedUserId } from '../services/existence.js';
import { maskEmail, maskPhone } from '../services/mask.js';

export const FIRST_FACTORS = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] as const;

/** Extension point for WEB_AUTHN (passkeys), set by the WebAuthn module. */
export const webAuthnHooks: {
  available?: (ctx: OperationContext, pool: UserPool, user: UserRecord) => boolean;
  challenge?: (ctx: OperationContext, pool: UserPool, client: UserPoolClient, user: UserRecord, state: SignInState) => Promise<Json> | Json;
} = {};

export function allowedFactors(pool: UserPool): string[] {
  return pool.Policies.SignInPolicy?.AllowedFirstAuthFactors ?? ['PASSWORD'];
}

/** The first factors this user can use now, in Cognito's order. */
export function availableChallenges(ctx: OperationContext, pool: UserPool, user: UserRecord): string[] {
  const allowed = allowedFactors(pool);
  const out: string[] = [];
  if (allowed.includes('PASSWORD') && user.password) out.push('PASSWORD_SRP', 'PASSWORD');
  if (allowed.includes('EMAIL_OTP') && user.attributes.email && user.attributes.email_verified === 'true') out.push('EMAIL_OTP');
  if (allowed.includes('SMS_OTP') && user.attributes.phone_number && user.attributes.phone_number_verified === 'true') out.push('SMS_OTP');
  if (allowed.includes('WEB_AUTHN') && webAuthnHooks.available?.(ctx, pool, user)) out.push('WEB_AUTHN');
  return out;
}

/** Starts (or, with the answer's extra parameters, completes) one first factor. */
async function startFactor(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  user: UserRecord,
  factor: string,
  params: Record<string, string>,
  state: SignInState,
): Promise<Json> {
  const quiet = hidesUsers(client);
  if (
    quiet &&
    (factor === 'EMAIL_OTP' || factor === 'SMS_OTP') &&
    (!user.enabled || user.status === 'RESET_REQUIRED' || user.status === 'UNCONFIRMED' || isLockedOut(ctx, user))
  ) {
    // A user who may not sign in gets the challenge an unknown user gets: no code is sent.
    const attribute = factor === 'SMS_OTP' ? 'phone_number' : 'email';
    return simulatedOtpChallenge(ctx, client, user.username, user.username, factor, user.attributes[attribute]!);
  }
  switch (factor) {
    case 'PASSWORD': {
      const password = param(params, 'PASSWORD');
      const ok = await passwordMatches(pool, user, password);
      if (quiet) assertCanAttemptQuietly(ctx, getUser(ctx, pool, user.username) ?? user, ok);
      if (!ok) recordFailure(ctx, pool, getUser(ctx, pool, user.username) ?? user);
      return completePrimaryAuth(ctx, pool, client, getUser(ctx, pool, user.username) ?? user, state);
    }
    case 'PASSWORD_SRP':
      return passwordVerifierChallenge(
        ctx,
        pool,
        client,
        user,
        user.username,
        checkSrpA(param(params, 'SRP_A')),
        state.deviceKey ? { deviceKey: state.deviceKey } : {},
      );
    case 'EMAIL_OTP':
      return mfaChallenge(ctx, pool, client, user, 'EMAIL', { ...carry(state), firstFactor: '1' }, { digits: 8 });
    case 'SMS_OTP':
      return mfaChallenge(ctx, pool, client, user, 'SMS', { ...carry(state), firstFactor: '1' }, { challenge: 'SMS_OTP' });
    case 'WEB_AUTHN': {
      if (!webAuthnHooks.challenge) throw errors.unsupportedOperation('WEB_AUTHN is not supported by cognate-local yet.');
      return webAuthnHooks.challenge(ctx, pool, client, user, state);
    }
  }
  throw errors.invalidParameter(`Invalid challenge ${factor}.`);
}

/**
 * PreventUserExistenceErrors ENABLED and no such user: Cognito answers from the pool's allowed
 * first factors. Here: every allowed factor but passkeys (a user has those only once registered),
 * the same for every unknown username of the pool, with simulated values stable per username; each
 * factor then fails as a wrong password or code does.
 */
function simulatedChallenges(pool: UserPool): string[] {
  const allowed = allowedFactors(pool);
  const out: string[] = [];
  if (allowed.includes('PASSWORD')) out.push('PASSWORD_SRP', 'PASSWORD');
  if (allowed.includes('EMAIL_OTP')) out.push('EMAIL_OTP');
  if (allowed.includes('SMS_OTP')) out.push('SMS_OTP');
  return out;
}

async function simulatedFactor(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  login: string,
  factor: string,
  params: Record<string, string>,
): Promise<Json> {
  switch (factor) {
    case 'PASSWORD':
      await simulatedPasswordCheck(ctx, pool, login, param(params, 'PASSWORD'));
      throw errors.notAuthorized('Incorrect username or password.');
    case 'PASSWORD_SRP':
      return passwordVerifierChallenge(ctx, pool, client, undefined, login, checkSrpA(param(params, 'SRP_A')), {});
    case 'EMAIL_OTP':
    case 'SMS_OTP': {
      const attribute = factor === 'SMS_OTP' ? 'phone_number' : 'email';
      return simulatedOtpChallenge(ctx, client, login, simulatedUserId(ctx, pool, login), factor, simulatedDestination(ctx, pool, login, attribute));
    }
  }
  throw errors.invalidParameter(`Invalid challenge ${factor}.`);
}

/** An EMAIL_OTP / SMS_OTP challenge that sends nothing; its session answers every code as wrong (challenges/mfa.ts). */
function simulatedOtpChallenge(
  ctx: OperationContext,
  client: UserPoolClient,
  sessionUser: string,
  userId: string,
  factor: 'EMAIL_OTP' | 'SMS_OTP',
  destination: string,
): Json {
  return {
    ChallengeName: factor,
    Session: createAuthSession(ctx, client, sessionUser, factor, { simulated: '1', attempts: '0', firstFactor: '1' }),
    ChallengeParameters: {
      CODE_DELIVERY_DELIVERY_MEDIUM: factor === 'SMS_OTP' ? 'SMS' : 'EMAIL',
      CODE_DELIVERY_DESTINATION: factor === 'SMS_OTP' ? maskPhone(destination) : maskEmail(destination),
      USER_ID_FOR_SRP: userId,
    },
  };
}

async function simulatedUserAuth(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  login: string,
  params: Record<string, string>,
  session: string | undefined,
): Promise<Json> {
  if (params.DEVICE_KEY) throw errors.resourceNotFound('Device does not exist.');
  if (session) throw errors.notAuthorized('Invalid session for the user.');
  const available = simulatedChallenges(pool);
  const preferred = params.PREFERRED_CHALLENGE;
  if (preferred && available.includes(preferred)) return simulatedFactor(ctx, pool, client, login, preferred, params);
  if (!available.length) throw errors.notAuthorized('Incorrect username or password.');
  return {
    ChallengeName: 'SELECT_CHALLENGE',
    Session: createAuthSession(ctx, client, login, 'SELECT_CHALLENGE', { simulated: '1' }),
    ChallengeParameters: {},
    AvailableChallenges: available,
  };
}

function selectChallenge(ctx: OperationContext, client: UserPoolClient, user: UserRecord, available: string[], state: SignInState): Json {
  return {
    ChallengeName: 'SELECT_CHALLENGE',
    Session: createAuthSession(ctx, client, user.username, 'SELECT_CHALLENGE', carry(state)),
    ChallengeParameters: {},
    AvailableChallenges: available,
  };
}

export async function startUserAuth(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  params: Record<string, string>,
  session: string | undefined,
): Promise<Json> {
  requireAuthFlow(client, 'ALLOW_USER_AUTH');
  const login = param(params, 'USERNAME');
  const user = findUser(ctx, pool, login);
  checkSecretHash(client, params.SECRET_HASH, [login, user?.username]);
  const quiet = hidesUsers(client);
  if (!user) {
    if (quiet) return simulatedUserAuth(ctx, pool, client, login, params, session);
    throw errors.userNotFound('User does not exist.');
  }
  // Where users are hidden, the refusals wait for the factor (startFactor, passwordVerifier).
  if (!quiet) assertCanAttempt(ctx, user);
  checkDeviceKey(ctx, pool, user, params.DEVICE_KEY);
  const state: SignInState = params.DEVICE_KEY ? { deviceKey: params.DEVICE_KEY } : {};
  if (session) {
    // Signing in with the session ConfirmSignUp returned: the new user proved their email or phone.
    const record = peekAuthSession(ctx, session);
    if (record?.challenge === 'SIGN_UP_CONFIRMED' && record.username === user.username) {
      consumeAuthSession(ctx, session, client, 'SIGN_UP_CONFIRMED');
      return finishSignIn(ctx, pool, client, user, state);
    }
    throw errors.notAuthorized('Invalid session for the user.');
  }
  await preAuthentication(ctx, pool, client, user);
  if (user.status === 'UNCONFIRMED' && !quiet) throw errors.userNotConfirmed();
  const available = availableChallenges(ctx, pool, user);
  const preferred = params.PREFERRED_CHALLENGE;
  if (preferred) {
    const factor = preferred;
    if (available.includes(factor)) return startFactor(ctx, pool, client, user, factor, params, state);
  }
  if (!available.length) throw errors.notAuthorized('Incorrect username or password.');
  return selectChallenge(ctx, client, user, available, state);
}

/** SELECT_CHALLENGE: ANSWER names the factor; PASSWORD / SRP_A / CREDENTIAL may come with it. */
export async function answerSelectChallenge(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  responses: Record<string, string>,
  session: string | undefined,
): Promise<Json> {
  const answer = param(responses, 'ANSWER');
  const record = consumeAuthSession(ctx, session, client, 'SELECT_CHALLENGE');
  if (record.data?.simulated === '1') {
    checkSecretHash(client, responses.SECRET_HASH, [responses.USERNAME, record.username]);
    if (!simulatedChallenges(pool).includes(answer)) throw errors.invalidParameter(`The challenge ${answer} is not available for this user.`);
    return simulatedFactor(ctx, pool, client, record.username, answer, responses);
  }
  const user = getUser(ctx, pool, record.username);
  if (!user) throw errors.notAuthorized('Incorrect username or password.');
  checkSecretHash(client, responses.SECRET_HASH, [responses.USERNAME, user.username]);
  if (!hidesUsers(client)) assertCanAttempt(ctx, user);
  const available = availableChallenges(ctx, pool, user);
  if (!available.includes(answer)) throw errors.invalidParameter(`The challenge ${answer} is not available for this user.`);
  return startFactor(ctx, pool, client, user, answer, responses, record.data?.deviceKey ? { deviceKey: record.data.deviceKey } : {});
}

/** The session SignUp returns: after ConfirmSignUp it becomes one that signs the user in. */
export function signUpSession(ctx: OperationContext, client: UserPoolClient, username: string, challenge: 'SIGN_UP' | 'SIGN_UP_CONFIRMED'): string | undefined {
  const flows = client.ExplicitAuthFlows ?? [];
  if (!flows.includes('ALLOW_USER_AUTH')) return undefined;
  return createAuthSession(ctx, client, username, challenge, undefined, challenge === 'SIGN_UP' ? 24 * 3600 : client.AuthSessionValidity * 60);
}
