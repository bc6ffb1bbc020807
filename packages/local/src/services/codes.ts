/**
 * One-time codes (sign-up, attribute verification, forgot password): generated, kept on the user
 * with an expiry and an attempt counter, and delivered to the outbox with a masked destination.
 * Checks compare in constant time, burn the code after too many wrong tries, and are single use.
 *
 * Limits per user, kind of code and hour (Cognito allows "between 5 and 20 attempts" an hour to
 * request or enter a password reset code; we take the strict end): MAX_CODE_SENDS codes requested
 * and MAX_WRONG_CODES wrong codes entered, counted across codes so that a new code brings no new
 * guesses. Past either, LimitExceededException until the hour (on the server's clock) is over.
 */
import { equalSecrets } from './compare.js';
import type { Services } from '../context.js';
import { errors } from '../errors.js';
import type { CodeWindow, UserPool, UserPoolClient, UserRecord } from '../model.js';
import { checkSecretHash, getClientAndPool } from './pools.js';
import { findUser, getUser, saveUser } from './users.js';
import { newCode } from './ids.js';
import { maskEmail, maskPhone } from './mask.js';
import { simulatedChannel, simulatedDestination } from './existence.js';
import { composeMessage } from './messages.js';

export interface CodeDeliveryDetails {
  Destination: string;
  DeliveryMedium: 'EMAIL' | 'SMS';
  AttributeName: string;
}

export const MAX_CODE_ATTEMPTS = 5;
export const CODE_WINDOW_SECONDS = 3600;
export const MAX_CODE_SENDS = 5;
export const MAX_WRONG_CODES = 2 * MAX_CODE_ATTEMPTS;

/** What codes and their limits are kept on: a user, or the stand-in for a hidden one. */
type CodeHolder = Pick<UserRecord, 'codes' | 'codeLimits'>;

/** The user's counters for this kind of code (`verify:email` and `verify:phone_number` share one), reset once the hour is over. */
function codeWindow(ctx: Services, user: CodeHolder, purpose: string): CodeWindow {
  const kind = purpose.split(':')[0]!;
  const now = ctx.clock.now();
  const current = user.codeLimits?.[kind];
  if (current && current.startedAt <= now && now < current.startedAt + CODE_WINDOW_SECONDS) return current;
  const fresh: CodeWindow = { startedAt: now, sends: 0, failures: 0 };
  user.codeLimits = { ...user.codeLimits, [kind]: fresh };
  return fresh;
}

/**
 * Counts a code the user asked for (ForgotPassword, ResendConfirmationCode,
 * GetUserAttributeVerificationCode), or refuses it past the hour's limit. Mutates the record; the
 * caller saves it with the new code.
 */
export function chargeCodeRequest(ctx: Services, user: CodeHolder, purpose: string): void {
  const window = codeWindow(ctx, user, purpose);
  if (window.sends >= MAX_CODE_SENDS) throw errors.limitExceeded();
  window.sends += 1;
}

/** Where a code for `attribute` (or the pool's preferred verified channel) would go. */
export function deliveryTarget(pool: UserPool, user: UserRecord, attribute?: string): { attribute: 'email' | 'phone_number'; value: string } | undefined {
  const candidates: Array<'email' | 'phone_number'> = attribute
    ? [attribute as 'email' | 'phone_number']
    : (pool.AutoVerifiedAttributes ?? []).includes('phone_number') && user.attributes.phone_number
      ? ['phone_number', 'email']
      : ['email', 'phone_number'];
  for (const name of candidates) {
    const value = user.attributes[name];
    if (value) return { attribute: name, value };
  }
  return undefined;
}

/**
 * The user a sign-up or password-reset code request names (username or alias), after the client's
 * SECRET_HASH check. An unknown user is `UserNotFoundException`, except where the client hides
 * which users exist (PreventUserExistenceErrors ENABLED): then `user` is undefined and the caller
 * answers as if it had worked (a simulated delivery, or CodeMismatchException for a confirmation).
 */
