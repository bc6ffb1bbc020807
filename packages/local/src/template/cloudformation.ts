/**
 * A CloudFormation template (hand-written, or `cdk.out/*.template.json`) as a seed config: the
 * `AWS::Cognito::*` resources cognate-local emulates become `userPools` (with their clients, groups,
 * domain, identity providers, resource servers and users) and `identityPools`, with properties
 * mapped from CloudFormation's names to the API's. Every other resource is skipped: a Ref or
 * Fn::GetAtt to it gives a placeholder ARN, and the caller lists it in one line.
 *
 * CloudFormation makes ids at deploy time. Here they are derived from the stack name and logical
 * id, so the same template gives the same ids on every start (and a `--data` folder keeps its users).
 */
import { createHash } from 'node:crypto';
import type { LocalConfig, SeedPool, SeedUser } from '../config.js';
import { ConfigError, didYouMean } from '../config-validate.js';
import { newClientSecret } from '../services/ids.js';
import type { SeedIdentityPool } from '../identity/seed.js';
import { evaluateCondition, resolve, TemplateProblem, type Scope, type Target } from './intrinsics.js';

export interface TemplateOptions {
  /** The region of generated ids and of `AWS::Region` (default us-east-1). */
  region?: string;
  /** `AWS::AccountId` (default 000000000000, the account of cognate-local's ARNs). */
  accountId?: string;
  /** `AWS::StackName`, also part of generated ids (default: the template file's name, else `cognate-local`). */
  stackName?: string;
  /** Values for the template's Parameters (those without are taken from their Default). */
  parameters?: Record<string, string>;
}

/** A resource of a type cognate-local does not emulate. */
export interface SkippedResource {
  logicalId: string;
  type: string;
  /** A Ref or Fn::GetAtt to it was given a placeholder ARN. */
  referenced?: true;
}

export interface TemplateResult {
  config: LocalConfig;
  /** Resources left out (Lambda functions, IAM roles, …); a Ref to one gave a placeholder ARN. */
  skipped: SkippedResource[];
  /** Settings read but not honoured (e.g. a trigger pointing at a skipped Lambda function). */
  notes: string[];
  /** Where each seed entry came from, for messages: `userPools[0].clients[1]` → `Resources.WebClient`. */
  sources: Record<string, string>;
}

type Props = Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// Each resource type's properties as the CloudFormation reference lists them.
const PROPERTIES: Record<string, readonly string[]> = {
  'AWS::Cognito::UserPool': [
    'AccountRecoverySetting',
    'AdminCreateUserConfig',
    'AliasAttributes',
    'AutoVerifiedAttributes',
    'DeletionProtection',
    'DeviceConfiguration',
    'EmailAuthenticationMessage',
    'EmailAuthenticationSubject',
    'EmailConfiguration',
    'EmailVerificationMessage',
    'EmailVerificationSubject',
    'EnabledMfas',
    'LambdaConfig',
    'MfaConfiguration',
    'Policies',
    'Schema',
    'SmsAuthenticationMessage',
    'SmsConfiguration',
    'SmsVerificationMessage',
    'UserAttributeUpdateSettings',
    'UsernameAttributes',
    'UsernameConfiguration',
    'UserPoolAddOns',
    'UserPoolName',
    'UserPoolTags',
    'UserPoolTier',
    'VerificationMessageTemplate',
    'WebAuthnRelyingPartyID',
    'WebAuthnUserVerification',
  ],
  'AWS::Cognito::UserPoolClient': [
    'AccessTokenValidity',
    'AllowedOAuthFlows',
    'AllowedOAuthFlowsUserPoolClient',
    'AllowedOAuthScopes',
    'AnalyticsConfiguration',
    'AuthSessionValidity',
    'CallbackURLs',
    'ClientName',
    'DefaultRedirectURI',
    'EnablePropagateAdditionalUserContextData',
    'EnableTokenRevocation',
    'ExplicitAuthFlows',
    'GenerateSecret',
    'IdTokenValidity',
    'LogoutURLs',
    'PreventUserExistenceErrors',
    'ReadAttributes',
    'RefreshTokenRotation',
    'RefreshTokenValidity',
    'SupportedIdentityProviders',
    'TokenValidityUnits',
    'UserPoolId',
    'WriteAttributes',
  ],
  'AWS::Cognito::UserPoolGroup': ['Description', 'GroupName', 'Precedence', 'RoleArn', 'UserPoolId'],
  'AWS::Cognito::UserPoolDomain': ['CustomDomainConfig', 'Domain', 'ManagedLoginVersion', 'UserPoolId'],
  'AWS::Cognito::UserPoolIdentityProvider': ['AttributeMapping', 'IdpIdentifiers', 'ProviderDetails', 'ProviderName', 'ProviderType', 'UserPoolId'],
  'AWS::Cognito::UserPoolResourceServer': ['Identifier', 'Name', 'Scopes', 'UserPoolId'],
  'AWS::Cognito::UserPoolUser': [
    'ClientMetadata',
    'DesiredDeliveryMediums',
    'ForceAliasCreation',
    'MessageAction',
    'UserAttributes',
    'Username',
    'UserPoolId',
    'ValidationData',
  ],
  'AWS::Cognito::UserPoolUserToGroupAttachment': ['GroupName', 'Username', 'UserPoolId'],
  'AWS::Cognito::IdentityPool': [
    'AllowClassicFlow',
    'AllowUnauthenticatedIdentities',
    'CognitoEvents',
    'CognitoIdentityProviders',
    'CognitoStreams',
    'DeveloperProviderName',
    'IdentityPoolName',
    'IdentityPoolTags',
    'OpenIdConnectProviderARNs',
    'PushSync',
    'SamlProviderARNs',
    'SupportedLoginProviders',
  ],
  'AWS::Cognito::IdentityPoolRoleAttachment': ['IdentityPoolId', 'RoleMappings', 'Roles'],
};

