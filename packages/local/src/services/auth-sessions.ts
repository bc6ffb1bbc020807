/**
 * Challenge sessions: opaque, bound to pool, client, user and challenge, single use, and expiring
 * after the client's AuthSessionValidity (3 minutes by default), with Cognito's messages.
 */
import { createHash } from 'node:crypto';
import type { Services } from '../context.js';
import { errors } from '../errors.js';
import type { AuthSession, UserPoolClient } from '../model.js';
import { newOpaque } from './ids.js';

const key = (session: string) => createHash('sha256').update(session).digest('base64url');

export function createAuthSession(ctx: Services, client: UserPoolClient, username: string, challenge: string, data?: Record<string, string>): string {
  const session = newOpaque(96);
  const record: AuthSession = {
    poolId: client.UserPoolId,
    clientId: client.ClientId,
    username,
    challenge,
    expiresAt: ctx.clock.now() + client.AuthSessionValidity * 60,
    ...(data ? { data } : {}),
  };
  ctx.store.put('session', key(session), record);
  return session;
}

/** Takes the session (it cannot be used again) and checks it belongs to this client and challenge. */
export function consumeAuthSession(ctx: Services, session: string | undefined, client: UserPoolClient, challenge: string): AuthSession {
  if (!session) throw errors.invalidParameter('Missing required parameter Session');
  const id = key(session);
  const record = ctx.store.get<AuthSession>('session', id);
  if (!record) throw errors.notAuthorized('Invalid session for the user, session can only be used once.');
  ctx.store.delete('session', id);
  if (record.expiresAt <= ctx.clock.now()) throw errors.notAuthorized('Invalid session for the user, session is expired.');
  if (record.clientId !== client.ClientId || record.challenge !== challenge) throw errors.notAuthorized('Invalid session for the user.');
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
