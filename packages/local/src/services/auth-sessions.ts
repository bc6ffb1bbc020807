/**
 * Challenge sessions: opaque, bound to pool, client, user and challenge, single use, and expiring
 * after the client's AuthSessionValidity (3 minutes by default), with Cognito's messages.
 *
 * A session's record is kept only while it can be answered: the sweep forgets it once it expires
 * (services/prune.ts), and a pool holds at most `limits.authSessionsPerPool` of them, the oldest
 * dropped first (services/bounds.ts), so that a flood of InitiateAuth, which needs no credentials,
 * holds a bounded amount of memory. A late answer is still told "session is expired" rather than
 * "can only be used once": the Session string (and an SRP SECRET_BLOCK) carries its own expiry under
 * an HMAC with a key kept in the store, so the record is not needed to tell.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { storedSecret } from './stored-secret.js';
import type { Services } from '../context.js';
import { errors } from '../errors.js';
import type { AuthSession, UserPoolClient } from '../model.js';
import type { ChallengeName } from '@cognate/protocol/wire';

/** What a session is for: the challenge it answers, or a sign-up that may sign straight in (USER_AUTH). */
export type SessionPurpose = ChallengeName | 'SIGN_UP' | 'SIGN_UP_CONFIRMED';

const key = (session: string) => createHash('sha256').update(session).digest('base64url');

/** A token's layout (64 bytes, as a SECRET_BLOCK was): version (1 byte), expiry (6 bytes, epoch seconds), 41 random bytes, then 16 bytes of HMAC-SHA256 of those. */
const TOKEN_VERSION = 1;
const TOKEN_BODY = 1 + 6 + 41;
const TOKEN_BYTES = TOKEN_BODY + 16;
const MAC_KEY = 'auth-session-mac';

/** Tokens' expiry is signed with a stored secret: it survives a restart with `--data` and is shared by its processes. */
const mac = (ctx: Services, body: Buffer) => createHmac('sha256', storedSecret(ctx, MAC_KEY)).update(body).digest().subarray(0, 16);

/** New random token bytes that say when they expire. */
function newToken(ctx: Services, expiresAt: number): Buffer {
  const body = Buffer.alloc(TOKEN_BODY);
  body[0] = TOKEN_VERSION;
  body.writeUIntBE(Math.max(0, Math.min(expiresAt, 2 ** 48 - 1)), 1, 6);
  randomBytes(41).copy(body, 7);
  return Buffer.concat([body, mac(ctx, body)]);
}

/** Whether `text` (in `encoding`) is a token of ours whose expiry has passed. */
function tokenExpired(ctx: Services, text: string, encoding: 'base64' | 'base64url'): boolean {
  if (text.length > 2 * TOKEN_BYTES) return false;
  const bytes = Buffer.from(text, encoding);
  if (bytes.length !== TOKEN_BYTES || bytes[0] !== TOKEN_VERSION || bytes.toString(encoding) !== text) return false;
  const body = bytes.subarray(0, TOKEN_BODY);
  if (!timingSafeEqual(mac(ctx, body), bytes.subarray(TOKEN_BODY))) return false;
  return body.readUIntBE(1, 6) <= ctx.clock.now();
}

/** Challenges met only after a first factor was proven (a password, a passkey, a one-time code). */
const AFTER_FIRST_FACTOR: ReadonlySet<SessionPurpose> = new Set<SessionPurpose>([
  'SMS_MFA',
  'SOFTWARE_TOKEN_MFA',
  'EMAIL_OTP',
  'SMS_OTP',
  'SELECT_MFA_TYPE',
  'MFA_SETUP',
  'NEW_PASSWORD_REQUIRED',
  'DEVICE_SRP_AUTH',
  'DEVICE_PASSWORD_VERIFIER',
]);

/**
 * Stores a session's (or SRP state's) record and notes it in its pool's cap, which may drop the
 * oldest of that cap. A challenge anyone can start (InitiateAuth with a username) and one met only
 * after a first factor (an MFA code a person types for a minute) are capped apart: a flood of the
 * first, which needs no credentials, never pushes out the second; a flood of the second needs a
 * password per request.
 */
function putCapped(ctx: Services, id: string, record: AuthSession): void {
  ctx.store.put('session', id, record);
  const data = record.data ?? {};
  const proven = AFTER_FIRST_FACTOR.has(record.challenge as SessionPurpose) && data.firstFactor !== '1' && data.simulated !== '1';
  const scope = `${proven ? 'session-after-factor' : 'session'}:${record.poolId}`;
  ctx.bounds.add(ctx.store, scope, 'session', id, ctx.bounds.limits.authSessionsPerPool);
}

/** Deletes the record and returns it, in one atomic step (store.take): undefined when another request took it first. */
function takeSession(ctx: Services, id: string): AuthSession | undefined {
  const record = ctx.store.take<AuthSession>('session', id);
  ctx.bounds.remove('session', id);
  return record;
}