export function codeRequestUser(
  ctx: Services,
  clientId: string,
  login: string,
  secretHash: string | undefined,
): { client: UserPoolClient; pool: UserPool; user: UserRecord | undefined } {
  const { client, pool } = getClientAndPool(ctx, clientId);
  const user = findUser(ctx, pool, login);
  checkSecretHash(client, secretHash, [login, user?.username]);
  if (!user && client.PreventUserExistenceErrors !== 'ENABLED') throw errors.userNotFound('Username/client id combination not found.');
  return { client, pool, user };
}

/**
 * What a hidden user is told (Cognito: "a simulated delivery medium ... determined by the input
 * user name format and verification settings of the user pool"): the known user's own masked
 * destination where there is one, else one stable per username (services/existence.ts).
 */
export function simulatedDelivery(ctx: Services, pool: UserPool, login: string, user?: UserRecord): CodeDeliveryDetails {
  const own = user && deliveryTarget(pool, user);
  if (own) return describeDelivery(own);
  const attribute = simulatedChannel(pool, login);
  return describeDelivery({ attribute, value: simulatedDestination(ctx, pool, login, attribute) });
}

/**
 * Stand-ins for users an answer must not reveal (unknown, or known but hidden by the operation):
 * the same code lifecycle and limits as a real user's, kept per pool and login, nothing delivered.
 * In memory only and bounded (the oldest go first), per store, so several servers never share them.
 */
const hiddenHolders = new WeakMap<Services['store'], Map<string, CodeHolder>>();
const MAX_HIDDEN_HOLDERS = 10_000;

function hiddenHolder(ctx: Services, pool: UserPool, login: string): CodeHolder {
  let holders = hiddenHolders.get(ctx.store);
  if (!holders) {
    holders = new Map();
    hiddenHolders.set(ctx.store, holders);
  }
  const key = `${pool.Id}/${login.toLowerCase()}`;
  const holder = holders.get(key) ?? { codes: {} };
  holders.delete(key);
  holders.set(key, holder);
  if (holders.size > MAX_HIDDEN_HOLDERS) holders.delete(holders.keys().next().value!);
  return holder;
}

/** A code request for a hidden user: counted and limited like a real one; the code goes nowhere. */
export function simulatedCodeRequest(
  ctx: Services,
  pool: UserPool,
  login: string,
  purpose: string,
  ttlSeconds: number,
  user?: UserRecord,
): CodeDeliveryDetails {
  const holder = hiddenHolder(ctx, pool, login);
  chargeCodeRequest(ctx, holder, purpose);
  holder.codes = { ...holder.codes, [purpose]: { code: newCode(6), expiresAt: ctx.clock.now() + ttlSeconds, attempts: 0 } };
  return simulatedDelivery(ctx, pool, login, user);
}

/** A code check for a hidden user: the same answers as checkCode() gives a real one, never success. */
export function simulatedCodeCheck(ctx: Services, pool: UserPool, login: string, purpose: string, given: string): never {
  checkCode(ctx, hiddenHolder(ctx, pool, login), purpose, given);
  throw errors.codeMismatch();
}

export function describeDelivery(target: { attribute: 'email' | 'phone_number'; value: string }): CodeDeliveryDetails {
  return target.attribute === 'email'
    ? { Destination: maskEmail(target.value), DeliveryMedium: 'EMAIL', AttributeName: 'email' }
    : { Destination: maskPhone(target.value), DeliveryMedium: 'SMS', AttributeName: 'phone_number' };
}

/**
 * Creates a code for `purpose` on `user` (mutates the record; the caller saves it) and delivers it.
 */
