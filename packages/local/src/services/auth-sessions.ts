/**
 * Challenge sessions: opaque, bound to pool, client, user and challenge, single use, and expiring
 * after the client's AuthSessionValidity (3 minutes by default), with Cognito's messages.
 */
import { createHash } from 'node:crypto';
import type { Services } from '../context.js';
import { errors } from '../errors.js';
import type { AuthSession, UserPoolClient } from '../model.js';
import { newOpaque } from './ids.js';
import type { ChallengeName } from '@cognate/protocol/wire';

/** What a session is for: the challenge it answers, or a sign-up that may sign straight in (USER_AUTH). */
export type SessionPurpose = ChallengeName | 'SIGN_UP' | 'SIGN_UP_CONFIRMED';

const key = (session: string) => createHash('sha256').update(session).digest('base64url');

export function createAuthSession(
  ctx: Services,
  client: UserPoolClient,
  username: string,
  challenge: SessionPurpose,
  data?: Record<string, string>,
  ttlSeconds?: number,
): string {
  const session = newOpaque(96);
  const record: AuthSession = {
    poolId: client.UserPoolId,
    clientId: client.ClientId,
    username,
    challenge,
    expiresAt: ctx.clock.now() + (ttlSeconds ?? client.AuthSessionValidity * 60),
    ...(data ? { data } : {}),
  };
  ctx.store.put('session', key(session), record);
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
  if (!record) throw errors.notAuthorized('Invalid session for the user, session can only be used once.');
  if (record.expiresAt <= ctx.clock.now()) {
    ctx.store.delete('session', id);
    throw errors.notAuthorized('Invalid session for the user, session is expired.');
  }
  if (record.clientId !== client.ClientId || record.challenge !== challenge) throw errors.notAuthorized('Invalid session for the user.');
  return { id, record };
}

/** The session's record without checks (to learn which client it belongs to), or undefined. */
export function peekAuthSession(ctx: Services, session: string): AuthSession | undefined {
  return ctx.store.get<AuthSession>('session', key(session));
}

export function updateAuthSession(ctx: Services, id: string, record: AuthSession): void {
  ctx.store.put('session', id, record);
}

export function dropAuthSession(ctx: Services, id: string): void {
  ctx.store.delete('session', id);
}

/** Takes the session (it cannot be used again) and checks it belongs to this client and challenge. */
export function consumeAuthSession(ctx: Services, session: string | undefined, client: UserPoolClient, challenge: SessionPurpose): AuthSession {
  const { id, record } = readAuthSession(ctx, session, client, challenge);
  ctx.store.delete('session', id);
  return record;
}

/** Same store, keyed by an SRP SECRET_BLOCK instead of a Session. */
export function putSrpState(ctx: Services, secretBlock: string, record: AuthSession): void {
  ctx.store.put('session', `srp:${key(secretBlock)}`, record);
}

export function takeSrpState(ctx: Services, secretBlock: string): AuthSession | undefined {
  const id = `srp:${key(secretBlock)}`;
  const record = ctx.store.get<AuthSession>('session', id);
  if (record) ctx.store.delete('session', id);
  return record;
}
