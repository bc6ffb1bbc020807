/** Looking up pools and app clients, and the client checks every public operation makes. */
import { equalSecrets } from './compare.js';
import { createHmac } from 'node:crypto';
import { CognitoError, errors } from '../errors.js';
import type { Services } from '../context.js';
import type { UserPool, UserPoolClient } from '../model.js';

export function getPool(ctx: Services, poolId: string): UserPool {
  const pool = ctx.store.get<UserPool>('pool', poolId);
  if (!pool) throw errors.resourceNotFound(`User pool ${poolId} does not exist.`);
  return pool;
}

export function getClient(ctx: Services, clientId: string, poolId?: string): UserPoolClient {
  const client = ctx.store.get<UserPoolClient>('client', clientId);
  if (!client || (poolId !== undefined && client.UserPoolId !== poolId)) {
    throw errors.resourceNotFound(`User pool client ${clientId} does not exist.`);
  }
  return client;
}

/** The pool and client for a public (client-id-addressed) operation. */
export function getClientAndPool(ctx: Services, clientId: string): { client: UserPoolClient; pool: UserPool } {
  const client = getClient(ctx, clientId);
  return { client, pool: getPool(ctx, client.UserPoolId) };
}

export function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac('sha256', secret)
    .update(username + clientId)
    .digest('base64');
}

/**
 * Checks SECRET_HASH when the client has a secret. Any of `usernames` may be the one hashed (the
 * name the user typed, or the canonical username), as Cognito accepts both.
 */
export function checkSecretHash(client: UserPoolClient, given: string | undefined, usernames: Array<string | undefined>): void {
  if (!client.ClientSecret) return;
  if (!given) {
    throw errors.notAuthorized(`Client ${client.ClientId} is configured with secret but SECRET_HASH was not received`);
  }
  for (const name of usernames) {
    if (name !== undefined && equalSecrets(secretHash(client.ClientSecret, name, client.ClientId), given)) return;
  }
  throw errors.notAuthorized(`Unable to verify secret hash for client ${client.ClientId}`);
}

/** Legacy ExplicitAuthFlows values and the ALLOW_ value each stands for. */
const LEGACY_FLOWS: Record<string, string> = {
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  CUSTOM_AUTH_FLOW_ONLY: 'ALLOW_CUSTOM_AUTH',
};

/**
 * The client's ExplicitAuthFlows must allow the flow. With no list, Cognito's default applies
 * (SRP, custom, refresh). A list of legacy values only (no ALLOW_ prefix) enables what it names on
 * top of SRP and refresh, which legacy clients always had; ALLOW_ lists allow exactly what they list.
 */
export function requireAuthFlow(client: UserPoolClient, flow: string): void {
  const listed = client.ExplicitAuthFlows ?? ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
  const legacy = listed.length > 0 && listed.every(f => LEGACY_FLOWS[f] !== undefined);
  const allowed = legacy ? ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', ...listed.map(f => LEGACY_FLOWS[f]!)] : listed;
  if (!allowed.includes(flow)) {
    const name = flow.replace(/^ALLOW_/, '');
    throw new CognitoError('InvalidParameterException', `${name} flow not enabled for this client`);
  }
}
