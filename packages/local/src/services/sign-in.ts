/**
 * The steps every sign-in flow shares once the first factor is proven, in Cognito's order:
 * status checks, NEW_PASSWORD_REQUIRED, device authentication (DEVICE_SRP_AUTH) for a confirmed
 * device, the second factor unless the device is remembered, then tokens — with NewDeviceMetadata
 * when the pool tracks devices and this is a new one.
 *
 * State that must survive between challenges (the device key, whether the device was verified)
 * travels in the challenge session's `data`.
 */
import type { Json, OperationContext } from '../context.js';
import { errors } from '../errors.js';
import type { UserPool, UserPoolClient, UserRecord } from '../model.js';
import { createAuthSession } from './auth-sessions.js';
import { createDevice, getDevice, saveDevice, tracksDevices } from './devices.js';
import { decideMfa, mfaChallenge, CHALLENGE_OF } from './mfa.js';
import { issueTokens } from './tokens.js';
import { attributeList, getUser, peekUser, saveUser } from './users.js';
import { withUserLock } from './user-lock.js';
import { hasTrigger, runTrigger, triggerAttributes } from './triggers.js';
import { recordAuthEvent, type ChallengeResult } from './auth-events.js';
import { checkSignInRisk } from './risk.js';
import type { ChallengeOrTokensResponse } from '@cognate/protocol/wire';

export const LOCKOUT_AFTER = 5;
const MAX_LOCKOUT_SECONDS = 15 * 60;

/** What carries from one challenge to the next. */
export interface SignInState {
  deviceKey?: string;
  deviceVerified?: boolean;
  /**
   * A sign-in on the hosted pages (oauth/pages.ts): it ends, after the PostAuthentication trigger,
   * with `{ HostedSignIn: username }` instead of tokens, which the token endpoint issues for the
   * authorization code (or the page for the implicit grant). Its sessions live server-side in the
   * page's flow state and never reach a browser.
   */
  hosted?: boolean;
  /** A second factor was answered on the way (SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA): the sign-in's auth event says so. */
  mfaPassed?: boolean;
}

/** The ChallengeResponses of a successful sign-in's auth event. */
function passedChallenges(state: SignInState): ChallengeResult[] {
  return [
    { ChallengeName: 'Password', ChallengeResponse: 'Success' },
    ...(state.mfaPassed ? [{ ChallengeName: 'Mfa', ChallengeResponse: 'Success' } as const] : []),
  ];
}

export function carry(state: SignInState): Record<string, string> {
  return {
    ...(state.deviceKey ? { deviceKey: state.deviceKey } : {}),
    ...(state.deviceVerified ? { deviceVerified: '1' } : {}),
    ...(state.hosted ? { hosted: '1' } : {}),
  };
}

export function stateFrom(data: Record<string, string> | undefined, deviceKey?: string): SignInState {
  const key = data?.deviceKey ?? deviceKey;
  return {
    ...(key ? { deviceKey: key } : {}),
    ...(data?.deviceVerified === '1' ? { deviceVerified: true } : {}),
    ...(data?.hosted === '1' ? { hosted: true } : {}),
  };
}

/** The user a hosted sign-in (SignInState.hosted) ended with, or undefined while it goes on. */
export function hostedSignIn(result: Json): string | undefined {
  return typeof result.HostedSignIn === 'string' ? result.HostedSignIn : undefined;
}

/** Checks made before any credential is looked at. */
export function assertCanAttempt(ctx: OperationContext, user: UserRecord): void {
  if (!user.enabled || user.nativeSignInDisabled) throw errors.notAuthorized('User is disabled.');
  if (isLockedOut(ctx, user)) throw errors.notAuthorized('Password attempts exceeded');
  if (user.status === 'RESET_REQUIRED') throw errors.passwordResetRequired();
}

export function isLockedOut(ctx: OperationContext, user: UserRecord): boolean {
  return user.lockedUntil !== undefined && user.lockedUntil > ctx.clock.now();
}

