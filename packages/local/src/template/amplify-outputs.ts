/**
 * An Amplify Gen 2 `amplify_outputs.json` as a seed config: a user pool, app client and identity
 * pool with the file's own ids, so an app's existing outputs work unchanged against cognate-local
 * (with the endpoint added). Its `auth` section carries the pool's sign-up attributes, username
 * attributes, password policy, MFA, verification, OAuth (domain, scopes, redirect URIs, providers)
 * and groups; each is mapped to the CreateUserPool / CreateUserPoolClient input that gives it.
 */
import type { LocalConfig, SeedPool } from '../config.js';
import { ConfigError } from '../config-validate.js';
import type { Json } from '../context.js';
import type { SeedIdentityPool } from '../identity/seed.js';
import type { TemplateResult } from './cloudformation.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether `value` looks like amplify_outputs.json (Gen 2): an `auth` section with `user_pool_id`. */
export function isAmplifyOutputs(value: unknown): boolean {
  return isObject(value) && isObject(value.auth) && typeof value.auth.user_pool_id === 'string';
}

/** Gen 2's provider names → Cognito's. */
const PROVIDERS: Record<string, string> = {
  GOOGLE: 'Google',
  FACEBOOK: 'Facebook',
  LOGIN_WITH_AMAZON: 'LoginWithAmazon',
  SIGN_IN_WITH_APPLE: 'SignInWithApple',
};

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function configFromAmplifyOutputs(outputs: Record<string, unknown>): TemplateResult {
  const auth = outputs.auth as Record<string, unknown>;
  const problems: string[] = [];
  const str = (key: string): string | undefined => {
    const v = auth[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !v) problems.push(`auth.${key} must be a non-empty string`);
    return typeof v === 'string' ? v : undefined;
  };
  const poolId = str('user_pool_id')!;
  const clientId = str('user_pool_client_id');
  if (!clientId) problems.push('auth.user_pool_client_id is required');
  const region = str('aws_region') ?? poolId.split('_')[0]!;
  const notes: string[] = [];

  const usernameAttributes = strings(auth.username_attributes)
    .map(a => a.toLowerCase())
    .filter(a => a === 'email' || a === 'phone_number');
  const verified = strings(auth.user_verification_types)
    .map(a => a.toLowerCase())
    .filter(a => a === 'email' || a === 'phone_number');
  const policy = isObject(auth.password_policy) ? auth.password_policy : undefined;
  const mfaMode = typeof auth.mfa_configuration === 'string' ? auth.mfa_configuration.toUpperCase() : 'NONE';
  const mfaMethods = strings(auth.mfa_methods).map(m => m.toUpperCase());
  const pool: SeedPool = {
    Id: poolId,
    PoolName: `amplify-${poolId.replace(/^[^_]*_/, '')}`,
    ...(usernameAttributes.length ? { UsernameAttributes: usernameAttributes } : {}),
    ...(verified.length ? { AutoVerifiedAttributes: verified } : {}),
    Schema: strings(auth.standard_required_attributes).map(Name => ({ Name, AttributeDataType: 'String', Required: true, Mutable: true })),
    MfaConfiguration: mfaMode === 'REQUIRED' ? 'ON' : mfaMode === 'OPTIONAL' ? 'OPTIONAL' : 'OFF',
  };
  if (policy) {
    pool.Policies = {
      PasswordPolicy: {
        ...(typeof policy.min_length === 'number' ? { MinimumLength: policy.min_length } : {}),
        RequireLowercase: policy.require_lowercase === true,
        RequireUppercase: policy.require_uppercase === true,
        RequireNumbers: policy.require_numbers === true,
        RequireSymbols: policy.require_symbols === true,
      },
    };
  }
  if (pool.MfaConfiguration !== 'OFF') {
    pool.mfaConfig = {
      ...(mfaMethods.includes('SMS') ? { SmsMfaConfiguration: {} } : {}),
      SoftwareTokenMfaConfiguration: { Enabled: mfaMethods.includes('TOTP') },
    };
  }

  // Gen 2's app client: SRP, refresh and custom auth (and password auth, which tests use).
  const client: Json = {
    ClientId: clientId,
    ClientName: `amplify-${poolId.replace(/^[^_]*_/, '')}-client`,
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_PASSWORD_AUTH'],
  };
  const oauth = isObject(auth.oauth) ? auth.oauth : undefined;
  if (oauth) {
    // The hosted UI is served on cognate-local's own origin; the domain's prefix names it.
    const domain = typeof oauth.domain === 'string' ? oauth.domain : '';
    const prefix = domain.endsWith('.amazoncognito.com') ? domain.split('.')[0]! : domain;
    if (prefix) pool.Domain = prefix;
    const providers = strings(oauth.identity_providers);
    const known = providers.filter(p => PROVIDERS[p]).map(p => PROVIDERS[p]!);
    for (const p of providers)
      if (!PROVIDERS[p]) notes.push(`auth.oauth.identity_providers: ${p} is left out (Gen 2 names GOOGLE, FACEBOOK, LOGIN_WITH_AMAZON, SIGN_IN_WITH_APPLE)`);
    Object.assign(client, {
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: [oauth.response_type === 'token' ? 'implicit' : 'code'],
      AllowedOAuthScopes: strings(oauth.scopes),
      CallbackURLs: strings(oauth.redirect_sign_in_uri),
      LogoutURLs: strings(oauth.redirect_sign_out_uri),
      SupportedIdentityProviders: ['COGNITO', ...known],
    });
    // The providers are served by the built-in mock identity provider.
    if (known.length)
      pool.identityProviders = known.map(ProviderName => ({
        ProviderName,
        ProviderType: ProviderName,
        ProviderDetails: {
          client_id: 'cognate-local',
          client_secret: 'cognate-local',
          authorize_scopes: ProviderName === 'SignInWithApple' ? 'email name' : 'openid email',
        },
        AttributeMapping: { email: 'email' },
      }));
  }
  pool.clients = [client];
  const groups = Array.isArray(auth.groups) ? auth.groups.filter(isObject) : [];
  pool.groups = groups.flatMap(g =>
    Object.entries(g).map(([GroupName, v]) => ({
      GroupName,
      ...(isObject(v) && typeof v.precedence === 'number' ? { Precedence: v.precedence } : {}),
    })),
  );

  const identityPools: SeedIdentityPool[] = [];
  const identityPoolId = str('identity_pool_id');
  if (identityPoolId) {
    identityPools.push({
      IdentityPoolId: identityPoolId,
      IdentityPoolName: `amplify_${identityPoolId.replace(/[^\w]/g, '_')}`.slice(0, 128),
      AllowUnauthenticatedIdentities: auth.unauthenticated_identities_enabled === true,
      userPools: [poolId],
      // The deployed pool has both roles (Amplify creates them), and Cognito issues credentials only
      // for a role: placeholders stand for them, so GetCredentialsForIdentity answers as it does on AWS.
      Roles: {
        authenticated: 'arn:aws:iam::000000000000:role/amplify-local-authenticatedUserRole',
        unauthenticated: 'arn:aws:iam::000000000000:role/amplify-local-unauthenticatedUserRole',
      },
    });
  }
  if (problems.length) throw new ConfigError(problems);
  const config: LocalConfig = { region, userPools: [pool], identityPools };
  return { config, skipped: [], notes, sources: {} };
}
