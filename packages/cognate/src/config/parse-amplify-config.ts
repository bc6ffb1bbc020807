/**
 * parseAmplifyConfig: turns any of the three configuration shapes Amplify accepts into a
 * `ResourcesConfig` — a Gen 1 `aws-exports.js` / `amplifyconfiguration.json` (any `aws_` key), a
 * Gen 2 `amplify_outputs.json` (`version` starting with `1`), or a `ResourcesConfig` as is. Only the
 * Auth part is translated; other categories of a `ResourcesConfig` are kept untouched.
 *
 * Beyond Amplify: a Gen 2 `auth.user_pool_endpoint` / `auth.identity_pool_endpoint` (which
 * cognate-local can write) becomes `userPoolEndpoint` / `identityPoolEndpoint`.
 */
import { authError } from '../errors/auth-error.js';
import type { AmplifyOutputs, CognitoUserPoolConfig, LegacyConfig, OAuthConfig, ResourcesConfig } from '../types/config.js';

/** What is built here before it is handed out as a `CognitoUserPoolConfig`. */
type Loose = Record<string, unknown>;

/** The Gen 1 keys read here, as the Amplify CLI writes them (the file is trusted to follow them). */
interface Gen1Config {
  aws_project_region?: string;
  aws_user_pools_id?: string;
  aws_user_pools_web_client_id?: string;
  aws_cognito_identity_pool_id?: string;
  aws_mandatory_sign_in?: string;
  aws_cognito_sign_up_verification_method?: string;
  aws_cognito_mfa_configuration?: string;
  aws_cognito_mfa_types?: string[];
  aws_cognito_password_protection_settings?: { passwordPolicyMinLength?: number; passwordPolicyCharacters?: string[] };
  aws_cognito_verification_mechanisms?: string[];
  aws_cognito_signup_attributes?: string[];
  aws_cognito_username_attributes?: string[];
  aws_cognito_social_providers?: string[];
  oauth?: { domain?: string; scope?: string[]; redirectSignIn?: string; redirectSignOut?: string; responseType?: string };
}

/** The Gen 2 `auth` keys read here (amplify_outputs.json schema v1). */
interface Gen2Auth {
  user_pool_id?: string;
  user_pool_client_id?: string;
  identity_pool_id?: string;
  user_pool_endpoint?: string;
  identity_pool_endpoint?: string;
  unauthenticated_identities_enabled?: boolean;
  groups?: unknown;
  password_policy?: { min_length?: number; require_lowercase?: boolean; require_uppercase?: boolean; require_numbers?: boolean; require_symbols?: boolean };
  mfa_configuration?: string;
  mfa_methods?: string[];
  standard_required_attributes?: string[];
  username_attributes?: string[];
  oauth?: {
    domain?: string;
    scopes?: string[];
    redirect_sign_in_uri?: string[];
    redirect_sign_out_uri?: string[];
    response_type?: string;
    identity_providers?: string[];
  };
  passwordless?: {
    email_otp_enabled?: boolean;
    sms_otp_enabled?: boolean;
    web_authn?: { relying_party_id?: string; user_verification?: string };
    preferred_challenge?: string;
  };
}

const GEN2_PROVIDERS: Record<string, OAuthConfig['providers'] extends (infer P)[] | undefined ? P : never> = {
  GOOGLE: 'Google',
  LOGIN_WITH_AMAZON: 'Amazon',
  FACEBOOK: 'Facebook',
  SIGN_IN_WITH_APPLE: 'Apple',
};

function definedOnly<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

function fromGen1(config: Gen1Config): ResourcesConfig {
  if (!config.aws_project_region) {
    throw authError('InvalidParameterException', 'Invalid config parameter.', 'Include a valid aws_project_region.');
  }
  const userPoolId = config.aws_user_pools_id;
  const identityPoolId = config.aws_cognito_identity_pool_id;
  if (!userPoolId && !identityPoolId) return {};
  const cognito: Loose = definedOnly({
    userPoolId,
    userPoolClientId: config.aws_user_pools_web_client_id,
    identityPoolId,
    allowGuestAccess: identityPoolId ? config.aws_mandatory_sign_in !== 'enable' : undefined,
    signUpVerificationMethod: config.aws_cognito_sign_up_verification_method,
  });
  if (config.aws_cognito_mfa_configuration) {
    const types = config.aws_cognito_mfa_types ?? [];
    cognito.mfa = {
      status: String(config.aws_cognito_mfa_configuration).toLowerCase(),
      totpEnabled: types.includes('TOTP'),
      smsEnabled: types.includes('SMS'),
    };
  }
  const policy = config.aws_cognito_password_protection_settings;
  if (policy) {
    const chars = policy.passwordPolicyCharacters ?? [];
    cognito.passwordFormat = definedOnly({
      minLength: policy.passwordPolicyMinLength,
      requireLowercase: chars.includes('REQUIRES_LOWERCASE'),
      requireUppercase: chars.includes('REQUIRES_UPPERCASE'),
      requireNumbers: chars.includes('REQUIRES_NUMBERS'),
      requireSpecialCharacters: chars.includes('REQUIRES_SYMBOLS'),
    });
  }
  const required = [...(config.aws_cognito_verification_mechanisms ?? []), ...(config.aws_cognito_signup_attributes ?? [])];
  if (required.length) {
    cognito.userAttributes = Object.fromEntries(required.map(name => [name.toLowerCase(), { required: true }]));
  }
  const usernameAttributes = config.aws_cognito_username_attributes ?? [];
  const email = usernameAttributes.includes('EMAIL');
  const phone = usernameAttributes.includes('PHONE_NUMBER');
  const loginWith: Loose = { email, phone, username: !(email || phone) };
  if (config.oauth && Object.keys(config.oauth).length) {
    const { domain, scope, redirectSignIn, redirectSignOut, responseType } = config.oauth;
    const providers = (config.aws_cognito_social_providers ?? []).map(p => p.charAt(0) + p.slice(1).toLowerCase());
    loginWith.oauth = definedOnly({
      domain,
      scopes: scope,
      redirectSignIn: String(redirectSignIn ?? '').split(','),
      redirectSignOut: String(redirectSignOut ?? '').split(','),
      responseType,
      providers: providers.length ? providers : undefined,
    });
  }
  cognito.loginWith = loginWith;
  return { Auth: { Cognito: cognito as unknown as CognitoUserPoolConfig } };
}

