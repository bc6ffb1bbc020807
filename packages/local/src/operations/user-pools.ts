/**
 * CreateUserPool, DescribeUserPool, UpdateUserPool, ListUserPools, DeleteUserPool.
 * Pools are stored in DescribeUserPool's shape with Cognito's defaults filled in.
 */
import type { Json, Operation, Services } from '../context.js';
import { errors } from '../errors.js';
import { DEFAULT_PASSWORD_POLICY, STANDARD_ATTRIBUTES, type SchemaAttribute, type UserPool } from '../model.js';
import { newPoolId } from '../services/ids.js';
import { pageOf, readPaging } from '../paging.js';
import { getPool } from '../services/pools.js';
import { readTags } from './tags.js';
import { triggerReferenceProblem } from '../services/triggers.js';
import { notNull, optArray, optBool, optInt, optObject, optString, optStringList, reqString, POOL_ID_RULE } from '../validate.js';
import { deletePoolRecords } from '../services/pool-records.js';

const VERIFIABLE = ['email', 'phone_number'] as const;
const ALIASES = ['email', 'phone_number', 'preferred_username'] as const;

function passwordPolicy(input: Json | undefined): UserPool['Policies']['PasswordPolicy'] {
  const p = input ?? {};
  const policy = {
    MinimumLength: optInt(p, 'MinimumLength', 6, 99) ?? DEFAULT_PASSWORD_POLICY.MinimumLength,
    RequireUppercase: optBool(p, 'RequireUppercase') ?? (input ? false : true),
    RequireLowercase: optBool(p, 'RequireLowercase') ?? (input ? false : true),
    RequireNumbers: optBool(p, 'RequireNumbers') ?? (input ? false : true),
    RequireSymbols: optBool(p, 'RequireSymbols') ?? (input ? false : true),
    TemporaryPasswordValidityDays: optInt(p, 'TemporaryPasswordValidityDays', 0, 365) ?? 7,
  };
  const history = optInt(p, 'PasswordHistorySize', 0, 24);
  return history !== undefined ? { ...policy, PasswordHistorySize: history } : policy;
}

const DATA_TYPES = ['String', 'Number', 'DateTime', 'Boolean'] as const;
const NAME_RULE = { min: 1, max: 20, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, patternText: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' };
/** Cognito's limit on the custom attributes of a pool. */
export const MAX_CUSTOM_ATTRIBUTES = 50;

/** A `MinLength`/`MaxLength` (a whole number 0–2048) or `MinValue`/`MaxValue` (a number), as Cognito takes them: strings. */
function bound(owner: Json, member: string, where: string, length: boolean): string | undefined {
  const raw = owner[member];
  if (raw === undefined || raw === null) return undefined;
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string' || !(length ? /^\d+$/ : /^-?\d+(\.\d+)?$/).test(text.trim())) {
    throw errors.invalidParameter(`Invalid ${where}: ${member} must be ${length ? 'a non-negative whole number' : 'a number'}.`);
  }
  if (length && Number(text) > 2048) throw errors.invalidParameter(`Invalid ${where}: ${member} must not be greater than 2048.`);
  return text.trim();
}

function constraints(item: Json, attribute: SchemaAttribute): void {
  const sc = optObject(item, 'StringAttributeConstraints');
  if (sc && attribute.AttributeDataType === 'String') {
    const min = bound(sc, 'MinLength', 'StringAttributeConstraints', true) ?? attribute.StringAttributeConstraints?.MinLength ?? '0';
    const max = bound(sc, 'MaxLength', 'StringAttributeConstraints', true) ?? attribute.StringAttributeConstraints?.MaxLength ?? '2048';
    if (Number(min) > Number(max))
      throw errors.invalidParameter(`Invalid StringAttributeConstraints for ${attribute.Name}: MinLength is greater than MaxLength.`);
    attribute.StringAttributeConstraints = { MinLength: min, MaxLength: max };
  } else if (attribute.AttributeDataType === 'String' && !attribute.StringAttributeConstraints) {
    attribute.StringAttributeConstraints = { MinLength: '0', MaxLength: '2048' };
  }
  const nc = optObject(item, 'NumberAttributeConstraints');
  if (nc && attribute.AttributeDataType === 'Number') {
    const min = bound(nc, 'MinValue', 'NumberAttributeConstraints', false);
    const max = bound(nc, 'MaxValue', 'NumberAttributeConstraints', false);
    if (min !== undefined && max !== undefined && Number(min) > Number(max)) {
      throw errors.invalidParameter(`Invalid NumberAttributeConstraints for ${attribute.Name}: MinValue is greater than MaxValue.`);
    }
    attribute.NumberAttributeConstraints = { ...(min !== undefined ? { MinValue: min } : {}), ...(max !== undefined ? { MaxValue: max } : {}) };
  }
}