/**
 * The same checks where the answer must not tell a known user from an unknown one
 * (PreventUserExistenceErrors ENABLED, on the API and the hosted pages alike), made after the password work: a
 * locked-out user hears what a wrong password hears (saying more only to the right password would
 * make the lockout a password oracle); a disabled or RESET_REQUIRED user is told so only once the
 * password is proven. Throws the refusal; returns when the caller may go on (to count a wrong
 * password as a failure, or to sign in).
 */
export function assertCanAttemptQuietly(ctx: OperationContext, user: UserRecord, passwordOk: boolean): void {
  const refused = !user.enabled || user.nativeSignInDisabled || isLockedOut(ctx, user) || user.status === 'RESET_REQUIRED';
  if (!refused) return;
  if (!passwordOk || isLockedOut(ctx, user)) throw errors.notAuthorized('Incorrect username or password.');
  assertCanAttempt(ctx, user);
}

export interface PasswordCheckOptions {
  /**
   * PreventUserExistenceErrors: a locked-out, disabled or RESET_REQUIRED user gets the same work
   * and the same answer as a wrong password (assertCanAttemptQuietly). A locked-out user's answer
   * is then checked but never counted and never accepted, so the lockout still holds.
   */
  quiet?: boolean;
  /** The refusal for a locked-out user when not quiet. */
  locked?: () => Error;
}

/**
 * Checks a password (or an SRP proof) with lockout accounting that holds under concurrency: one
 * check at a time per user, each against the user as stored now, so at most LOCKOUT_AFTER wrong
 * answers are checked before the lockout refuses the rest unchecked (`locked`). A wrong answer is
 * recorded and refused; a right one clears the failures. Returns the user as stored afterwards.
 */
export function checkPassword(
  ctx: OperationContext,
  pool: UserPool,
  username: string,
  check: (user: Readonly<UserRecord>) => Promise<boolean>,
  options: PasswordCheckOptions = {},
): Promise<UserRecord> {
  return withUserLock(ctx, pool, username, async () => {
    const current = await checkPasswordHeld(ctx, pool, username, check, options);
    // A sign-in: the user as stored after the check (disabled meanwhile by AdminDisableUser, say)
    // must still be allowed to sign in; quiet, assertCanAttemptQuietly has checked it already.
    if (!options.quiet) assertCanAttempt(ctx, current);
    return current;
  });
}

/** `checkPassword` for a caller that already holds the user's lock (withUserLock). */
export async function checkPasswordHeld(
  ctx: OperationContext,
  pool: UserPool,
  username: string,
  check: (user: Readonly<UserRecord>) => Promise<boolean>,
  options: PasswordCheckOptions = {},
): Promise<UserRecord> {
  // Only read until the check is done (the shared, frozen record); what is changed and returned is read again after it.
  const user = peekUser(ctx, pool, username);
  if (!user) throw errors.notAuthorized('Incorrect username or password.');
  if (!options.quiet && isLockedOut(ctx, user)) throw (options.locked ?? (() => errors.notAuthorized('Password attempts exceeded')))();
  const ok = await check(user);
  const current = getUser(ctx, pool, username) ?? structuredClone(user);
  // A password set during the check (AdminSetUserPassword takes no lock): the answer proved one the
  // user no longer has, so it signs nobody in (nor is it counted against the user).
  if (ok && current.password?.verifier !== user.password?.verifier) throw errors.notAuthorized('Incorrect username or password.');
  if (options.quiet) assertCanAttemptQuietly(ctx, current, ok);
  if (!ok) recordFailure(ctx, pool, current);
  clearFailures(ctx, pool, current);
  return current;
}

