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

/** `getPool` for a read that changes nothing and keeps nothing: the shared, frozen record (Store.peek). */
export function peekPool(ctx: Services, poolId: string): Readonly<UserPool> {
  const pool = ctx.store.peek<UserPool>('pool', poolId);
  if (!pool) throw errors.resourceNotFound(`User pool ${poolId} does not exist.`);
  return pool;
}

/** `getClient` for a read that changes nothing and keeps nothing: the shared, frozen record (Store.peek). */
export function peekClient(ctx: Services, clientId: string, poolId?: string): Readonly<UserPoolClient> {
  const client = ctx.store.peek<UserPoolClient>('client', clientId);
  if (!client || (poolId !== undefined && client.UserPoolId !== poolId)) {
    throw errors.resourceNotFound(`User pool client ${clientId} does not exist.`);
  }
  return client;
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

/** One of a client's secrets (at most two, for rotation: AddUserPoolClientSecret). */
export interface ClientSecretRecord {
  ClientSecretId: string;
  ClientSecretValue: string;
  ClientSecretCreateDate: number;
}

/**
 * A client's secrets, oldest first. A client keeps them in `ClientSecrets` (never shown: see
 * wireClient) once a second one was added; before that its only secret is `ClientSecret`, whose id
 * is `<client id>--<creation time>` as Cognito forms it.
 */
export function clientSecrets(client: UserPoolClient): ClientSecretRecord[] {
  const list = client.ClientSecrets as ClientSecretRecord[] | undefined;
  if (list?.length) return list;
  if (!client.ClientSecret) return [];
  return [
    { ClientSecretId: `${client.ClientId}--${client.CreationDate}`, ClientSecretValue: client.ClientSecret, ClientSecretCreateDate: client.CreationDate },
  ];
}

/** Whether `given` is one of the client's secrets (compared in constant time). */
export function clientSecretMatches(client: UserPoolClient, given: string | undefined): boolean {
  if (given === undefined) return false;
  let ok = false;
  for (const s of clientSecrets(client)) ok = equalSecrets(s.ClientSecretValue, given) || ok;
  return ok;
}

/** The client as Describe/Create/UpdateUserPoolClient show it: without the list of secrets kept for rotation. */
export function wireClient(client: UserPoolClient): UserPoolClient {
  if (client.ClientSecrets === undefined) return client;
  const { ClientSecrets: _hidden, ...rest } = client;
  return rest as UserPoolClient;
}

/**
 * Checks SECRET_HASH when the client has a secret (either of two, while a secret is rotated). Any of `usernames` may be the one hashed (the
 * name the user typed, or the canonical username), as Cognito accepts both.
 */
export function checkSecretHash(client: UserPoolClient, given: string | undefined, usernames: Array<string | undefined>): void {
  if (!client.ClientSecret) return;
  if (!given) {
    throw errors.notAuthorized(`Client ${client.ClientId} is configured with secret but SECRET_HASH was not received`);
  }
  for (const { ClientSecretValue } of clientSecrets(client)) {
    for (const name of usernames) {
      if (name !== undefined && equalSecrets(secretHash(ClientSecretValue, name, client.ClientId), given)) return;
    }
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
export function requireAuthFlow(client: UserPoolClient, flow: ExplicitAuthFlow): void {
  const listed = client.ExplicitAuthFlows ?? ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
  const legacy = listed.length > 0 && listed.every(f => LEGACY_FLOWS[f] !== undefined);
  const allowed = legacy ? ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', ...listed.map(f => LEGACY_FLOWS[f]!)] : listed;
  if (!allowed.includes(flow)) {
    const name = flow.replace(/^ALLOW_/, '');
    throw new CognitoError('InvalidParameterException', `${name} flow not enabled for this client`);
  }
}