/**
 * SchemaAttributeType entries as Cognito checks them (CreateUserPool's Schema, AddCustomAttributes):
 * a standard attribute (only in a Schema) keeps its data type and is never developer-only; a custom
 * one needs an AttributeDataType, cannot be required, and is named `custom:<name>`, or
 * `dev:custom:<name>` when DeveloperOnlyAttribute. Lengths are whole numbers up to 2048, min ≤ max.
 */
export function schemaAttributes(list: unknown[], options: { standardAllowed: boolean }): SchemaAttribute[] {
  const out: SchemaAttribute[] = [];
  for (const raw of list) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw errors.invalidParameter('Invalid schema attribute');
    const item = raw as Json;
    const name = reqString(item, 'Name', NAME_RULE);
    const given = optString(item, 'AttributeDataType');
    if (given !== undefined && !(DATA_TYPES as readonly string[]).includes(given)) {
      throw errors.invalidParameter('Invalid AttributeDataType input, consider using the provided AttributeDataType enum.');
    }
    const developerOnly = optBool(item, 'DeveloperOnlyAttribute') ?? false;
    const standard = options.standardAllowed ? STANDARD_ATTRIBUTES.find(a => a.Name === name) : undefined;
    let attribute: SchemaAttribute;
    if (standard) {
      if (given !== undefined && given !== standard.AttributeDataType) {
        throw errors.invalidParameter('Invalid AttributeDataType input, consider using the provided AttributeDataType enum.');
      }
      if (developerOnly) throw errors.invalidParameter(`DeveloperOnlyAttribute cannot be set on the standard attribute ${name}.`);
      attribute = structuredClone(standard);
      attribute.Mutable = optBool(item, 'Mutable') ?? standard.Mutable;
      attribute.Required = optBool(item, 'Required') ?? standard.Required;
    } else {
      if (given === undefined) throw errors.invalidParameter('Invalid AttributeDataType input, consider using the provided AttributeDataType enum.');
      if (optBool(item, 'Required')) throw errors.invalidParameter('Required custom attributes are not supported currently.');
      attribute = {
        Name: `${developerOnly ? 'dev:' : ''}custom:${name}`,
        AttributeDataType: given as SchemaAttribute['AttributeDataType'],
        DeveloperOnlyAttribute: developerOnly,
        Mutable: optBool(item, 'Mutable') ?? true,
        Required: false,
      };
    }
    constraints(item, attribute);
    if (out.some(a => a.Name === attribute.Name)) throw errors.invalidParameter(`${attribute.Name}: Existing attribute already has name ${attribute.Name}.`);
    out.push(attribute);
  }
  const custom = out.filter(a => !STANDARD_ATTRIBUTES.some(s => s.Name === a.Name));
  if (custom.length > MAX_CUSTOM_ATTRIBUTES) throw errors.invalidParameter(`A user pool can have at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes.`);
  return out;
}

const TRIGGERS = [
  'PreSignUp',
  'CustomMessage',
  'PostConfirmation',
  'PreAuthentication',
  'PostAuthentication',
  'DefineAuthChallenge',
  'CreateAuthChallenge',
  'VerifyAuthChallengeResponse',
  'PreTokenGeneration',
  'UserMigration',
] as const;
const VERSIONED_TRIGGERS = ['PreTokenGenerationConfig', 'CustomSMSSender', 'CustomEmailSender', 'InboundFederation'] as const;

/**
 * LambdaConfig as stored: only its known members, each a string, and every trigger a Lambda ARN or
 * a module path inside the trigger folder (services/triggers.ts); anything else is refused here.
 */
function lambdaConfig(ctx: Services, input: Json | undefined): Json | undefined {
  if (!input) return undefined;
  const out: Json = {};
  const trigger = (owner: Json, name: string, shown: string) => {
    const ref = optString(owner, name, { min: 1, max: 2048 });
    const problem = ref === undefined ? undefined : triggerReferenceProblem(ref, ctx.triggerBaseDir);
    if (problem) throw errors.invalidParameter(`Invalid ${shown}: ${problem}.`);
    return ref;
  };
  for (const name of TRIGGERS) {
    const ref = trigger(input, name, name);
    if (ref !== undefined) out[name] = ref;
  }
  for (const name of VERSIONED_TRIGGERS) {
    const config = optObject(input, name);
    if (!config) continue;
    const version = optString(config, 'LambdaVersion', { min: 1, max: 16 });
    const ref = trigger(config, 'LambdaArn', `${name}.LambdaArn`);
    out[name] = { ...(version !== undefined ? { LambdaVersion: version } : {}), ...(ref !== undefined ? { LambdaArn: ref } : {}) };
  }
  const kms = optString(input, 'KMSKeyID', { min: 1, max: 2048 });
  if (kms !== undefined) out.KMSKeyID = kms;
  return out;
}

