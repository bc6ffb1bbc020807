/**
 * The steps every sign-in flow shares once the user is known: status and lockout checks, password
 * failures counted toward lockout, the NEW_PASSWORD_REQUIRED challenge, and tokens on success.
 */
import type { Json, OperationContext } from '../context.js';
import { errors } from '../errors.js';
import type { UserPool, UserPoolClient, UserRecord } from '../model.js';
import { createAuthSession } from './auth-sessions.js';
import { issueTokens } from './tokens.js';
import { attributeList, saveUser } from './users.js';

export const LOCKOUT_AFTER = 5;
const MAX_LOCKOUT_SECONDS = 15 * 60;

/** Checks made before any credential is looked at. */
export function assertCanAttempt(ctx: OperationContext, user: UserRecord): void {
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');
  if (user.lockedUntil !== undefined && user.lockedUntil > ctx.clock.now()) throw errors.notAuthorized('Password attempts exceeded');
  if (user.status === 'RESET_REQUIRED') throw errors.passwordResetRequired();
}

/** Records a wrong password: after LOCKOUT_AFTER failures the user is locked out, doubling each time. */
export function recordFailure(ctx: OperationContext, pool: UserPool, user: UserRecord): never {
  const before = structuredClone(user);
  user.failedAttempts = (user.failedAttempts ?? 0) + 1;
  if (user.failedAttempts >= LOCKOUT_AFTER) {
    const seconds = Math.min(2 ** (user.failedAttempts - LOCKOUT_AFTER), MAX_LOCKOUT_SECONDS);
    user.lockedUntil = ctx.clock.now() + seconds;
  }
  saveUser(ctx, pool, user, before);
  throw errors.notAuthorized('Incorrect username or password.');
}

function clearFailures(ctx: OperationContext, pool: UserPool, user: UserRecord): void {
  if (!user.failedAttempts && user.lockedUntil === undefined) return;
  const before = structuredClone(user);
  user.failedAttempts = 0;
  delete user.lockedUntil;
  saveUser(ctx, pool, user, before);
}

/** After the password is proven: statuses, NEW_PASSWORD_REQUIRED, then tokens. */
export async function completePrimaryAuth(ctx: OperationContext, pool: UserPool, client: UserPoolClient, user: UserRecord): Promise<Json> {
  clearFailures(ctx, pool, user);
  if (user.status === 'UNCONFIRMED') throw errors.userNotConfirmed();
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    if (user.password?.temporaryExpiresAt !== undefined && user.password.temporaryExpiresAt <= ctx.clock.now()) {
      throw errors.notAuthorized('Temporary password has expired and must be reset by an administrator.');
    }
    return newPasswordChallenge(ctx, pool, client, user);
  }
  return { ChallengeParameters: {}, AuthenticationResult: await issueTokens(ctx, { pool, client, user, withRefreshToken: true }) };
}

export function newPasswordChallenge(ctx: OperationContext, pool: UserPool, client: UserPoolClient, user: UserRecord): Json {
  const required = pool.SchemaAttributes.filter((a) => a.Required && a.Name !== 'sub' && !user.attributes[a.Name]).map((a) => `userAttributes.${a.Name}`);
  const current: Record<string, string> = {};
  for (const { Name, Value } of attributeList(user)) if (Name !== 'sub') current[Name] = Value;
  return {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: createAuthSession(ctx, client, user.username, 'NEW_PASSWORD_REQUIRED'),
    ChallengeParameters: {
      USER_ID_FOR_SRP: user.username,
      requiredAttributes: JSON.stringify(required),
      userAttributes: JSON.stringify(current),
    },
  };
}