function deleteSession(ctx: Services, id: string): void {
  takeSession(ctx, id);
}

const usedOnce = () => errors.notAuthorized('Invalid session for the user, session can only be used once.');

export function createAuthSession(
  ctx: Services,
  client: UserPoolClient,
  username: string,
  challenge: SessionPurpose,
  data?: Record<string, string>,
  ttlSeconds?: number,
): string {
  const expiresAt = ctx.clock.now() + (ttlSeconds ?? client.AuthSessionValidity * 60);
  const session = newToken(ctx, expiresAt).toString('base64url');
  const record: AuthSession = {
    poolId: client.UserPoolId,
    clientId: client.ClientId,
    username,
    challenge,
    expiresAt,
    ...(data ? { data } : {}),
  };
  // A sign-up's session (a day, to confirm and sign straight in) is not one a request without
  // credentials can make at will: there is one per user signed up, as the user record is, so it is
  // kept outside the pool's cap, where a few thousand sign-in attempts over that day would push it out.
  if (challenge === 'SIGN_UP' || challenge === 'SIGN_UP_CONFIRMED') ctx.store.put('session', key(session), record);
  else putCapped(ctx, key(session), record);
  return session;
}

/**
 * Reads a session without using it up (a wrong one-time code may be retried with the same session)
 * and checks it belongs to this client and challenge. Expired or foreign sessions are dropped.
 */
export function readAuthSession(
  ctx: Services,
  session: string | undefined,
  client: UserPoolClient,
  challenge: SessionPurpose,
): { id: string; record: AuthSession } {
  if (!session) throw errors.invalidParameter('Missing required parameter Session');
  const id = key(session);
  const record = ctx.store.get<AuthSession>('session', id);
  if (!record) {
    // Forgotten once expired (or dropped by the pool's cap): the Session itself says whether it expired.
    if (tokenExpired(ctx, session, 'base64url')) throw errors.notAuthorized('Invalid session for the user, session is expired.');
    throw usedOnce();
  }
  if (record.expiresAt <= ctx.clock.now()) {
    deleteSession(ctx, id);
    throw errors.notAuthorized('Invalid session for the user, session is expired.');
  }
  if (record.clientId !== client.ClientId || record.challenge !== challenge) throw errors.notAuthorized('Invalid session for the user.');
  return { id, record };
}

/** The session's record without checks (to learn which client it belongs to), or undefined. */
export function peekAuthSession(ctx: Services, session: string): AuthSession | undefined {
  return ctx.store.get<AuthSession>('session', key(session));
}

/**
 * Counts a wrong answer to the session's challenge, read and raised in one write transaction
 * (IMMEDIATE: two processes on one `--data` folder counting at once count two). At `max` the
 * session is used up; false then (or when it was used up already).
 */
export function countWrongAnswer(ctx: Services, id: string, max: number): boolean {
  return ctx.store.transaction(() => {
    const record = ctx.store.get<AuthSession>('session', id);
    if (!record) return false;
    const attempts = Number(record.data?.attempts ?? '0') + 1;
    if (attempts >= max) {
      deleteSession(ctx, id);
      return false;
    }
    ctx.store.put('session', id, { ...record, data: { ...record.data, attempts: String(attempts) } });
    return true;
  });
}

/**
 * Uses up a session read with readAuthSession and accepted: deletes it in one atomic step, and
 * throws Cognito's "can only be used once" when another request (in this process or another on the
 * same `--data` folder) used it up since the read. Returns the record as it was when taken.
 */
export function claimAuthSession(ctx: Services, id: string): AuthSession {
  const taken = takeSession(ctx, id);
  if (!taken) throw usedOnce();
  return taken;
}

/** Takes the session (it cannot be used again) and checks it belongs to this client and challenge. */
export function consumeAuthSession(ctx: Services, session: string | undefined, client: UserPoolClient, challenge: SessionPurpose): AuthSession {
  const { id } = readAuthSession(ctx, session, client, challenge);
  return claimAuthSession(ctx, id);
}

/** A new SECRET_BLOCK (base64, as Cognito's) that says when its challenge expires. */
export function newSrpSecretBlock(ctx: Services, expiresAt: number): string {
  return newToken(ctx, expiresAt).toString('base64');
}

/** Same store, keyed by an SRP SECRET_BLOCK instead of a Session. */
export function putSrpState(ctx: Services, secretBlock: string, record: AuthSession): void {
  putCapped(ctx, `srp:${key(secretBlock)}`, record);
}

export function takeSrpState(ctx: Services, secretBlock: string): AuthSession | undefined {
  // One atomic step: of two answers to one SECRET_BLOCK, in any processes, one gets the state.
  return takeSession(ctx, `srp:${key(secretBlock)}`);
}

/** For a SECRET_BLOCK with no state left: whether it is one of ours whose challenge has expired. */
export function srpSecretBlockExpired(ctx: Services, secretBlock: string): boolean {
  return tokenExpired(ctx, secretBlock, 'base64');
}
