/**
 * CreateUserPool, DescribeUserPool, UpdateUserPool, ListUserPools, DeleteUserPool.
 * Pools are stored in DescribeUserPool's shape with Cognito's defaults filled in.
 */
import type { Json, Operation, Services } from '../context.js';
import { errors } from '../errors.js';
import { DEFAULT_PASSWORD_POLICY, STANDARD_ATTRIBUTES, type SchemaAttribute, type UserPool } from '../model.js';
import { newPoolId } from '../services/ids.js';
import { getPool } from '../services/pools.js';
import { triggerReferenceProblem } from '../services/triggers.js';
import { notNull, optArray, optBool, optInt, optObject, optString, optStringList, reqString, POOL_ID_RULE } from '../validate.js';

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

function customSchema(list: unknown[] | undefined): SchemaAttribute[] {
  const out: SchemaAttribute[] = [];
  for (const raw of list ?? []) {
    if (typeof raw !== 'object' || raw === null) throw errors.invalidParameter('Invalid schema attribute');
    const item = raw as Json;
    const name = reqString(item, 'Name', { min: 1, max: 20, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u });
    const type = (optString(item, 'AttributeDataType', { values: ['String', 'Number', 'DateTime', 'Boolean'] }) ??
      'String') as SchemaAttribute['AttributeDataType'];
    const standard = STANDARD_ATTRIBUTES.find(a => a.Name === name);
    const attribute: SchemaAttribute = {
      Name: standard ? name : `custom:${name}`,
      AttributeDataType: standard ? standard.AttributeDataType : type,
      DeveloperOnlyAttribute: optBool(item, 'DeveloperOnlyAttribute') ?? false,
      Mutable: optBool(item, 'Mutable') ?? true,
      Required: optBool(item, 'Required') ?? false,
    };
    if (!standard && attribute.Required) throw errors.invalidParameter('Required custom attributes are not supported currently.');
    const sc = optObject(item, 'StringAttributeConstraints');
    if (attribute.AttributeDataType === 'String') {
      attribute.StringAttributeConstraints = { MinLength: (sc?.MinLength as string) ?? '0', MaxLength: (sc?.MaxLength as string) ?? '2048' };
    }
    const nc = optObject(item, 'NumberAttributeConstraints');
    if (nc) attribute.NumberAttributeConstraints = nc as SchemaAttribute['NumberAttributeConstraints'] & object;
    out.push(attribute);
  }
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
  const schemaInput = optArray(input, 'Schema', 50);
  const custom = customSchema(schemaInput);
  const schema = existing?.SchemaAttributes ?? [
    ...STANDARD_ATTRIBUTES.map(a => {
      const override = custom.find(c => c.Name === a.Name);
      return override ? { ...a, Required: override.Required, Mutable: override.Mutable } : a;
    }),
    ...custom.filter(c => c.Name.startsWith('custom:')),
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
  const max = notNull(optInt(input, 'MaxResults', 1, 60), 'MaxResults');
  const next = optString(input, 'NextToken', { min: 1, max: 1024 });
  const all = ctx.store.list<UserPool>('pool', '');
  const start = next ? all.findIndex(p => p.Id > next) : 0;
  const page = start < 0 ? [] : all.slice(start, start + max);
  const more = start >= 0 && start + max < all.length;
  return {
    UserPools: page.map(p => ({ Id: p.Id, Name: p.Name, LambdaConfig: p.LambdaConfig, LastModifiedDate: p.LastModifiedDate, CreationDate: p.CreationDate })),
    ...(more ? { NextToken: page[page.length - 1]!.Id } : {}),
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
    for (const kind of ['user', 'alias', 'family', 'message', 'group', 'groupMember', 'userGroup', 'importJob', 'poolSetting'] as const)
      ctx.store.deletePrefix(kind, `${pool.Id}/`);
    ctx.store.delete('pool', pool.Id);
  });
  ctx.keys.forget(pool.Id);
  return {};
};