/** Records a wrong password: after LOCKOUT_AFTER failures the user is locked out, doubling each time. */
export function recordFailure(ctx: OperationContext, pool: UserPool, user: UserRecord): never {
  // The count is read and raised in one write transaction (IMMEDIATE): two processes on one --data
  // folder recording failures at once count two, not one each from the same read.
  ctx.store.transaction(() => {
    const stored = getUser(ctx, pool, user.username) ?? user;
    const before = structuredClone(stored);
    stored.failedAttempts = (stored.failedAttempts ?? 0) + 1;
    if (stored.failedAttempts >= LOCKOUT_AFTER) {
      const seconds = Math.min(2 ** (stored.failedAttempts - LOCKOUT_AFTER), MAX_LOCKOUT_SECONDS);
      stored.lockedUntil = ctx.clock.now() + seconds;
    }
    saveUser(ctx, pool, stored, before);
    user.failedAttempts = stored.failedAttempts;
    if (stored.lockedUntil === undefined) delete user.lockedUntil;
    else user.lockedUntil = stored.lockedUntil;
  });
  recordAuthEvent(ctx, pool, user.username, { type: 'SignIn', response: 'Fail', challenges: [{ ChallengeName: 'Password', ChallengeResponse: 'Failure' }] });
  throw errors.notAuthorized('Incorrect username or password.');
}

function clearFailures(ctx: OperationContext, pool: UserPool, user: UserRecord): void {
  if (!user.failedAttempts && user.lockedUntil === undefined) return;
  const before = structuredClone(user);
  user.failedAttempts = 0;
  delete user.lockedUntil;
  saveUser(ctx, pool, user, before);
}

/** The PreAuthentication trigger: it may refuse the sign-in by throwing. */
export async function preAuthentication(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  user: UserRecord,
  validationData?: Record<string, string>,
): Promise<void> {
  // Without the trigger, no event to build (the user's attributes copied) on every sign-in.
  if (!hasTrigger(pool, 'PreAuthentication')) return;
  await runTrigger(ctx, pool, 'PreAuthentication', {
    triggerSource: 'PreAuthentication_Authentication',
    userName: user.username,
    clientId: client.ClientId,
    request: { userAttributes: triggerAttributes(user), validationData: validationData ?? {}, userNotFound: false },
  });
}

/** A DEVICE_KEY sent at sign-in must name one of the user's devices (Amplify retries without it). */
export function checkDeviceKey(ctx: OperationContext, pool: UserPool, user: UserRecord | undefined, key: string | undefined): void {
  if (key && user && !getDevice(ctx, pool, user, key)) throw errors.resourceNotFound('Device does not exist.');
}

/** After the password (or another first factor) is proven. */
export async function completePrimaryAuth(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  user: UserRecord,
  state: SignInState = {},
): Promise<Json> {
  clearFailures(ctx, pool, user);
  checkSignInRisk(ctx, pool, client.ClientId, user);
  if (user.status === 'UNCONFIRMED') throw errors.userNotConfirmed();
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    if (user.password?.temporaryExpiresAt !== undefined && user.password.temporaryExpiresAt <= ctx.clock.now()) {
      throw errors.notAuthorized('Temporary password has expired and must be reset by an administrator.');
    }
    return newPasswordChallenge(ctx, pool, client, user, state);
  }
  return continueAfterFirstFactor(ctx, pool, client, user, state);
}

export async function continueAfterFirstFactor(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  user: UserRecord,
  state: SignInState,
): Promise<Json> {
  if (state.deviceKey && !state.deviceVerified) {
    const device = getDevice(ctx, pool, user, state.deviceKey);
    if (device?.verifier) {
      return {
        ChallengeName: 'DEVICE_SRP_AUTH',
        Session: createAuthSession(ctx, client, user.username, 'DEVICE_SRP_AUTH', carry(state)),
        ChallengeParameters: { USERNAME: user.username },
      } satisfies ChallengeOrTokensResponse;
    }
  }
  const device = state.deviceVerified && state.deviceKey ? getDevice(ctx, pool, user, state.deviceKey) : undefined;
  if (!device?.remembered) {
    const decision = decideMfa(pool, user);
    if (decision.kind === 'challenge') return mfaChallenge(ctx, pool, client, user, decision.method, carry(state));
    if (decision.kind === 'select') {
      return {
        ChallengeName: 'SELECT_MFA_TYPE',
        Session: createAuthSession(ctx, client, user.username, 'SELECT_MFA_TYPE', carry(state)),
        ChallengeParameters: { MFAS_CAN_CHOOSE: JSON.stringify(decision.methods.map(m => CHALLENGE_OF[m])), USER_ID_FOR_SRP: user.username },
      } satisfies ChallengeOrTokensResponse;
    }
    if (decision.kind === 'setup') {
      return {
        ChallengeName: 'MFA_SETUP',
        Session: createAuthSession(ctx, client, user.username, 'MFA_SETUP', carry(state)),
        ChallengeParameters: { MFAS_CAN_SETUP: JSON.stringify(decision.methods.map(m => CHALLENGE_OF[m])), USER_ID_FOR_SRP: user.username },
      } satisfies ChallengeOrTokensResponse;
    }
  }
  return finishSignIn(ctx, pool, client, user, state);
}

