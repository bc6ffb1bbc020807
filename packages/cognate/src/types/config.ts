/**
 * Configuration types, shaped like `@aws-amplify/core`'s `ResourcesConfig` (Auth part) and the
 * Gen 1 / Gen 2 files `parseAmplifyConfig` accepts.
 */
import type { KeyValueStorageInterface } from '../storage/key-value-storage.js';
import type { CredentialsAndIdentityIdProvider, TokenProvider } from './session.js';
import type { StandardAttributeName, VerifiableAttributeName } from '@cognate/protocol/wire';

export type OAuthScope = 'email' | 'openid' | 'phone' | 'profile' | 'aws.cognito.signin.user.admin' | (string & NonNullable<unknown>);
export type OAuthProvider = 'Google' | 'Facebook' | 'Amazon' | 'Apple';

export interface OAuthConfig {
  domain: string;
  scopes: OAuthScope[];
  redirectSignIn: string[];
  redirectSignOut: string[];
  responseType: 'code' | 'token';
  providers?: (OAuthProvider | { custom: string })[];
}

/** The standard (OpenID Connect) attributes: the wire table's names. */
export type AuthStandardAttributeKey = StandardAttributeName;
export type AuthVerifiableAttributeKey = VerifiableAttributeName;

export type CognitoUserPoolConfigMfaStatus = 'on' | 'off' | 'optional';
export type PreferredChallenge = 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN' | undefined;

export interface CognitoUserPoolConfig {
  userPoolClientId: string;
  userPoolId: string;
  /** A full URL every user-pool call goes to instead of `https://cognito-idp.<region>.amazonaws.com/` (e.g. cognate-local). */
  userPoolEndpoint?: string;
  signUpVerificationMethod?: 'code' | 'link';
  loginWith?: { oauth?: OAuthConfig; username?: boolean; email?: boolean; phone?: boolean };
  userAttributes?: Partial<Record<AuthStandardAttributeKey, { required: boolean }>>;
  mfa?: { status?: CognitoUserPoolConfigMfaStatus; totpEnabled?: boolean; smsEnabled?: boolean };
  passwordFormat?: {
    minLength?: number;
    requireLowercase?: boolean;
    requireUppercase?: boolean;
    requireNumbers?: boolean;
    requireSpecialCharacters?: boolean;
  };
  groups?: Record<string, Record<string, number>>[];
  passwordless?: {
    emailOtpEnabled?: boolean;
    smsOtpEnabled?: boolean;
    webAuthn?: { relyingPartyId?: string; userVerification?: string };
    preferredChallenge?: PreferredChallenge;
  };
}

export interface CognitoIdentityPoolConfig {
  identityPoolId: string;
  identityPoolEndpoint?: string;
  allowGuestAccess?: boolean;
}

/** `Auth.Cognito`: a user pool, an identity pool, or both. */
export type CognitoProviderConfig =
  | (CognitoUserPoolConfig & Partial<Record<keyof CognitoIdentityPoolConfig, never>>)
  | (CognitoIdentityPoolConfig & Partial<Record<keyof CognitoUserPoolConfig, never>>)
  | (CognitoUserPoolConfig & CognitoIdentityPoolConfig);

export interface AuthConfig {
  Cognito: CognitoProviderConfig;
}

/** Amplify's `ResourcesConfig`; cognate reads `Auth` and keeps the other categories as given. */
export interface ResourcesConfig {
  Auth?: AuthConfig;
  API?: unknown;
  Analytics?: unknown;
  Interactions?: unknown;
  Notifications?: unknown;
  Predictions?: unknown;
  Storage?: unknown;
  Geo?: unknown;
}

/** Amplify's `LibraryOptions` (the Auth part, plus `ssr`). */
export interface LibraryOptions {
  Auth?: {
    tokenProvider?: TokenProvider;
    credentialsProvider?: CredentialsAndIdentityIdProvider;
    /** Extra headers merged into every user-pool request. */
    headers?(): Promise<Record<string, string>>;
  };
  /** Keep tokens in cookies (`CookieStorage`, sameSite lax) so a server can read them. */
  ssr?: boolean;
  /** Not in Amplify: the `fetch` used for every Cognito request (tests, proxies, instrumentation). */
  fetch?: typeof fetch;
  API?: unknown;
  Storage?: unknown;
}

/** Amplify Gen 1 `aws-exports.js` / `amplifyconfiguration.json` (the keys cognate reads). */
export interface LegacyConfig {
  aws_project_region?: string;
  aws_user_pools_id?: string;
  aws_user_pools_web_client_id?: string;
  aws_cognito_identity_pool_id?: string;
  aws_mandatory_sign_in?: string;
  aws_cognito_sign_up_verification_method?: 'code' | 'link';
  [key: string]: unknown;
}

/** Amplify Gen 2 `amplify_outputs.json` (the `auth` keys cognate reads). */
export interface AmplifyOutputs {
  version: string;
  auth?: {
    aws_region?: string;
    user_pool_id: string;
    user_pool_client_id: string;
    identity_pool_id?: string;
    /** Not in Amplify's schema: cognate (and cognate-local's `--outputs`) accept a user-pool endpoint here. */
    user_pool_endpoint?: string;
    /** Not in Amplify's schema: an identity-pool endpoint. */
    identity_pool_endpoint?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export type { KeyValueStorageInterface };