export async function issueCode(
  ctx: Services,
  pool: UserPool,
  user: UserRecord,
  purpose: string,
  target: { attribute: 'email' | 'phone_number'; value: string },
  options: { kind: string; ttlSeconds: number; text?: (code: string) => string; clientId?: string },
): Promise<CodeDeliveryDetails> {
  const code = newCode(6);
  const now = ctx.clock.now();
  const details = describeDelivery(target);
  const fallback = options.text ? options.text(code) : `Your verification code is ${code}.`;
  const { message } = await composeMessage(ctx, pool, user, options.kind, details.DeliveryMedium, code, fallback, options.clientId);
  user.codes = { ...user.codes, [purpose]: { code, expiresAt: now + options.ttlSeconds, attempts: 0 } };
  ctx.outbox.deliver({
    userPoolId: pool.Id,
    username: user.username,
    kind: options.kind,
    deliveryMedium: details.DeliveryMedium,
    destination: target.value,
    attributeName: target.attribute,
    code,
    message,
    createdAt: now,
  });
  return details;
}

/**
 * Checks `given` against the stored code for `purpose`, mutating the record (attempts, removal).
 * The caller must save the user whatever the outcome, then rethrow. Returns normally on success.
 */
export function checkCode(ctx: Services, user: CodeHolder, purpose: string, given: string, mismatch = errors.codeMismatch): void {
  const window = codeWindow(ctx, user, purpose);
  if (window.failures >= MAX_WRONG_CODES) throw errors.limitExceeded();
  const stored = user.codes?.[purpose];
  if (!stored) throw mismatch();
  if (stored.expiresAt <= ctx.clock.now()) {
    delete user.codes[purpose];
    throw errors.expiredCode();
  }
  if (!equalSecrets(stored.code, given)) {
    stored.attempts += 1;
    window.failures += 1;
    if (stored.attempts >= MAX_CODE_ATTEMPTS) {
      delete user.codes[purpose];
      throw errors.tooManyFailedAttempts('Too many failed attempts. Request a new code.');
    }
    throw mismatch();
  }
  delete user.codes[purpose];
}

/**
 * Uses `username`'s `purpose` code: the user is read afresh, `guard` may refuse it, the code is
 * checked and `accept` applies the outcome, all in one write transaction (IMMEDIATE: against other
 * processes on the --data folder too), so two answers at once are counted or accepted one after the
 * other, never both from the same read. A wrong or expired code is counted and saved, then thrown.
 * `accept` gets the user with the code used up and the record as read; what it returns is returned.
 * `orElse` stands in for a user no longer stored (without it, CodeMismatchException).
 */
export function useCode<T>(
  ctx: Services,
  pool: UserPool,
  username: string,
  purpose: string,
  given: string,
  accept: (user: UserRecord, before: UserRecord) => T,
  options: { guard?: (user: UserRecord) => void; orElse?: UserRecord } = {},
): T {
  const outcome = ctx.store.transaction((): { failure: unknown } | { value: T } => {
    const user = getUser(ctx, pool, username) ?? options.orElse;
    if (!user) throw errors.codeMismatch();
    options.guard?.(user);
    const before = structuredClone(user);
    try {
      checkCode(ctx, user, purpose, given);
    } catch (error) {
      saveUser(ctx, pool, user, before);
      return { failure: error };
    }
    return { value: accept(user, before) };
  });
  if ('failure' in outcome) throw outcome.failure;
  return outcome.value;
}

/** Where a password reset code goes: the user's verified email, else their verified phone number. */
export function resetCodeDestination(user: UserRecord): 'email' | 'phone_number' | undefined {
  return (['email', 'phone_number'] as const).find(a => user.attributes[a] && user.attributes[`${a}_verified`] === 'true');
}

/** A password reset code (valid 1 hour) to `attribute`, as ForgotPassword and AdminResetUserPassword send it. */
export function sendPasswordResetCode(ctx: Services, pool: UserPool, user: UserRecord, attribute: 'email' | 'phone_number'): Promise<CodeDeliveryDetails> {
  return issueCode(
    ctx,
    pool,
    user,
    'forgotPassword',
    { attribute, value: user.attributes[attribute]! },
    { kind: 'ForgotPassword', ttlSeconds: 3600, text: code => `Your password reset code is ${code}.` },
  );
}
