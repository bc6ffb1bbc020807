/**
 * Session tracking: SetUserPoolSessionConfiguration / GetUserPoolSessionConfiguration (pool-wide
 * tracking and TokenSession.MaxPerUser), SetUserPoolClientSessionConfiguration /
 * GetUserPoolClientSessionConfiguration (SSOSession.MaxValidityMinutes), and the user's sessions:
 * ListUserSessions, AdminListUserSessions, RevokeUserSession, AdminRevokeUserSession.
 *
 * A token session is a refresh-token family (one per sign-in, services/tokens.ts): its SessionId is
 * `tkn` and 25 lowercase letters and digits derived from the family, stable for its life. Revoking
 * it revokes the family, so its refresh token and (with token revocation on) its access tokens stop
 * working, as RevokeToken does. The hosted UI's cookie is not listed as an SSO session. MaxPerUser is
 * applied at sign-in (services/session-config.ts).
 *
 * Store: `poolSetting` `<poolId>/sessionConfig` and `<poolId>/clientSession/<clientId>`.
 */
import { createHash } from 'node:crypto';
import type { Json, Operation, Services } from '../context.js';
import { CognitoError, errors } from '../errors.js';
import type { TokenFamily, UserPool, UserRecord } from '../model.js';
import { getClient, getPool } from '../services/pools.js';
import { poolSessionConfig, poolSessionConfigKey, type PoolSessionConfig } from '../services/session-config.js';
import { revokeFamily, verifyAccessToken } from '../services/tokens.js';
import { requireUser } from '../services/users.js';
import { notNull, optObject, optString, reqString, CLIENT_ID_RULE, POOL_ID_RULE, TOKEN_RULE, USERNAME_RULE, type StringRule } from '../validate.js';

const DEFAULT_SSO_MINUTES = 60;
const SESSION_ID: StringRule = { min: 28, max: 28, pattern: /^(tkn|sso)[a-z0-9]{25}$/, patternText: '^(tkn|sso)[a-z0-9]{25}$' };
const NEXT_TOKEN: StringRule = { min: 1, max: 131072, pattern: /^[\S]+$/, patternText: '[\\S]+' };
const PAGE = 60;

const clientConfigKey = (poolId: string, clientId: string) => `${poolId}/clientSession/${clientId}`;

/** Essentials or Plus only, as AWS documents (a pool that says it is LITE is refused). */
function tieredPool(ctx: Services, input: Json): UserPool {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  if ((pool as UserPool & { UserPoolTier?: unknown }).UserPoolTier === 'LITE')
    throw new CognitoError(
      'FeatureUnavailableInTierException',
      'Session management is not available in the Lite tier. Upgrade the user pool to Essentials or Plus.',
    );
  return pool;
}

function intMember(value: Json | undefined, parent: string, name: string, min: number, max: number): number {
  const v = notNull(value?.[name] as unknown, `${parent}.${name}`);
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw errors.invalidParameter(`1 validation error detected: Value at '${parent}.${name}' failed to satisfy constraint: Member must be an integer`);
  if (v < min || v > max)
    throw errors.invalidParameter(
      `1 validation error detected: Value '${v}' at '${parent}.${name}' failed to satisfy constraint: Member must have value ${v < min ? `greater than or equal to ${min}` : `less than or equal to ${max}`}`,
    );
  return v;
}

export const setUserPoolSessionConfiguration: Operation = (input, ctx) => {
  const pool = tieredPool(ctx, input);
  const UserSessionTracking = reqString(input, 'UserSessionTracking', { values: ['ENABLED', 'DISABLED'] }) as PoolSessionConfig['UserSessionTracking'];
  const token = notNull(optObject(input, 'TokenSession'), 'tokenSession');
  const config: PoolSessionConfig = { UserSessionTracking, TokenSession: { MaxPerUser: intMember(token, 'tokenSession', 'MaxPerUser', 1, 100) } };
  ctx.store.put('poolSetting', poolSessionConfigKey(pool.Id), config);
  return { UserPoolId: pool.Id, ...config };
};

export const getUserPoolSessionConfiguration: Operation = (input, ctx) => {
  const pool = tieredPool(ctx, input);
  return { UserPoolId: pool.Id, ...poolSessionConfig(ctx, pool.Id) };
};