function buildPool(ctx: Services, input: Json, existing?: UserPool): UserPool {
  const now = ctx.clock.now();
  const id = existing?.Id ?? optString(input, 'Id', POOL_ID_RULE) ?? newPoolId(ctx.region);
  const usernameAttributes = optStringList(input, 'UsernameAttributes', ['email', 'phone_number']);
  const aliasAttributes = optStringList(input, 'AliasAttributes', ALIASES);
  if (usernameAttributes?.length && aliasAttributes?.length) {
    throw errors.invalidParameter('Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.');
  }
  const policies = optObject(input, 'Policies');
  // UpdateUserPool has no Schema member: a pool's schema grows only through AddCustomAttributes.
  const given = existing ? [] : schemaAttributes(optArray(input, 'Schema', 70) ?? [], { standardAllowed: true });
  const schema = existing?.SchemaAttributes ?? [
    ...STANDARD_ATTRIBUTES.map(a => given.find(c => c.Name === a.Name) ?? a),
    ...given.filter(c => !STANDARD_ATTRIBUTES.some(a => a.Name === c.Name)),
  ];
  const mfa = (optString(input, 'MfaConfiguration', { values: ['OFF', 'ON', 'OPTIONAL'] }) ??
    existing?.MfaConfiguration ??
    'OFF') as UserPool['MfaConfiguration'];
  const usernameConfig = optObject(input, 'UsernameConfiguration');
  const adminCreate = optObject(input, 'AdminCreateUserConfig');
  const pool: UserPool = {
    ...(existing ?? {}),
    ...pick(input, [
      'EmailConfiguration',
      'SmsConfiguration',
      'DeviceConfiguration',
      'UserAttributeUpdateSettings',
      'AccountRecoverySetting',
      'VerificationMessageTemplate',
      'EmailVerificationMessage',
      'EmailVerificationSubject',
      'SmsVerificationMessage',
      'SmsAuthenticationMessage',
      'UserPoolAddOns',
      'UserPoolTags',
      'UserPoolTier',
      'SmsConfiguration',
    ]),
    // A string, which pick() leaves out: kept as given (the session operations refuse LITE).
    ...(input.UserPoolTier !== undefined ? { UserPoolTier: optString(input, 'UserPoolTier', { values: ['LITE', 'ESSENTIALS', 'PLUS'] }) } : {}),
    Id: id,
    Name: existing?.Name ?? reqString(input, 'PoolName', { min: 1, max: 128, pattern: /^[\w\s+=,.@-]+$/, patternText: '[\\w\\s+=,.@-]+' }),
    Arn: `arn:aws:cognito-idp:${ctx.region}:000000000000:userpool/${id}`,
    CreationDate: existing?.CreationDate ?? now,
    LastModifiedDate: now,
    Policies: {
      PasswordPolicy:
        policies?.PasswordPolicy !== undefined || !existing ? passwordPolicy(optObject(policies ?? {}, 'PasswordPolicy')) : existing.Policies.PasswordPolicy,
      ...(optObject(policies ?? {}, 'SignInPolicy')
        ? {
            SignInPolicy: {
              AllowedFirstAuthFactors: optStringList(optObject(policies!, 'SignInPolicy')!, 'AllowedFirstAuthFactors', [
                'PASSWORD',
                'EMAIL_OTP',
                'SMS_OTP',
                'WEB_AUTHN',
              ]) ?? ['PASSWORD'],
            },
          }
        : existing?.Policies.SignInPolicy
          ? { SignInPolicy: existing.Policies.SignInPolicy }
          : {}),
    },
    DeletionProtection: (optString(input, 'DeletionProtection', { values: ['ACTIVE', 'INACTIVE'] }) ??
      existing?.DeletionProtection ??
      'INACTIVE') as UserPool['DeletionProtection'],
    LambdaConfig: lambdaConfig(ctx, optObject(input, 'LambdaConfig')) ?? existing?.LambdaConfig ?? {},
    SchemaAttributes: schema,
    UsernameConfiguration: {
      CaseSensitive: (usernameConfig ? optBool(usernameConfig, 'CaseSensitive') : undefined) ?? existing?.UsernameConfiguration.CaseSensitive ?? true,
    },
    MfaConfiguration: mfa,
    EstimatedNumberOfUsers: existing?.EstimatedNumberOfUsers ?? 0,
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly:
        (adminCreate ? optBool(adminCreate, 'AllowAdminCreateUserOnly') : undefined) ?? existing?.AdminCreateUserConfig.AllowAdminCreateUserOnly ?? false,
      UnusedAccountValidityDays: 7,
    },
  };
  const tags = readTags(input, 'UserPoolTags');
  if (tags) pool.UserPoolTags = tags;
  const autoVerified = optStringList(input, 'AutoVerifiedAttributes', VERIFIABLE) ?? existing?.AutoVerifiedAttributes;
  if (autoVerified) pool.AutoVerifiedAttributes = autoVerified;
  else delete pool.AutoVerifiedAttributes;
  if (!existing) {
    if (usernameAttributes?.length) pool.UsernameAttributes = usernameAttributes;
    if (aliasAttributes?.length) pool.AliasAttributes = aliasAttributes;
  }
  if (mfa !== 'OFF') pool.MfaConfiguration = mfa;
  return pool;
}

