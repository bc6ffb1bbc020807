/**
 * What the hosted UI and OAuth endpoints are configured with: user pool domains
 * (Create/Describe/Update/DeleteUserPoolDomain), resource servers with custom scopes
 * (Create/Describe/Update/Delete/ListResourceServers) and federated identity providers
 * (Create/Describe/Update/Delete/ListIdentityProviders, GetIdentityProviderByIdentifier).
 * Locally every domain is served on cognate-local's own origin, and every external identity
 * provider is played by the built-in mock OIDC provider.
 */
import type { Json, Operation } from '../context.js';
import { CognitoError, errors } from '../errors.js';
import { getPool } from '../services/pools.js';
import { pageOf, readPaging } from '../paging.js';
import { optObject, optString, optStringList, reqString, optArray, POOL_ID_RULE } from '../validate.js';

export interface DomainRecord {
  Domain: string;
  UserPoolId: string;
  CustomDomainConfig?: Json;
  ManagedLoginVersion?: number;
}

export interface ResourceServerRecord {
  UserPoolId: string;
  Identifier: string;
  Name: string;
  Scopes: Array<{ ScopeName: string; ScopeDescription: string }>;
}

export interface IdentityProviderRecord {
  UserPoolId: string;
  ProviderName: string;
  ProviderType: string;
  ProviderDetails: Record<string, string>;
  AttributeMapping: Record<string, string>;
  IdpIdentifiers: string[];
  CreationDate: number;
  LastModifiedDate: number;
}

const PROVIDER_TYPES = ['SAML', 'Facebook', 'Google', 'LoginWithAmazon', 'SignInWithApple', 'OIDC'] as const;

export const createUserPoolDomain: Operation = (input, ctx) => {
  const domain = reqString(input, 'Domain', {
    min: 1,
    max: 63,
    pattern: /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$|^[a-z0-9.-]+\.[a-z]{2,}$/,
    patternText: '^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$',
  });
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const custom = optObject(input, 'CustomDomainConfig');
  if (ctx.store.get('domain', domain)) throw errors.invalidParameter('Domain already associated with another user pool.');
  if (ctx.store.list<DomainRecord>('domain', '').some(d => d.UserPoolId === pool.Id && Boolean(d.CustomDomainConfig) === Boolean(custom))) {
    throw errors.invalidParameter(`User pool ${pool.Id} already has a domain configured.`);
  }
  const record: DomainRecord = { Domain: domain, UserPoolId: pool.Id, ...(custom ? { CustomDomainConfig: custom } : {}), ManagedLoginVersion: 1 };
  ctx.store.put('domain', domain, record);
  ctx.store.put('pool', pool.Id, { ...pool, Domain: domain });
  return { ManagedLoginVersion: 1, ...(custom ? { CloudFrontDomain: 'cognate-local' } : {}) };
};

export const describeUserPoolDomain: Operation = (input, ctx) => {
  const domain = reqString(input, 'Domain', { min: 1, max: 63 });
  const record = ctx.store.get<DomainRecord>('domain', domain);
  // Cognito answers an unknown domain with an empty description, not an error.
  if (!record) return { DomainDescription: {} };
  return {
    DomainDescription: {
      UserPoolId: record.UserPoolId,
      AWSAccountId: '000000000000',
      Domain: record.Domain,
      S3Bucket: 'cognate-local',
      CloudFrontDistribution: 'cognate-local',
      Version: '1',
      Status: 'ACTIVE',
      ...(record.CustomDomainConfig ? { CustomDomainConfig: record.CustomDomainConfig } : {}),
      ManagedLoginVersion: record.ManagedLoginVersion ?? 1,
    },
  };
};

export const updateUserPoolDomain: Operation = (input, ctx) => {
  const domain = reqString(input, 'Domain', { min: 1, max: 63 });
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const record = ctx.store.get<DomainRecord>('domain', domain);
  if (!record || record.UserPoolId !== pool.Id) throw errors.resourceNotFound(`Domain ${domain} does not exist.`);
  const custom = optObject(input, 'CustomDomainConfig');
  ctx.store.put('domain', domain, { ...record, ...(custom ? { CustomDomainConfig: custom } : {}) });
  return { ManagedLoginVersion: record.ManagedLoginVersion ?? 1 };
};