/** Properties CloudFormation requires (the ones a local server needs too). */
const REQUIRED: Record<string, readonly string[]> = {
  'AWS::Cognito::UserPoolClient': ['UserPoolId'],
  'AWS::Cognito::UserPoolGroup': ['UserPoolId'],
  'AWS::Cognito::UserPoolDomain': ['Domain', 'UserPoolId'],
  'AWS::Cognito::UserPoolIdentityProvider': ['ProviderName', 'ProviderType', 'UserPoolId'],
  'AWS::Cognito::UserPoolResourceServer': ['Identifier', 'Name', 'UserPoolId'],
  'AWS::Cognito::UserPoolUser': ['UserPoolId', 'Username'],
  'AWS::Cognito::UserPoolUserToGroupAttachment': ['GroupName', 'Username', 'UserPoolId'],
  'AWS::Cognito::IdentityPool': ['AllowUnauthenticatedIdentities'],
  'AWS::Cognito::IdentityPoolRoleAttachment': ['IdentityPoolId'],
};

/** Resources CDK adds that mean nothing here, not worth a mention. */
const SILENT = new Set(['AWS::CDK::Metadata']);

/** Transforms that leave AWS::Cognito::* resources as they are. */
const HARMLESS_TRANSFORMS = new Set(['AWS::Serverless-2016-10-31']);

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters of `alphabet` derived from `seed` (stable: the same template gives the same ids). */
function derived(seed: string, alphabet: string, length: number): string {
  const bytes = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i % bytes.length]! % alphabet.length];
  return out;
}

function derivedUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[parseInt(hex[16]!, 16) % 4]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

interface Resource {
  logicalId: string;
  type: string;
  raw: Record<string, unknown>;
}