export const setUserPoolClientSessionConfiguration: Operation = (input, ctx) => {
  const pool = tieredPool(ctx, input);
  const client = getClient(ctx, reqString(input, 'ClientId', CLIENT_ID_RULE), pool.Id);
  const sso = notNull(optObject(input, 'SSOSession'), 'sSOSession');
  const SSOSession = { MaxValidityMinutes: intMember(sso, 'sSOSession', 'MaxValidityMinutes', 0, 129600) };
  ctx.store.put('poolSetting', clientConfigKey(pool.Id, client.ClientId), SSOSession);
  return { UserPoolId: pool.Id, ClientId: client.ClientId, SSOSession };
};

export const getUserPoolClientSessionConfiguration: Operation = (input, ctx) => {
  const pool = tieredPool(ctx, input);
  const client = getClient(ctx, reqString(input, 'ClientId', CLIENT_ID_RULE), pool.Id);
  const SSOSession = ctx.store.get<{ MaxValidityMinutes: number }>('poolSetting', clientConfigKey(pool.Id, client.ClientId)) ?? {
    MaxValidityMinutes: DEFAULT_SSO_MINUTES,
  };
  return { UserPoolId: pool.Id, ClientId: client.ClientId, SSOSession };
};

/** The SessionId of a token session: `tkn` and 25 base-36 digits of a hash of its family. */
export function sessionId(family: TokenFamily): string {
  const digest = createHash('sha256').update(`${family.poolId}\0${family.username}\0${family.originJti}`).digest();
  let n = BigInt('0x' + digest.toString('hex'));
  let out = '';
  for (let i = 0; i < 25; i++) {
    out += (n % 36n).toString(36);
    n /= 36n;
  }
  return `tkn${out}`;
}

function tracking(ctx: Services, pool: UserPool): void {
  if (poolSessionConfig(ctx, pool.Id).UserSessionTracking !== 'ENABLED')
    throw new CognitoError('OperationNotEnabledException', 'User session tracking is not enabled for this user pool.');
}

function liveFamilies(ctx: Services, pool: UserPool, user: UserRecord): TokenFamily[] {
  const now = ctx.clock.now();
  return ctx.store
    .list<TokenFamily>('family', `${pool.Id}/${user.username}/`)
    .filter(f => !f.revoked && f.expiresAt > now && f.createdAt >= (user.globalSignOutAt ?? 0) - 1)
    .sort((a, b) => a.createdAt - b.createdAt || (a.originJti < b.originJti ? -1 : 1));
}

function listSessions(ctx: Services, pool: UserPool, user: UserRecord, input: Json, current?: string): Json {
  tracking(ctx, pool);
  const token = optString(input, 'NextToken', NEXT_TOKEN);
  const all = liveFamilies(ctx, pool, user);
  let start = 0;
  if (token !== undefined) {
    start = all.findIndex(f => sessionId(f) === token) + 1;
    if (start === 0) throw errors.invalidParameter('Invalid NextToken.');
  }
  const page = all.slice(start, start + PAGE);
  return {
    Sessions: page.map(f => ({
      SessionId: sessionId(f),
      SessionType: 'TOKEN',
      ClientId: f.clientId,
      CreateDate: f.createdAt,
      LastActiveDate: f.createdAt,
      DeviceType: 'unknown',
      ...(current !== undefined ? { IsCurrentSession: f.originJti === current } : {}),
    })),
    ...(start + PAGE < all.length ? { NextToken: sessionId(page[page.length - 1]!) } : {}),
  };
}

function revokeSession(ctx: Services, pool: UserPool, user: UserRecord, input: Json): Json {
  tracking(ctx, pool);
  const id = reqString(input, 'SessionId', SESSION_ID);
  optString(input, 'RevokeAssociatedSessions', { values: ['NONE', 'LINKED'] });
  ctx.store.transaction(() => {
    const family = liveFamilies(ctx, pool, user).find(f => sessionId(f) === id);
    if (!family) throw errors.resourceNotFound('Session not found.');
    revokeFamily(ctx, family);
  });
  return {};
}

export const listUserSessions: Operation = async (input, ctx) => {
  const { pool, user, family } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  return listSessions(ctx, pool, user, input, family?.originJti ?? '');
};

export const adminListUserSessions: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const user = requireUser(ctx, pool, reqString(input, 'Username', USERNAME_RULE));
  return listSessions(ctx, pool, user, input);
};

export const revokeUserSession: Operation = async (input, ctx) => {
  const { pool, user } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  return revokeSession(ctx, pool, user, input);
};

export const adminRevokeUserSession: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const user = requireUser(ctx, pool, reqString(input, 'Username', USERNAME_RULE));
  return revokeSession(ctx, pool, user, input);
};
