/**
 * CreateIdentityPool, DescribeIdentityPool, UpdateIdentityPool, DeleteIdentityPool,
 * ListIdentityPools, SetIdentityPoolRoles / GetIdentityPoolRoles, and tags. Pools are stored in
 * DescribeIdentityPool's shape; role ARNs are kept but nothing here is IAM.
 */
import type { Json, Operation, Services } from '../context.js';
import { pageOf } from '../paging.js';
import { CognitoError, errors } from '../errors.js';
import type { CognitoProvider, IdentityPool, RoleMapping, RoleMappingRule, StoredIdentityPool } from './model.js';
import { mergeTags, removeTags, TAG_LIMITS } from '../services/tags.js';
import { deleteIdentityPoolAndIdentities, findIdentityPool, getIdentityPool, newIdentityUuid } from './records.js';
import {
  ARN,
  CLIENT_ID,
  DEVELOPER_PROVIDER,
  IDENTITY_POOL_ID,
  IDENTITY_POOL_NAME,
  NEXT_TOKEN,
  PROVIDER_NAME,
  optBool,
  optList,
  optStr,
  optStrList,
  optStrMap,
  optStruct,
  reqBool,
  reqInt,
  reqStr,
  validationError,
} from './validate.js';

/** The user pool a Cognito provider name points at: `<anything>/<userPoolId>`. */
export const USER_POOL_IN_PROVIDER = /\/([\w-]+_[0-9a-zA-Z]+)$/;

const TAGS = TAG_LIMITS;

function cognitoProviders(input: Json): CognitoProvider[] {
  const list = optList(input, 'CognitoIdentityProviders') ?? [];
  const out: CognitoProvider[] = [];
  for (const raw of list) {
    const item = optStruct(raw, 'cognitoIdentityProviders');
    if (!item) throw validationError('cognitoIdentityProviders', 'Member must not be null', 'null');
    const ProviderName = optStr(item, 'ProviderName', PROVIDER_NAME, 'cognitoIdentityProviders.member.providerName');
    const ClientId = optStr(item, 'ClientId', CLIENT_ID, 'cognitoIdentityProviders.member.clientId');
    const ServerSideTokenCheck = optBool(item, 'ServerSideTokenCheck') ?? false;
    if (!ProviderName || !USER_POOL_IN_PROVIDER.test(ProviderName)) {
      throw errors.invalidParameter(
        `Invalid Cognito Identity Provider name: '${ProviderName ?? ''}'. Expected cognito-idp.<region>.amazonaws.com/<userPoolId>.`,
      );
    }
    if (!ClientId) throw errors.invalidParameter(`A ClientId is required for Cognito Identity Provider '${ProviderName}'.`);
    if (!out.some(p => p.ProviderName === ProviderName && p.ClientId === ClientId)) out.push({ ProviderName, ClientId, ServerSideTokenCheck });
  }
  return out;
}

/** Builds the stored pool from Create/UpdateIdentityPool input. Update replaces the whole configuration, as Cognito's does. */
export function buildIdentityPool(ctx: Services, input: Json, id: string, existing?: StoredIdentityPool): StoredIdentityPool {
  const name = reqStr(input, 'IdentityPoolName', IDENTITY_POOL_NAME);
  const allowUnauthenticated = reqBool(input, 'AllowUnauthenticatedIdentities');
  const developer = optStr(input, 'DeveloperProviderName', DEVELOPER_PROVIDER);
  if (existing?.pool.DeveloperProviderName && developer !== undefined && developer !== existing.pool.DeveloperProviderName) {
    throw errors.invalidParameter('DeveloperProviderName cannot be changed once set.');
  }
  const tags = optStrMap(input, 'IdentityPoolTags', TAGS);
  const pool: IdentityPool = {
    IdentityPoolId: id,
    IdentityPoolName: name,
    AllowUnauthenticatedIdentities: allowUnauthenticated,
    AllowClassicFlow: optBool(input, 'AllowClassicFlow') ?? false,
    SupportedLoginProviders: {
      ...(optStrMap(input, 'SupportedLoginProviders', {
        maxEntries: 10,
        key: { min: 1, max: 128 },
        value: { min: 1, max: 128, pattern: /^[\w.;_/-]+$/, patternText: '[\\w.;_/-]+' },
      }) ?? {}),
    },
    ...((developer ?? existing?.pool.DeveloperProviderName) ? { DeveloperProviderName: (developer ?? existing?.pool.DeveloperProviderName)! } : {}),
    OpenIdConnectProviderARNs: optStrList(input, 'OpenIdConnectProviderARNs', ARN) ?? [],
    CognitoIdentityProviders: cognitoProviders(input),
    SamlProviderARNs: optStrList(input, 'SamlProviderARNs', ARN) ?? [],
    IdentityPoolTags: { ...(tags ?? existing?.pool.IdentityPoolTags ?? {}) },
  };
  return {
    pool,
    roles: existing?.roles ?? {},
    roleMappings: existing?.roleMappings ?? {},
    ...(existing?.principalTags ? { principalTags: existing.principalTags } : {}),
    createdAt: existing?.createdAt ?? ctx.clock.now(),
  };
}