export function configFromCloudFormation(template: Record<string, unknown>, options: TemplateOptions = {}): TemplateResult {
  const region = options.region ?? 'us-east-1';
  const account = options.accountId ?? '000000000000';
  const stack = options.stackName ?? 'cognate-local';
  const problems: string[] = [];

  const transforms = [template.Transform].flat().filter(t => t !== undefined);
  for (const t of transforms) {
    if (typeof t !== 'string' || !HARMLESS_TRANSFORMS.has(t)) {
      problems.push(
        `Transform: ${typeof t === 'string' ? t : JSON.stringify(t)} cannot be honoured: a transform rewrites the template at deploy time; give cognate-local the processed template (e.g. from the CloudFormation console's "View processed template")`,
      );
    }
  }
  if (!isObject(template.Resources)) throw new TemplateProblem('Resources', 'a CloudFormation template needs a Resources object');
  const parameters = isObject(template.Parameters) ? template.Parameters : {};
  const conditions = isObject(template.Conditions) ? template.Conditions : {};
  const mappings = isObject(template.Mappings) ? template.Mappings : {};

  const resources = new Map<string, Resource>();
  for (const [logicalId, raw] of Object.entries(template.Resources)) {
    if (!isObject(raw) || typeof raw.Type !== 'string') {
      problems.push(`Resources.${logicalId}: a resource needs a Type`);
      continue;
    }
    resources.set(logicalId, { logicalId, type: raw.Type, raw });
  }

  const skipped: SkippedResource[] = [];
  const notes: string[] = [];
  /** Placeholder ARNs handed out for skipped resources, and whose they are. */
  const placeholders = new Map<string, string>();

  const conditionValues = new Map<string, boolean>();
  const conditionsInProgress = new Set<string>();
  const propsCache = new Map<string, Props>();
  const propsInProgress = new Set<string>();

  const scope: Scope = {
    mappings,
    condition(name, path) {
      const known = conditionValues.get(name);
      if (known !== undefined) return known;
      if (!(name in conditions)) throw new TemplateProblem(path, `the condition ${name} is not in Conditions`);
      if (conditionsInProgress.has(name)) throw new TemplateProblem(path, `the condition ${name} depends on itself`);
      conditionsInProgress.add(name);
      const value = evaluateCondition(conditions[name], `Conditions.${name}`, scope);
      conditionsInProgress.delete(name);
      conditionValues.set(name, value);
      return value;
    },
    target(name, path) {
      const pseudo = pseudoParameter(name);
      if (pseudo !== undefined) return { ref: () => pseudo, attribute: () => undefined };
      if (name in parameters) return { ref: () => parameterValue(name, path), attribute: () => undefined };
      const resource = resources.get(name);
      return resource ? resourceTarget(resource, path) : undefined;
    },
  };

  function pseudoParameter(name: string): unknown {
    switch (name) {
      case 'AWS::Region':
        return region;
      case 'AWS::AccountId':
        return account;
      case 'AWS::StackName':
        return stack;
      case 'AWS::StackId':
        return `arn:aws:cloudformation:${region}:${account}:stack/${stack}/${derivedUuid(`${stack}/stack`)}`;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::NotificationARNs':
        return [];
      default:
        return undefined;
    }
  }

  function parameterValue(name: string, path: string): unknown {
    const declared = parameters[name];
    const type = isObject(declared) && typeof declared.Type === 'string' ? declared.Type : 'String';
    const given = options.parameters?.[name];
    const value = given ?? (isObject(declared) ? declared.Default : undefined);
    if (value === undefined) throw new TemplateProblem(path, `the parameter ${name} has no Default; give it a value`);
    if (type.startsWith('AWS::SSM::Parameter::Value') && given === undefined)
      throw new TemplateProblem(path, `the parameter ${name} is read from SSM Parameter Store at deploy time; give it a value`);
    if (type === 'CommaDelimitedList' || type.startsWith('List<')) return Array.isArray(value) ? value : String(value).split(',');
    if (type === 'Number') return Number(value);
    return value;
  }

  function exists(resource: Resource, path: string): boolean {
    const condition = resource.raw.Condition;
    if (condition === undefined) return true;
    return scope.condition(String(condition), path);
  }

  function props(resource: Resource): Props {
    const cached = propsCache.get(resource.logicalId);
    if (cached) return cached;
    const path = `Resources.${resource.logicalId}.Properties`;
    if (propsInProgress.has(resource.logicalId)) throw new TemplateProblem(path, `${resource.logicalId} refers to itself (a circular Ref or Fn::GetAtt)`);
    propsInProgress.add(resource.logicalId);
    try {
      const raw = resource.raw.Properties ?? {};
      if (!isObject(raw)) throw new TemplateProblem(path, 'Properties must be an object');
      const known = PROPERTIES[resource.type] ?? [];
      for (const key of Object.keys(raw)) {
        if (!known.includes(key)) {
          const guess = didYouMean(key, known);
          throw new TemplateProblem(`${path}.${key}`, `${resource.type} has no property ${key}${guess ? `; did you mean ${guess}?` : ''}`);
        }
      }
      for (const key of REQUIRED[resource.type] ?? []) if (raw[key] === undefined) throw new TemplateProblem(path, `${resource.type} needs ${key}`);
      const resolved = resolve(raw, path, scope) as Props;
      propsCache.set(resource.logicalId, resolved);
      return resolved;
    } finally {
      propsInProgress.delete(resource.logicalId);
    }
  }

  const poolId = (r: Resource) => `${region}_${derived(`${stack}/${r.logicalId}/pool`, ALNUM, 9)}`;
  const clientId = (r: Resource) => derived(`${stack}/${r.logicalId}/client`, LOWER_ALNUM, 26);
  const identityPoolId = (r: Resource) => `${region}:${derivedUuid(`${stack}/${r.logicalId}/identity-pool`)}`;
  const secrets = new Map<string, string>();
  const clientSecret = (r: Resource) => {
    let secret = secrets.get(r.logicalId);
    if (!secret) {
      secret = newClientSecret();
      secrets.set(r.logicalId, secret);
    }
    return secret;
  };

  function resourceTarget(resource: Resource, path: string): Target {
    if (!exists(resource, path))
      throw new TemplateProblem(path, `${resource.logicalId} is not created: its condition ${String(resource.raw.Condition)} is false`);
    const p = () => props(resource);
    switch (resource.type) {
      case 'AWS::Cognito::UserPool': {
        const id = poolId(resource);
        const attrs: Record<string, () => unknown> = {
          Arn: () => `arn:aws:cognito-idp:${region}:${account}:userpool/${id}`,
          ProviderName: () => `cognito-idp.${region}.amazonaws.com/${id}`,
          ProviderURL: () => `https://cognito-idp.${region}.amazonaws.com/${id}`,
          UserPoolId: () => id,
        };
        return { ref: () => id, attribute: name => attrs[name]?.() };
      }
      case 'AWS::Cognito::UserPoolClient': {
        const id = clientId(resource);
        const attrs: Record<string, (at: string) => unknown> = {
          ClientId: () => id,
          Name: () => p().ClientName ?? resource.logicalId,
          ClientSecret: at => {
            if (p().GenerateSecret !== true) throw new TemplateProblem(at, `${resource.logicalId} has no secret (GenerateSecret is not true)`);
            return clientSecret(resource);
          },
        };
        return { ref: () => id, attribute: (name, at) => attrs[name]?.(at) };
      }
      case 'AWS::Cognito::IdentityPool': {
        const id = identityPoolId(resource);
        const attrs: Record<string, () => unknown> = { Id: () => id, Name: () => p().IdentityPoolName ?? resource.logicalId };
        return { ref: () => id, attribute: name => attrs[name]?.() };
      }
      case 'AWS::Cognito::UserPoolGroup':
        return { ref: () => p().GroupName ?? resource.logicalId, attribute: () => undefined };
      case 'AWS::Cognito::UserPoolDomain':
        return { ref: () => p().Domain, attribute: () => undefined };
      case 'AWS::Cognito::UserPoolIdentityProvider':
        return { ref: () => p().ProviderName, attribute: () => undefined };
      case 'AWS::Cognito::UserPoolResourceServer':
        return { ref: () => p().Identifier, attribute: () => undefined };
      case 'AWS::Cognito::UserPoolUser':
        return { ref: () => p().Username, attribute: () => undefined };
      case 'AWS::Cognito::IdentityPoolRoleAttachment':
        return { ref: () => p().IdentityPoolId, attribute: () => undefined };
      case 'AWS::Cognito::UserPoolUserToGroupAttachment':
        return { ref: () => resource.logicalId, attribute: () => undefined };
      default: {
        // A resource cognate-local does not emulate: a placeholder ARN, named in the start-up line.
        const [, service = 'unknown', kind = 'resource'] = resource.type.split('::');
        const arn =
          service === 'IAM'
            ? `arn:aws:iam::${account}:${kind.toLowerCase()}/${resource.logicalId}`
            : service === 'Lambda' && kind === 'Function'
              ? `arn:aws:lambda:${region}:${account}:function:${resource.logicalId}`
              : `arn:aws:${service.toLowerCase()}:${region}:${account}:${kind.toLowerCase()}/${resource.logicalId}`;
        placeholders.set(arn, resource.logicalId);
        return { ref: () => arn, attribute: name => (name === 'Arn' ? arn : `${resource.logicalId}-${name}`) };
      }
    }
  }

  // Build the seed: pools first, then what hangs off them, then identity pools.
  const pools = new Map<string, SeedPool>();
  const origin = new Map<object, string>();
  const identityPools = new Map<string, SeedIdentityPool>();
  const ordered = [...resources.values()];
  const byType = (type: string) => ordered.filter(r => r.type === type);
  // A resource whose pool had a problem is left out without a second message about that pool.
  const failed = new Set<string>();
  class AlreadyReported extends Error {}
  const attempt = (resource: Resource, fn: () => void) => {
    try {
      if (!exists(resource, `Resources.${resource.logicalId}.Condition`)) return;
      fn();
    } catch (error) {
      if (resource.type === 'AWS::Cognito::UserPool') failed.add(poolId(resource));
      if (resource.type === 'AWS::Cognito::IdentityPool') failed.add(identityPoolId(resource));
      if (error instanceof TemplateProblem) problems.push(error.message);
      else if (!(error instanceof AlreadyReported)) throw error;
    }
  };
  const poolOf = (resource: Resource, value: unknown): SeedPool => {
    const pool = typeof value === 'string' ? pools.get(value) : undefined;
    if (typeof value === 'string' && failed.has(value)) throw new AlreadyReported();
    if (!pool)
      throw new TemplateProblem(
        `Resources.${resource.logicalId}.Properties.UserPoolId`,
        `${JSON.stringify(value)} is not a user pool of this template (use Ref to an AWS::Cognito::UserPool resource)`,
      );
    return pool;
  };

  for (const resource of ordered) {
    if (resource.type.startsWith('AWS::Cognito::') && PROPERTIES[resource.type]) continue;
    if (SILENT.has(resource.type)) continue;
    skipped.push({ logicalId: resource.logicalId, type: resource.type });
  }

  for (const r of byType('AWS::Cognito::UserPool')) {
    attempt(r, () => {
      const {
        UserPoolName,
        EnabledMfas,
        EmailAuthenticationMessage,
        EmailAuthenticationSubject,
        WebAuthnRelyingPartyID,
        WebAuthnUserVerification,
        LambdaConfig,
        ...rest
      } = props(r);
      const pool: SeedPool = { Id: poolId(r), PoolName: typeof UserPoolName === 'string' ? UserPoolName : r.logicalId, ...rest };
      if (isObject(LambdaConfig)) {
        const kept: Props = {};
        for (const [name, value] of Object.entries(LambdaConfig)) {
          const arn = isObject(value) ? value.LambdaArn : value;
          const skippedBy = typeof arn === 'string' ? placeholders.get(arn) : undefined;
          if (skippedBy)
            notes.push(`${r.logicalId}: LambdaConfig.${name} (${skippedBy}) is left out: cognate-local runs triggers from local modules (--triggers)`);
          else kept[name] = value;
        }
        if (Object.keys(kept).length) pool.LambdaConfig = kept;
      }
      // EnabledMfas and the WebAuthn / email-OTP settings are SetUserPoolMfaConfig's in the API.
      const mfa: Props = {};
      if (Array.isArray(EnabledMfas)) {
        if (EnabledMfas.includes('SMS_MFA'))
          mfa.SmsMfaConfiguration = {
            ...(rest.SmsAuthenticationMessage ? { SmsAuthenticationMessage: rest.SmsAuthenticationMessage } : {}),
            ...(rest.SmsConfiguration ? { SmsConfiguration: rest.SmsConfiguration } : {}),
          };
        mfa.SoftwareTokenMfaConfiguration = { Enabled: EnabledMfas.includes('SOFTWARE_TOKEN_MFA') };
        if (EnabledMfas.includes('EMAIL_OTP'))
          mfa.EmailMfaConfiguration = {
            ...(EmailAuthenticationMessage ? { Message: EmailAuthenticationMessage } : {}),
            ...(EmailAuthenticationSubject ? { Subject: EmailAuthenticationSubject } : {}),
          };
      }
      if (WebAuthnRelyingPartyID !== undefined || WebAuthnUserVerification !== undefined) {
        mfa.WebAuthnConfiguration = {
          ...(WebAuthnRelyingPartyID !== undefined ? { RelyingPartyId: WebAuthnRelyingPartyID } : {}),
          ...(WebAuthnUserVerification !== undefined ? { UserVerification: WebAuthnUserVerification } : {}),
        };
      }
      if (Object.keys(mfa).length) pool.mfaConfig = mfa;
      pools.set(pool.Id!, pool);
      origin.set(pool, r.logicalId);
    });
  }

  for (const r of byType('AWS::Cognito::UserPoolClient')) {
    attempt(r, () => {
      const { UserPoolId, ClientName, ...rest } = props(r);
      const pool = poolOf(r, UserPoolId);
      const client: Props = { ClientId: clientId(r), ClientName: typeof ClientName === 'string' ? ClientName : r.logicalId, ...rest };
      if (rest.GenerateSecret === true) client.ClientSecret = clientSecret(r);
      pool.clients ??= [];
      pool.clients.push(client);
      origin.set(client, r.logicalId);
    });
  }

  for (const r of byType('AWS::Cognito::UserPoolDomain')) {
    attempt(r, () => {
      const { UserPoolId, Domain, CustomDomainConfig } = props(r);
      const pool = poolOf(r, UserPoolId);
      if (pool.Domain) {
        notes.push(
          `${r.logicalId}: ${pool.PoolName} already has the domain ${pool.Domain}; ${String(Domain)} is left out (one hosted-UI domain per pool locally)`,
        );
        return;
      }
      pool.Domain = String(Domain);
      if (CustomDomainConfig) notes.push(`${r.logicalId}: the custom domain ${String(Domain)} is served by cognate-local's own origin`);
    });
  }

  for (const r of byType('AWS::Cognito::UserPoolResourceServer')) {
    attempt(r, () => {
      const { UserPoolId, ...rest } = props(r);
      const target = poolOf(r, UserPoolId);
      target.resourceServers ??= [];
      target.resourceServers.push(rest);
    });
  }

  for (const r of byType('AWS::Cognito::UserPoolIdentityProvider')) {
    attempt(r, () => {
      const { UserPoolId, ...rest } = props(r);
      const target = poolOf(r, UserPoolId);
      target.identityProviders ??= [];
      target.identityProviders.push(rest);
    });
  }

  for (const r of byType('AWS::Cognito::UserPoolGroup')) {
    attempt(r, () => {
      const { UserPoolId, GroupName, ...rest } = props(r);
      const target = poolOf(r, UserPoolId);
      target.groups ??= [];
      target.groups.push({ GroupName: typeof GroupName === 'string' ? GroupName : r.logicalId, ...rest });
    });
  }

  for (const r of byType('AWS::Cognito::UserPoolUser')) {
    attempt(r, () => {
      const { UserPoolId, Username, UserAttributes, MessageAction, DesiredDeliveryMediums } = props(r);
      const user: SeedUser = {
        Username: String(Username),
        Status: 'FORCE_CHANGE_PASSWORD',
        ...(Array.isArray(UserAttributes) ? { Attributes: UserAttributes as Array<{ Name: string; Value: string }> } : {}),
        // As AdminCreateUser: a temporary password is delivered (to /_local/messages) unless SUPPRESS.
        ...(MessageAction === 'SUPPRESS' ? {} : { Invite: true }),
        ...(Array.isArray(DesiredDeliveryMediums) ? { DesiredDeliveryMediums: DesiredDeliveryMediums as string[] } : {}),
      };
      if (MessageAction === 'SUPPRESS')
        notes.push(`${r.logicalId}: MessageAction SUPPRESS: ${user.Username} gets no temporary password (set one with AdminSetUserPassword)`);
      const target = poolOf(r, UserPoolId);
      target.users ??= [];
      target.users.push(user);
      origin.set(user, r.logicalId);
    });
  }

  for (const r of byType('AWS::Cognito::UserPoolUserToGroupAttachment')) {
    attempt(r, () => {
      const { UserPoolId, Username, GroupName } = props(r);
      const pool = poolOf(r, UserPoolId);
      const user = pool.users?.find(u => u.Username === Username);
      if (!user)
        throw new TemplateProblem(
          `Resources.${r.logicalId}.Properties.Username`,
          `${JSON.stringify(Username)} is not a user of this template's pool (add an AWS::Cognito::UserPoolUser)`,
        );
      user.Groups ??= [];
      user.Groups.push(String(GroupName));
    });
  }

  for (const r of byType('AWS::Cognito::IdentityPool')) {
    attempt(r, () => {
      const { IdentityPoolName, CognitoIdentityProviders, IdentityPoolTags, CognitoEvents, CognitoStreams, PushSync, ...rest } = props(r);
      const pool: SeedIdentityPool = {
        IdentityPoolId: identityPoolId(r),
        IdentityPoolName: typeof IdentityPoolName === 'string' ? IdentityPoolName : r.logicalId,
        ...rest,
        // Without providers in the template, the pool has none (the seed would otherwise link every client).
        CognitoIdentityProviders: (Array.isArray(CognitoIdentityProviders) ? CognitoIdentityProviders : []) as SeedIdentityPool['CognitoIdentityProviders'],
      };
      if (Array.isArray(IdentityPoolTags))
        pool.IdentityPoolTags = Object.fromEntries(IdentityPoolTags.filter(isObject).map(t => [String(t.Key), String(t.Value)]));
      for (const [name, value] of Object.entries({ CognitoEvents, CognitoStreams, PushSync }))
        if (value !== undefined) notes.push(`${r.logicalId}: ${name} is not emulated (Cognito Sync)`);
      identityPools.set(pool.IdentityPoolId!, pool);
      origin.set(pool, r.logicalId);
    });
  }

  for (const r of byType('AWS::Cognito::IdentityPoolRoleAttachment')) {
    attempt(r, () => {
      const { IdentityPoolId, Roles, RoleMappings } = props(r);
      const pool = typeof IdentityPoolId === 'string' ? identityPools.get(IdentityPoolId) : undefined;
      if (typeof IdentityPoolId === 'string' && failed.has(IdentityPoolId)) throw new AlreadyReported();
      if (!pool)
        throw new TemplateProblem(
          `Resources.${r.logicalId}.Properties.IdentityPoolId`,
          `${JSON.stringify(IdentityPoolId)} is not an identity pool of this template (use Ref to an AWS::Cognito::IdentityPool resource)`,
        );
      if (isObject(Roles)) pool.Roles = Object.fromEntries(Object.entries(Roles).map(([k, v]) => [k, String(v)]));
      if (isObject(RoleMappings)) {
        // CloudFormation keys each mapping by any name and names the provider inside; the API keys them by provider.
        pool.RoleMappings = Object.fromEntries(
          Object.entries(RoleMappings).map(([key, m]) => {
            const { IdentityProvider, ...mapping } = isObject(m) ? m : {};
            return [typeof IdentityProvider === 'string' ? IdentityProvider : key, mapping];
          }),
        );
      }
    });
  }

  if (problems.length) throw new ConfigError(problems);
  // A template synthesised for one region may name it in literals (CDK writes `cognito-idp.<region>.`).
  const seeded = { userPools: [...pools.values()], identityPools: [...identityPools.values()] };
  const named = new Set([...JSON.stringify(seeded).matchAll(/cognito-idp\.([a-z]{2}(?:-[a-z]+)+-\d)\./g)].map(m => m[1]!));
  for (const other of named)
    if (other !== region)
      notes.push(`the template names the region ${other}, but ids are made in ${region}: start with --region ${other} (or the region option)`);
  const referenced = new Set(placeholders.values());
  const sources: Record<string, string> = {};
  const from = (path: string, entry: object) => {
    const id = origin.get(entry);
    if (id) sources[path] = `Resources.${id}`;
  };
  [...pools.values()].forEach((pool, i) => {
    from(`userPools[${i}]`, pool);
    pool.clients?.forEach((client, j) => {
      from(`userPools[${i}].clients[${j}]`, client);
    });
    pool.users?.forEach((user, j) => {
      from(`userPools[${i}].users[${j}]`, user);
    });
  });
  [...identityPools.values()].forEach((pool, i) => {
    from(`identityPools[${i}]`, pool);
  });
  return {
    config: { region, userPools: [...pools.values()], identityPools: [...identityPools.values()] },
    skipped: skipped.map(s => (referenced.has(s.logicalId) ? { ...s, referenced: true } : s)),
    notes,
    sources,
  };
}