export const deleteUserPoolDomain: Operation = (input, ctx) => {
  const domain = reqString(input, 'Domain', { min: 1, max: 63 });
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const record = ctx.store.get<DomainRecord>('domain', domain);
  if (!record || record.UserPoolId !== pool.Id) throw errors.invalidParameter(`Domain ${domain} is not associated with user pool ${pool.Id}.`);
  ctx.store.delete('domain', domain);
  const { Domain: _d, ...rest } = pool as typeof pool & { Domain?: string };
  ctx.store.put('pool', pool.Id, rest);
  return {};
};

function scopesOf(input: Json): ResourceServerRecord['Scopes'] {
  const list = optArray(input, 'Scopes', 100) ?? [];
  return list.map(raw => {
    if (typeof raw !== 'object' || raw === null) throw errors.invalidParameter('Invalid scope');
    const item = raw as Json;
    return {
      ScopeName: reqString(item, 'ScopeName', {
        min: 1,
        max: 256,
        pattern: /^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$/,
        patternText: '[\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+',
      }),
      ScopeDescription: reqString(item, 'ScopeDescription', { min: 1, max: 256 }),
    };
  });
}

function serverKey(poolId: string, identifier: string): string {
  return `${poolId}/${identifier}`;
}

export const createResourceServer: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const identifier = reqString(input, 'Identifier', {
    min: 1,
    max: 256,
    pattern: /^[\x21\x23-\x5B\x5D-\x7E]+$/,
    patternText: '[\\x21\\x23-\\x5B\\x5D-\\x7E]+',
  });
  if (ctx.store.get('resourceServer', serverKey(pool.Id, identifier))) throw errors.invalidParameter(`${identifier} already exists in pool ${pool.Id}.`);
  const record: ResourceServerRecord = {
    UserPoolId: pool.Id,
    Identifier: identifier,
    Name: reqString(input, 'Name', { min: 1, max: 256 }),
    Scopes: scopesOf(input),
  };
  ctx.store.put('resourceServer', serverKey(pool.Id, identifier), record);
  return { ResourceServer: record };
};

function requireServer(ctx: Parameters<Operation>[1], input: Json): ResourceServerRecord {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const identifier = reqString(input, 'Identifier', { min: 1, max: 256 });
  const record = ctx.store.get<ResourceServerRecord>('resourceServer', serverKey(pool.Id, identifier));
  if (!record) throw errors.resourceNotFound(`Resource server ${identifier} does not exist.`);
  return record;
}

export const describeResourceServer: Operation = (input, ctx) => ({ ResourceServer: requireServer(ctx, input) });

export const updateResourceServer: Operation = (input, ctx) => {
  const record = requireServer(ctx, input);
  const next = { ...record, Name: reqString(input, 'Name', { min: 1, max: 256 }), Scopes: scopesOf(input) };
  ctx.store.put('resourceServer', serverKey(record.UserPoolId, record.Identifier), next);
  return { ResourceServer: next };
};

export const deleteResourceServer: Operation = (input, ctx) => {
  const record = requireServer(ctx, input);
  ctx.store.delete('resourceServer', serverKey(record.UserPoolId, record.Identifier));
  return {};
};

export const listResourceServers: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const paging = readPaging(input, { limit: 'MaxResults', min: 1, max: 50, fallback: 50, token: 'NextToken' });
  const all = ctx.store.list<ResourceServerRecord>('resourceServer', `${pool.Id}/`);
  const { items, next } = pageOf(all, s => s.Identifier, paging, `ListResourceServers/${pool.Id}`);
  return { ResourceServers: items, ...(next ? { NextToken: next } : {}) };
};

/** Every custom scope of the pool, as `identifier/scope`. */
export function customScopes(ctx: Parameters<Operation>[1], poolId: string): string[] {
  return ctx.store.list<ResourceServerRecord>('resourceServer', `${poolId}/`).flatMap(s => s.Scopes.map(x => `${s.Identifier}/${x.ScopeName}`));
}

