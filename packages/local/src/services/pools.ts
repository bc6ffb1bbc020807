/** Looking up pools and app clients, and the client checks every public operation makes. */
import { equalSecrets } from './compare.js';
import { createHmac } from 'node:crypto';
import { CognitoError, errors } from '../errors.js';
import type { Services } from '../context.js';
import type { UserPool, UserPoolClient } from '../model.js';
import type { ExplicitAuthFlow } from '@cognate/protocol/wire';

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

/** The client's ExplicitAuthFlows must allow the flow (legacy names accepted as Cognito does). */
export function requireAuthFlow(client: UserPoolClient, flow: ExplicitAuthFlow): void {
  const allowed = client.ExplicitAuthFlows ?? ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
  const legacy: Record<string, string> = {
    ALLOW_USER_PASSWORD_AUTH: 'USER_PASSWORD_AUTH',
    ALLOW_ADMIN_USER_PASSWORD_AUTH: 'ADMIN_NO_SRP_AUTH',
    ALLOW_CUSTOM_AUTH: 'CUSTOM_AUTH_FLOW_ONLY',
  };
  const ok = allowed.includes(flow) || (legacy[flow] !== undefined && allowed.includes(legacy[flow]!));
  if (!ok) {
    const name = flow.replace(/^ALLOW_/, '');
    throw new CognitoError('InvalidParameterException', `${name} flow not enabled for this client`);
  }
}
