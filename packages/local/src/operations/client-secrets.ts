/**
 * AddUserPoolClientSecret, ListUserPoolClientSecrets, DeleteUserPoolClientSecret: secret rotation
 * for a confidential app client. A client holds at most two secrets, and both are accepted
 * wherever the secret is checked (SECRET_HASH, /oauth2/token, RevokeToken, GetTokensFromRefreshToken:
 * services/pools.ts). The value is shown once, when Cognito generated it; the list never shows it.
 * The last secret cannot be deleted.
 */
import type { Json, Operation, OperationContext } from '../context.js';
import { errors } from '../errors.js';
import type { UserPoolClient } from '../model.js';
import { newClientSecret } from '../services/ids.js';
import { clientSecrets, getClient, getPool, type ClientSecretRecord } from '../services/pools.js';
import { optString, reqString, CLIENT_ID_RULE, POOL_ID_RULE } from '../validate.js';

export const MAX_CLIENT_SECRETS = 2;
const SECRET_RULE = { min: 24, max: 64, pattern: /^[\w+]+$/, patternText: '[\\w+]+' };

function target(input: Json, ctx: OperationContext): UserPoolClient {
  const poolId = reqString(input, 'UserPoolId', POOL_ID_RULE);
  const clientId = reqString(input, 'ClientId', CLIENT_ID_RULE);
  getPool(ctx, poolId);
  return getClient(ctx, clientId, poolId);
}

function save(ctx: OperationContext, client: UserPoolClient, secrets: ClientSecretRecord[]): void {
  ctx.store.put('client', client.ClientId, {
    ...client,
    ClientSecret: secrets[0]!.ClientSecretValue,
    ClientSecrets: secrets,
    LastModifiedDate: ctx.clock.now(),
  });
}

export const addUserPoolClientSecret: Operation = (input, ctx) => {
  const given = optString(input, 'ClientSecret', SECRET_RULE);
  const client = target(input, ctx);
  const secrets = clientSecrets(client);
  if (!secrets.length)
    throw errors.invalidParameter(`Client ${client.ClientId} does not have a client secret. Secrets can be added only to a client created with one.`);
  if (secrets.length >= MAX_CLIENT_SECRETS) {
    throw errors.limitExceeded(`Client ${client.ClientId} already has ${MAX_CLIENT_SECRETS} secrets; delete one before adding another.`);
  }
  const now = ctx.clock.now();
  // Ids are `<client id>--<epoch seconds>`; a second secret added in the same second as the first takes the next free second.
  let created = now;
  while (secrets.some(s => s.ClientSecretId === `${client.ClientId}--${created}`)) created++;
  const record: ClientSecretRecord = {
    ClientSecretId: `${client.ClientId}--${created}`,
    ClientSecretValue: given ?? newClientSecret(),
    ClientSecretCreateDate: now,
  };
  save(ctx, client, [...secrets, record]);
  const { ClientSecretValue, ...descriptor } = record;
  return { ClientSecretDescriptor: given === undefined ? { ...descriptor, ClientSecretValue } : descriptor };
};

export const listUserPoolClientSecrets: Operation = (input, ctx) => {
  optString(input, 'NextToken', { min: 1, max: 1024 });
  const client = target(input, ctx);
  return { ClientSecrets: clientSecrets(client).map(({ ClientSecretId, ClientSecretCreateDate }) => ({ ClientSecretId, ClientSecretCreateDate })) };
};

export const deleteUserPoolClientSecret: Operation = (input, ctx) => {
  const id = reqString(input, 'ClientSecretId', { min: 1, max: 128 });
  const client = target(input, ctx);
  const secrets = clientSecrets(client);
  if (!secrets.some(s => s.ClientSecretId === id)) throw errors.resourceNotFound(`Client secret ${id} does not exist.`);
  if (secrets.length === 1) throw errors.invalidParameter('The last client secret of an app client cannot be deleted.');
  save(
    ctx,
    client,
    secrets.filter(s => s.ClientSecretId !== id),
  );
  return {};
};