function stringMap(input: Json, name: string): Record<string, string> {
  const value = optObject(input, name) ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw errors.invalidParameter(`${name} values must be strings.`);
    out[k] = v;
  }
  return out;
}

export const createIdentityProvider: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const name = reqString(input, 'ProviderName', {
    min: 1,
    max: 32,
    pattern: /^[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+$/u,
    patternText: '[^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+',
  });
  const type = reqString(input, 'ProviderType', { values: PROVIDER_TYPES });
  if (['Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple'].includes(type) && name !== type) {
    throw errors.invalidParameter(`The provider name for a ${type} provider must be ${type}.`);
  }
  if (name === 'COGNITO') throw errors.invalidParameter('COGNITO is a reserved provider name.');
  if (ctx.store.get('idp', `${pool.Id}/${name}`))
    throw new CognitoError('DuplicateProviderException', `A provider with the name ${name} already exists in this user pool.`);
  const now = ctx.clock.now();
  const record: IdentityProviderRecord = {
    UserPoolId: pool.Id,
    ProviderName: name,
    ProviderType: type,
    ProviderDetails: stringMap(input, 'ProviderDetails'),
    AttributeMapping: stringMap(input, 'AttributeMapping'),
    IdpIdentifiers: optStringList(input, 'IdpIdentifiers') ?? [],
    CreationDate: now,
    LastModifiedDate: now,
  };
  ctx.store.put('idp', `${pool.Id}/${name}`, record);
  return { IdentityProvider: record };
};

function requireProvider(ctx: Parameters<Operation>[1], input: Json): IdentityProviderRecord {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const name = reqString(input, 'ProviderName', { min: 1, max: 32 });
  const record = ctx.store.get<IdentityProviderRecord>('idp', `${pool.Id}/${name}`);
  if (!record) throw errors.resourceNotFound(`Identity provider ${name} does not exist.`);
  return record;
}

export const describeIdentityProvider: Operation = (input, ctx) => ({ IdentityProvider: requireProvider(ctx, input) });

export const updateIdentityProvider: Operation = (input, ctx) => {
  const record = requireProvider(ctx, input);
  const details = optObject(input, 'ProviderDetails');
  const mapping = optObject(input, 'AttributeMapping');
  const next: IdentityProviderRecord = {
    ...record,
    ...(details ? { ProviderDetails: stringMap(input, 'ProviderDetails') } : {}),
    ...(mapping ? { AttributeMapping: stringMap(input, 'AttributeMapping') } : {}),
    IdpIdentifiers: optStringList(input, 'IdpIdentifiers') ?? record.IdpIdentifiers,
    LastModifiedDate: ctx.clock.now(),
  };
  ctx.store.put('idp', `${record.UserPoolId}/${record.ProviderName}`, next);
  return { IdentityProvider: next };
};

export const deleteIdentityProvider: Operation = (input, ctx) => {
  const record = requireProvider(ctx, input);
  ctx.store.delete('idp', `${record.UserPoolId}/${record.ProviderName}`);
  return {};
};

export const listIdentityProviders: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const paging = readPaging(input, { limit: 'MaxResults', min: 0, max: 60, fallback: 60, token: 'NextToken' });
  const all = ctx.store.list<IdentityProviderRecord>('idp', `${pool.Id}/`);
  const { items, next } = pageOf(all, p => p.ProviderName, paging, `ListIdentityProviders/${pool.Id}`);
  return {
    ...(next ? { NextToken: next } : {}),
    Providers: items.map(p => ({
      ProviderName: p.ProviderName,
      ProviderType: p.ProviderType,
      LastModifiedDate: p.LastModifiedDate,
      CreationDate: p.CreationDate,
    })),
  };
};

export const getIdentityProviderByIdentifier: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const identifier = reqString(input, 'IdpIdentifier', { min: 1, max: 40 });
  const found = ctx.store.list<IdentityProviderRecord>('idp', `${pool.Id}/`).find(p => p.IdpIdentifiers.includes(identifier));
  if (!found) throw errors.resourceNotFound(`Identity provider with identifier ${identifier} does not exist.`);
  return { IdentityProvider: found };
};
