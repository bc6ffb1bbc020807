/**
 * CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient, DeleteUserPoolClient,
 * ListUserPoolClients. Defaults as Cognito's API applies them: tokens 60 min / 60 min / 30 days,
 * auth sessions 3 min, LEGACY user-existence errors, token revocation on.
 */
import type { Json, Operation, Services } from '../context.js';
import { errors } from '../errors.js';
import type { TimeUnit, UserPoolClient } from '../model.js';
import { newClientId, newClientSecret } from '../services/ids.js';
import { pageOf, readPaging } from '../paging.js';
import { getClient, getPool, peekClient, peekPool, wireClient } from '../services/pools.js';
import { EXPLICIT_AUTH_FLOWS } from '@cognate/protocol/wire';
import { optBool, optInt, optObject, optString, optStringList, reqString, CLIENT_ID_RULE, POOL_ID_RULE } from '../validate.js';

const UNITS = ['seconds', 'minutes', 'hours', 'days'] as const;

function unit(units: Json | undefined, name: string, fallback: TimeUnit): TimeUnit {
  return ((units ? optString(units, name, { values: UNITS }) : undefined) ?? fallback) as TimeUnit;
}

function inRange(seconds: number, min: number, max: number, what: string): void {
  if (seconds < min || seconds > max) throw errors.invalidParameter(`${what} must be between ${min / 60} minutes and ${max / 86400} days.`);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const URL_RULE = { min: 1, max: 1024, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, patternText: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' };

/**
 * A callback, sign-out or default redirect URL as Cognito's app client documentation requires it:
 * an absolute URI without a fragment; http only for a loopback host (localhost, 127.0.0.1, [::1]),
 * otherwise https or an app's own scheme (`myapp://callback`). Script-bearing schemes (javascript:,
 * data:, vbscript:) are refused too: the hosted pages redirect to these URLs.
 */
function checkRedirectUrl(name: string, url: string): void {
  const shown = url.slice(0, 256);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw errors.invalidParameter(`${name} must be absolute URLs: ${shown} is not.`);
  }
  if (url.includes('#')) throw errors.invalidParameter(`${name} must not include a fragment component: ${shown}`);
  const scheme = parsed.protocol.slice(0, -1).toLowerCase();
  if (scheme === 'http' && !LOOPBACK.has(parsed.hostname))
    throw errors.invalidParameter(`${name} must use HTTPS, except for http://localhost (or 127.0.0.1, [::1]) for testing: ${shown}`);
  if (['javascript', 'data', 'vbscript', 'file'].includes(scheme)) throw errors.invalidParameter(`${name} cannot use the ${scheme}: scheme: ${shown}`);
  if ((scheme === 'http' || scheme === 'https') && !parsed.hostname) throw errors.invalidParameter(`${name} must be absolute URLs: ${shown} is not.`);
}

function buildClient(ctx: Services, input: Json, existing?: UserPoolClient): UserPoolClient {
  const now = ctx.clock.now();
  const poolId = existing?.UserPoolId ?? reqString(input, 'UserPoolId', POOL_ID_RULE);
  getPool(ctx, poolId);
  const units = optObject(input, 'TokenValidityUnits');
  const given = {
    access: optInt(input, 'AccessTokenValidity', 1, 86400),
    id: optInt(input, 'IdTokenValidity', 1, 86400),
    refresh: optInt(input, 'RefreshTokenValidity', 0, 315360000),
  };
  const fromExisting = existing && !units;
  const TokenValidityUnits = {
    AccessToken: fromExisting ? existing.TokenValidityUnits.AccessToken : unit(units, 'AccessToken', given.access === undefined ? 'minutes' : 'hours'),
    IdToken: fromExisting ? existing.TokenValidityUnits.IdToken : unit(units, 'IdToken', given.id === undefined ? 'minutes' : 'hours'),
    RefreshToken: fromExisting ? existing.TokenValidityUnits.RefreshToken : unit(units, 'RefreshToken', 'days'),
  };
  const AccessTokenValidity = given.access ?? existing?.AccessTokenValidity ?? 60;
  const IdTokenValidity = given.id ?? existing?.IdTokenValidity ?? 60;
  const RefreshTokenValidity = given.refresh ?? existing?.RefreshTokenValidity ?? 30;
  const secs = (v: number, u: TimeUnit) => v * { seconds: 1, minutes: 60, hours: 3600, days: 86400 }[u];
  inRange(secs(AccessTokenValidity, TokenValidityUnits.AccessToken), 300, 86400, 'Access token validity');
  inRange(secs(IdTokenValidity, TokenValidityUnits.IdToken), 300, 86400, 'Id token validity');
  inRange(secs(RefreshTokenValidity, TokenValidityUnits.RefreshToken), 3600, 315360000, 'Refresh token validity');
  const rotation = optObject(input, 'RefreshTokenRotation');
  const client: UserPoolClient = {
    ...(existing ?? {}),
    UserPoolId: poolId,
    ClientName:
      optString(input, 'ClientName', { min: 1, max: 128, pattern: /^[\w\s+=,.@-]+$/, patternText: '[\\w\\s+=,.@-]+' }) ??
      existing?.ClientName ??
      reqString(input, 'ClientName'),
    ClientId: existing?.ClientId ?? optString(input, 'ClientId', CLIENT_ID_RULE) ?? newClientId(),
    CreationDate: existing?.CreationDate ?? now,
    LastModifiedDate: now,
    RefreshTokenValidity,
    AccessTokenValidity,
    IdTokenValidity,
    TokenValidityUnits,
    PreventUserExistenceErrors: (optString(input, 'PreventUserExistenceErrors', { values: ['LEGACY', 'ENABLED'] }) ??
      existing?.PreventUserExistenceErrors ??
      'LEGACY') as UserPoolClient['PreventUserExistenceErrors'],
    EnableTokenRevocation: optBool(input, 'EnableTokenRevocation') ?? existing?.EnableTokenRevocation ?? true,
    EnablePropagateAdditionalUserContextData:
      optBool(input, 'EnablePropagateAdditionalUserContextData') ?? existing?.EnablePropagateAdditionalUserContextData ?? false,
    AuthSessionValidity: optInt(input, 'AuthSessionValidity', 3, 15) ?? existing?.AuthSessionValidity ?? 3,
    AllowedOAuthFlowsUserPoolClient: optBool(input, 'AllowedOAuthFlowsUserPoolClient') ?? existing?.AllowedOAuthFlowsUserPoolClient ?? false,
  };
  const flows = optStringList(input, 'ExplicitAuthFlows', EXPLICIT_AUTH_FLOWS);
  // The API reference: values with the ALLOW_ prefix cannot be used along with values without it.
  if (flows && flows.some(f => f.startsWith('ALLOW_')) && flows.some(f => !f.startsWith('ALLOW_'))) {
    throw errors.invalidParameter('ExplicitAuthFlows values with the ALLOW_ prefix cannot be used along with values without the ALLOW_ prefix.');
  }
  // GetClientToken: ALLOW_CLIENT_TOKEN_AUTH must be the client's only authentication flow.
  if (flows && flows.includes('ALLOW_CLIENT_TOKEN_AUTH') && flows.some(f => f !== 'ALLOW_CLIENT_TOKEN_AUTH')) {
    throw errors.invalidParameter('ALLOW_CLIENT_TOKEN_AUTH cannot be used along with other ExplicitAuthFlows values.');
  }
  if (flows) client.ExplicitAuthFlows = flows;
  for (const name of [
    'ReadAttributes',
    'WriteAttributes',
    'CallbackURLs',
    'LogoutURLs',
    'AllowedOAuthFlows',
    'AllowedOAuthScopes',
    'SupportedIdentityProviders',
  ] as const) {
    const list = optStringList(input, name);
    if (list && (name === 'CallbackURLs' || name === 'LogoutURLs')) {
      if (list.length > 100) throw errors.invalidParameter(`${name} can hold at most 100 URLs.`);
      for (const url of list) {
        optString({ [name]: url }, name, URL_RULE);
        checkRedirectUrl(name, url);
      }
    }
    if (list) client[name] = list;
  }
  const redirect = optString(input, 'DefaultRedirectURI', URL_RULE);
  if (redirect) {
    checkRedirectUrl('DefaultRedirectURI', redirect);
    if (!(client.CallbackURLs as string[] | undefined)?.includes(redirect))
      throw errors.invalidParameter('DefaultRedirectURI must be one of the CallbackURLs.');
    client.DefaultRedirectURI = redirect;
  }
  if (rotation) {
    client.RefreshTokenRotation = {
      Feature: (optString(rotation, 'Feature', { values: ['ENABLED', 'DISABLED'] }) ?? 'DISABLED') as 'ENABLED' | 'DISABLED',
      RetryGracePeriodSeconds: optInt(rotation, 'RetryGracePeriodSeconds', 0, 60) ?? 0,
    };
  }
  if (!existing && optBool(input, 'GenerateSecret')) client.ClientSecret = newClientSecret();
  return client;
}

export const createUserPoolClient: Operation = (input, ctx) => {
  const client = buildClient(ctx, input);
  if (ctx.store.get('client', client.ClientId)) throw errors.invalidParameter(`Client ${client.ClientId} already exists.`);
  ctx.store.put('client', client.ClientId, client);
  return { UserPoolClient: wireClient(client) };
};

export const describeUserPoolClient: Operation = (input, ctx) => {
  const poolId = reqString(input, 'UserPoolId', POOL_ID_RULE);
  peekPool(ctx, poolId);
  return { UserPoolClient: wireClient(peekClient(ctx, reqString(input, 'ClientId', CLIENT_ID_RULE), poolId)) };
};

export const updateUserPoolClient: Operation = (input, ctx) => {
  const poolId = reqString(input, 'UserPoolId', POOL_ID_RULE);
  getPool(ctx, poolId);
  const existing = getClient(ctx, reqString(input, 'ClientId', CLIENT_ID_RULE), poolId);
  // Like Cognito, an update replaces settings: omitted optional lists are cleared.
  const base: UserPoolClient = { ...existing };
  for (const name of [
    'ExplicitAuthFlows',
    'ReadAttributes',
    'WriteAttributes',
    'CallbackURLs',
    'LogoutURLs',
    'AllowedOAuthFlows',
    'AllowedOAuthScopes',
    'SupportedIdentityProviders',
    'RefreshTokenRotation',
    'DefaultRedirectURI',
  ]) {
    delete base[name];
  }
  const client = buildClient(ctx, input, base);
  ctx.store.put('client', client.ClientId, client);
  return { UserPoolClient: wireClient(client) };
};

export const deleteUserPoolClient: Operation = (input, ctx) => {
  const poolId = reqString(input, 'UserPoolId', POOL_ID_RULE);
  getPool(ctx, poolId);
  const client = getClient(ctx, reqString(input, 'ClientId', CLIENT_ID_RULE), poolId);
  ctx.store.delete('client', client.ClientId);
  return {};
};

export const listUserPoolClients: Operation = (input, ctx) => {
  const poolId = reqString(input, 'UserPoolId', POOL_ID_RULE);
  getPool(ctx, poolId);
  const paging = readPaging(input, { limit: 'MaxResults', min: 1, max: 60, fallback: 60, token: 'NextToken' });
  const all = ctx.store.list<UserPoolClient>('client', '').filter(c => c.UserPoolId === poolId);
  const { items, next } = pageOf(all, c => c.ClientId, paging, `ListUserPoolClients/${poolId}`);
  return {
    UserPoolClients: items.map(c => ({ ClientId: c.ClientId, UserPoolId: c.UserPoolId, ClientName: c.ClientName })),
    ...(next ? { NextToken: next } : {}),
  };
};