/** Creates a pool; `fixedId` is for seeding (`--config`), which may pin the id. */
export function createIdentityPoolRecord(ctx: Services, input: Json, fixedId?: string): StoredIdentityPool {
  const id = fixedId ?? newIdentityUuid(ctx.region);
  if (findIdentityPool(ctx, id)) throw new CognitoError('ResourceConflictException', `IdentityPool '${id}' already exists.`);
  const stored = buildIdentityPool(ctx, input, id);
  ctx.store.put('identityPool', id, stored);
  return stored;
}

export const createIdentityPool: Operation = (input, ctx) => createIdentityPoolRecord(ctx, input).pool as unknown as Json;

export const describeIdentityPool: Operation = (input, ctx) => getIdentityPool(ctx, reqStr(input, 'IdentityPoolId', IDENTITY_POOL_ID)).pool as unknown as Json;

export const updateIdentityPool: Operation = (input, ctx) => {
  const id = reqStr(input, 'IdentityPoolId', IDENTITY_POOL_ID);
  const existing = getIdentityPool(ctx, id);
  const stored = buildIdentityPool(ctx, input, id, existing);
  // Role mappings keyed by a provider the pool no longer has would never apply; Cognito refuses them too.
  for (const key of Object.keys(stored.roleMappings)) if (!roleMappingKeyAllowed(stored.pool, key)) delete stored.roleMappings[key];
  ctx.store.put('identityPool', id, stored);
  return stored.pool as unknown as Json;
};

export const deleteIdentityPool: Operation = (input, ctx) => {
  const id = reqStr(input, 'IdentityPoolId', IDENTITY_POOL_ID);
  getIdentityPool(ctx, id);
  deleteIdentityPoolAndIdentities(ctx, id);
  return {};
};

export const listIdentityPools: Operation = (input, ctx) => {
  const max = reqInt(input, 'MaxResults', 1, 60);
  const next = optStr(input, 'NextToken', NEXT_TOKEN);
  const all = ctx.store.list<StoredIdentityPool>('identityPool', '');
  const page = pageOf(all, p => p.pool.IdentityPoolId, { limit: max, ...(next !== undefined ? { token: next } : {}) }, 'ListIdentityPools');
  return {
    IdentityPools: page.items.map(p => ({ IdentityPoolId: p.pool.IdentityPoolId, IdentityPoolName: p.pool.IdentityPoolName })),
    ...(page.next ? { NextToken: page.next } : {}),
  };
};

/** A RoleMappings key names a configured provider: `<cognito provider>:<client id>`, or a login/OIDC/SAML provider. */
function roleMappingKeyAllowed(pool: IdentityPool, key: string): boolean {
  if (pool.CognitoIdentityProviders.some(p => key === `${p.ProviderName}:${p.ClientId}`)) return true;
  if (Object.hasOwn(pool.SupportedLoginProviders, key)) return true;
  const arns = [...pool.OpenIdConnectProviderARNs, ...pool.SamlProviderARNs];
  return arns.some(arn => arn === key || arn.endsWith(`/${key}`));
}

function roleMapping(key: string, raw: unknown): RoleMapping {
  const item = optStruct(raw, 'roleMappings');
  if (!item) throw validationError('roleMappings', 'Member must not be null', 'null');
  const Type = reqStr(item, 'Type', { values: ['Token', 'Rules'], show: true }, 'roleMappings.type') as RoleMapping['Type'];
  const ambiguous = optStr(
    item,
    'AmbiguousRoleResolution',
    { values: ['AuthenticatedRole', 'Deny'], show: true },
    'roleMappings.ambiguousRoleResolution',
  ) as RoleMapping['AmbiguousRoleResolution'];
  if (!ambiguous) throw errors.invalidParameter(`AmbiguousRoleResolution must be specified for the ${Type} role mapping of ${key}.`);
  const mapping: RoleMapping = { Type, AmbiguousRoleResolution: ambiguous };
  const config = optStruct(item.RulesConfiguration, 'roleMappings.rulesConfiguration');
  if (Type === 'Rules') {
    if (!config) throw errors.invalidParameter(`RulesConfiguration must be specified for the Rules role mapping of ${key}.`);
    const rules = optList(config, 'Rules', 1, 25);
    if (!rules) throw validationError('roleMappings.rulesConfiguration.rules', 'Member must not be null', 'null');
    mapping.RulesConfiguration = {
      Rules: rules.map(r => {
        const rule = optStruct(r, 'roleMappings.rulesConfiguration.rules');
        if (!rule) throw validationError('roleMappings.rulesConfiguration.rules', 'Member must not be null', 'null');
        return {
          Claim: reqStr(rule, 'Claim', { min: 1, max: 64, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u }, 'roleMappings.rulesConfiguration.rules.member.claim'),
          MatchType: reqStr(
            rule,
            'MatchType',
            { values: ['Equals', 'Contains', 'StartsWith', 'NotEqual'], show: true },
            'roleMappings.rulesConfiguration.rules.member.matchType',
          ) as RoleMappingRule['MatchType'],
          Value: reqStr(rule, 'Value', { min: 1, max: 128 }, 'roleMappings.rulesConfiguration.rules.member.value'),
          RoleARN: reqStr(rule, 'RoleARN', ARN, 'roleMappings.rulesConfiguration.rules.member.roleARN'),
        };
      }),
    };
  }
  return mapping;
}