function pick(input: Json, names: string[]): Json {
  const out: Json = {};
  for (const n of names) if (input[n] !== undefined && typeof input[n] === 'object') out[n] = input[n];
  return out;
}

function describe(ctx: Services, pool: UserPool): UserPool {
  return { ...pool, EstimatedNumberOfUsers: ctx.store.count('user', `${pool.Id}/`) };
}

export const createUserPool: Operation = (input, ctx) => {
  const pool = buildPool(ctx, input);
  if (ctx.store.get('pool', pool.Id)) throw errors.invalidParameter(`User pool ${pool.Id} already exists.`);
  ctx.store.put('pool', pool.Id, pool);
  return { UserPool: pool };
};

export const describeUserPool: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  return { UserPool: describe(ctx, pool) };
};

export const updateUserPool: Operation = (input, ctx) => {
  const existing = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  ctx.store.put('pool', existing.Id, buildPool(ctx, input, existing));
  return {};
};

export const listUserPools: Operation = (input, ctx) => {
  const paging = readPaging(input, { limit: 'MaxResults', min: 1, max: 60, fallback: 60, required: true, token: 'NextToken' });
  const { items, next } = pageOf(ctx.store.list<UserPool>('pool', ''), p => p.Id, paging, 'ListUserPools');
  return {
    UserPools: items.map(p => ({ Id: p.Id, Name: p.Name, LambdaConfig: p.LambdaConfig, LastModifiedDate: p.LastModifiedDate, CreationDate: p.CreationDate })),
    ...(next ? { NextToken: next } : {}),
  };
};

export const deleteUserPool: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  if (pool.DeletionProtection === 'ACTIVE') {
    throw errors.invalidParameter(
      `The user pool ${pool.Id} cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.`,
    );
  }
  ctx.store.transaction(() => {
    for (const client of ctx.store.list<{ ClientId: string; UserPoolId: string }>('client', '')) {
      if (client.UserPoolId === pool.Id) ctx.store.delete('client', client.ClientId);
    }
    for (const kind of [
      'user',
      'alias',
      'family',
      'message',
      'group',
      'groupMember',
      'userGroup',
      'providerLink',
      'authEvent',
      'risk',
      'importJob',
      'poolSetting',
    ] as const)
      ctx.store.deletePrefix(kind, `${pool.Id}/`);
    deletePoolRecords(ctx, pool.Id);
    ctx.store.delete('pool', pool.Id);
  });
  ctx.keys.forget(pool.Id);
  return {};
};

export const addCustomAttributes: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const list = notNull(optArray(input, 'CustomAttributes', 25), 'CustomAttributes');
  if (list.length < 1)
    throw errors.invalidParameter(
      "1 validation error detected: Value '[]' at 'customAttributes' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  const added = schemaAttributes(list, { standardAllowed: false });
  for (const attribute of added) {
    if (pool.SchemaAttributes.some(a => a.Name === attribute.Name)) {
      throw errors.invalidParameter(`${attribute.Name}: Existing attribute already has name ${attribute.Name}.`);
    }
  }
  const isCustom = (a: SchemaAttribute) => !STANDARD_ATTRIBUTES.some(s => s.Name === a.Name);
  if (pool.SchemaAttributes.filter(isCustom).length + added.length > MAX_CUSTOM_ATTRIBUTES) {
    throw errors.invalidParameter(`A user pool can have at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes.`);
  }
  ctx.store.put('pool', pool.Id, { ...pool, SchemaAttributes: [...pool.SchemaAttributes, ...added], LastModifiedDate: ctx.clock.now() });
  return {};
};