/** Tokens, with the device: the verified one in `device_key`, or a new one as NewDeviceMetadata. */
export async function finishSignIn(ctx: OperationContext, pool: UserPool, client: UserPoolClient, user: UserRecord, state: SignInState): Promise<Json> {
  if (state.hosted) {
    // The hosted pages remember no devices; their tokens come from the code (oauth/complete.ts).
    await postAuthentication(ctx, pool, client, user, false);
    recordAuthEvent(ctx, pool, user.username, { type: 'SignIn', response: 'Pass', challenges: passedChallenges(state) });
    return { HostedSignIn: user.username };
  }
  let deviceKey: string | undefined;
  let newDevice: { DeviceKey: string; DeviceGroupKey: string } | undefined;
  const known = state.deviceKey ? getDevice(ctx, pool, user, state.deviceKey) : undefined;
  if (known && (state.deviceVerified || !known.verifier)) {
    deviceKey = known.deviceKey;
    saveDevice(ctx, { ...known, lastAuthenticatedAt: ctx.clock.now() });
  } else if (tracksDevices(pool)) {
    const device = createDevice(ctx, pool, user);
    deviceKey = device.deviceKey;
    newDevice = { DeviceKey: device.deviceKey, DeviceGroupKey: device.deviceGroupKey };
  }
  await postAuthentication(ctx, pool, client, user, newDevice !== undefined);
  const result = await issueTokens(ctx, { pool, client, user, withRefreshToken: true, ...(deviceKey ? { deviceKey } : {}) });
  recordAuthEvent(ctx, pool, user.username, { type: 'SignIn', response: 'Pass', challenges: passedChallenges(state) });
  return { ChallengeParameters: {}, AuthenticationResult: newDevice ? { ...result, NewDeviceMetadata: newDevice } : result };
}

async function postAuthentication(ctx: OperationContext, pool: UserPool, client: UserPoolClient, user: UserRecord, newDeviceUsed: boolean): Promise<void> {
  if (!hasTrigger(pool, 'PostAuthentication')) return;
  await runTrigger(ctx, pool, 'PostAuthentication', {
    triggerSource: 'PostAuthentication_Authentication',
    userName: user.username,
    clientId: client.ClientId,
    request: { userAttributes: triggerAttributes(user), newDeviceUsed, clientMetadata: {} },
  });
}

export function newPasswordChallenge(ctx: OperationContext, pool: UserPool, client: UserPoolClient, user: UserRecord, state: SignInState = {}): Json {
  const required = pool.SchemaAttributes.filter(a => a.Required && a.Name !== 'sub' && !user.attributes[a.Name]).map(a => `userAttributes.${a.Name}`);
  const current: Record<string, string> = {};
  for (const { Name, Value } of attributeList(user)) if (Name !== 'sub') current[Name] = Value;
  return {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: createAuthSession(ctx, client, user.username, 'NEW_PASSWORD_REQUIRED', carry(state)),
    ChallengeParameters: {
      USER_ID_FOR_SRP: user.username,
      requiredAttributes: JSON.stringify(required),
      userAttributes: JSON.stringify(current),
    },
  } satisfies ChallengeOrTokensResponse;
}