export const setIdentityPoolRoles: Operation = (input, ctx) => {
  const id = reqStr(input, 'IdentityPoolId', IDENTITY_POOL_ID);
  const roles = optStrMap(input, 'Roles', { maxEntries: 2, key: { pattern: /^(un)?authenticated$/, patternText: '(un)?authenticated' }, value: ARN });
  if (!roles) throw validationError('roles', 'Member must not be null', 'null');
  const mappingsInput = input.RoleMappings;
  const mappingsRaw = optStruct(mappingsInput, 'roleMappings');
  const stored = getIdentityPool(ctx, id);
  const roleMappings: Record<string, RoleMapping> = {};
  if (mappingsRaw) {
    const keys = Object.keys(mappingsRaw);
    if (keys.length > 10) throw validationError('roleMappings', 'Member must have length less than or equal to 10');
    for (const key of keys) {
      if (!roleMappingKeyAllowed(stored.pool, key))
        throw errors.invalidParameter(`${key} is not a valid RoleMapping ProviderName or is not a configured provider.`);
      roleMappings[key] = roleMapping(key, mappingsRaw[key]);
    }
  }
  ctx.store.put('identityPool', id, { ...stored, roles: { ...roles }, roleMappings });
  return {};
};

export const getIdentityPoolRoles: Operation = (input, ctx) => {
  const id = reqStr(input, 'IdentityPoolId', IDENTITY_POOL_ID);
  const stored = getIdentityPool(ctx, id);
  return {
    IdentityPoolId: id,
    Roles: stored.roles,
    ...(Object.keys(stored.roleMappings).length ? { RoleMappings: stored.roleMappings } : {}),
  };
};

/** `arn:aws:cognito-identity:<region>:<account>:identitypool/<id>` → the pool, for the tag operations. */
function poolFromArn(ctx: Services, arn: string): StoredIdentityPool {
  const match = /^arn:aws[\w-]*:cognito-identity:[\w-]+:\d*:identitypool\/([\w-]+:[0-9a-f-]+)$/.exec(arn);
  if (!match) throw errors.invalidParameter(`Invalid resource ARN: ${arn}`);
  const stored = findIdentityPool(ctx, match[1]!);
  if (!stored) throw errors.resourceNotFound(`IdentityPool '${match[1]}' not found.`);
  return stored;
}

export const tagResource: Operation = (input, ctx) => {
  const stored = poolFromArn(ctx, reqStr(input, 'ResourceArn', ARN));
  const tags = optStrMap(input, 'Tags', TAGS);
  if (!tags) throw validationError('tags', 'Member must not be null', 'null');
  const merged = mergeTags(stored.pool.IdentityPoolTags, tags);
  if (!merged) throw errors.limitExceeded('A resource can have at most 50 tags.');
  ctx.store.put('identityPool', stored.pool.IdentityPoolId, { ...stored, pool: { ...stored.pool, IdentityPoolTags: merged } });
  return {};
};

export const untagResource: Operation = (input, ctx) => {
  const stored = poolFromArn(ctx, reqStr(input, 'ResourceArn', ARN));
  const keys = optStrList(input, 'TagKeys', { min: 1, max: 128, show: false }, 50);
  if (!keys) throw validationError('tagKeys', 'Member must not be null', 'null');
  const tags = removeTags(stored.pool.IdentityPoolTags, keys);
  ctx.store.put('identityPool', stored.pool.IdentityPoolId, { ...stored, pool: { ...stored.pool, IdentityPoolTags: tags } });
  return {};
};

export const listTagsForResource: Operation = (input, ctx) => {
  const stored = poolFromArn(ctx, reqStr(input, 'ResourceArn', ARN));
  return { Tags: stored.pool.IdentityPoolTags };
};