function fromGen2(outputs: AmplifyOutputs): ResourcesConfig {
  const auth = outputs.auth as Gen2Auth | undefined;
  if (!auth) return {};
  const cognito: Loose = definedOnly({
    userPoolId: auth.user_pool_id,
    userPoolClientId: auth.user_pool_client_id,
    identityPoolId: auth.identity_pool_id,
    userPoolEndpoint: auth.user_pool_endpoint,
    identityPoolEndpoint: auth.identity_pool_endpoint,
    allowGuestAccess: auth.unauthenticated_identities_enabled ? true : undefined,
    groups: auth.groups,
  });
  if (auth.password_policy) {
    const p = auth.password_policy;
    cognito.passwordFormat = {
      minLength: p.min_length ?? 6,
      requireLowercase: !!p.require_lowercase,
      requireUppercase: !!p.require_uppercase,
      requireNumbers: !!p.require_numbers,
      requireSpecialCharacters: !!p.require_symbols,
    };
  }
  if (auth.mfa_configuration) {
    const methods = auth.mfa_methods ?? [];
    cognito.mfa = {
      status: auth.mfa_configuration === 'OPTIONAL' ? 'optional' : auth.mfa_configuration === 'REQUIRED' ? 'on' : 'off',
      smsEnabled: methods.includes('SMS'),
      totpEnabled: methods.includes('TOTP'),
    };
  }
  if (Array.isArray(auth.standard_required_attributes)) {
    cognito.userAttributes = Object.fromEntries(auth.standard_required_attributes.map(k => [k, { required: true }]));
  }
  const loginWith: Loose = {};
  if (Array.isArray(auth.username_attributes)) {
    loginWith.email = auth.username_attributes.includes('email');
    loginWith.phone = auth.username_attributes.includes('phone_number');
    loginWith.username = auth.username_attributes.includes('username');
  }
  if (auth.oauth) {
    const o = auth.oauth;
    loginWith.oauth = definedOnly({
      domain: o.domain,
      scopes: o.scopes,
      redirectSignIn: o.redirect_sign_in_uri,
      redirectSignOut: o.redirect_sign_out_uri,
      responseType: o.response_type === 'token' ? 'token' : 'code',
      providers: (o.identity_providers ?? []).map(p => GEN2_PROVIDERS[p]).filter(Boolean),
    });
  }
  if (Object.keys(loginWith).length) cognito.loginWith = loginWith;
  if (auth.passwordless) {
    const p = auth.passwordless;
    cognito.passwordless = definedOnly({
      emailOtpEnabled: p.email_otp_enabled,
      smsOtpEnabled: p.sms_otp_enabled,
      webAuthn: p.web_authn ? definedOnly({ relyingPartyId: p.web_authn.relying_party_id, userVerification: p.web_authn.user_verification }) : undefined,
      preferredChallenge: p.preferred_challenge,
    });
  }
  return { Auth: { Cognito: cognito as unknown as CognitoUserPoolConfig } };
}

/** Gen 1's REST APIs (`aws_cloud_logic_custom`) as `API.REST`, as aws-amplify's parseAWSExports reads them. */
function withGen1Rest(resources: ResourcesConfig, config: Loose): ResourcesConfig {
  const apis = config.aws_cloud_logic_custom;
  if (!Array.isArray(apis)) return resources;
  const REST = Object.fromEntries(
    apis.map(({ name, endpoint, region, service }: Loose) => [name, { endpoint, ...(service ? { service } : {}), ...(region ? { region } : {}) }]),
  );
  return { ...resources, API: { ...(resources.API as object | undefined), REST } };
}

/** Any of Gen 1, Gen 2 or `ResourcesConfig` in, `ResourcesConfig` out. Accepts a JSON string too. */
export function parseAmplifyConfig(config: ResourcesConfig | LegacyConfig | AmplifyOutputs | string): ResourcesConfig {
  const value: Loose = typeof config === 'string' ? JSON.parse(config) : config;
  if (Object.keys(value).some(key => key.startsWith('aws_'))) return withGen1Rest(fromGen1(value as Gen1Config), value);
  if (typeof value.version === 'string' && value.version.startsWith('1')) return fromGen2(value as AmplifyOutputs);
  return value as ResourcesConfig;
}
