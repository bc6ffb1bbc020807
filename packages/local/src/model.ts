/**
 * What cognate-local keeps. Pools and clients are stored in their wire shapes (what Describe*
 * returns), users in an internal record that never holds a plain-text password.
 */

export interface PasswordPolicy {
  MinimumLength: number;
  RequireUppercase: boolean;
  RequireLowercase: boolean;
  RequireNumbers: boolean;
  RequireSymbols: boolean;
  PasswordHistorySize?: number;
  TemporaryPasswordValidityDays: number;
}

export interface SchemaAttribute {
  Name: string;
  AttributeDataType: 'String' | 'Number' | 'DateTime' | 'Boolean';
  DeveloperOnlyAttribute: boolean;
  Mutable: boolean;
  Required: boolean;
  StringAttributeConstraints?: { MinLength?: string; MaxLength?: string };
  NumberAttributeConstraints?: { MinValue?: string; MaxValue?: string };
}

export interface UserPool {
  Id: string;
  Name: string;
  Arn: string;
  CreationDate: number;
  LastModifiedDate: number;
  Policies: { PasswordPolicy: PasswordPolicy; SignInPolicy?: { AllowedFirstAuthFactors: string[] } };
  DeletionProtection: 'ACTIVE' | 'INACTIVE';
  LambdaConfig: Record<string, unknown>;
  SchemaAttributes: SchemaAttribute[];
  AutoVerifiedAttributes?: string[];
  AliasAttributes?: string[];
  UsernameAttributes?: string[];
  UsernameConfiguration: { CaseSensitive: boolean };
  MfaConfiguration: 'OFF' | 'ON' | 'OPTIONAL';
  EstimatedNumberOfUsers: number;
  AdminCreateUserConfig: { AllowAdminCreateUserOnly: boolean; UnusedAccountValidityDays?: number };
  [extra: string]: unknown;
}

export interface UserPoolClient {
  UserPoolId: string;
  ClientName: string;
  ClientId: string;
  ClientSecret?: string;
  CreationDate: number;
  LastModifiedDate: number;
  RefreshTokenValidity: number;
  AccessTokenValidity: number;
  IdTokenValidity: number;
  TokenValidityUnits: { AccessToken: TimeUnit; IdToken: TimeUnit; RefreshToken: TimeUnit };
  ExplicitAuthFlows?: string[];
  PreventUserExistenceErrors: 'LEGACY' | 'ENABLED';
  EnableTokenRevocation: boolean;
  EnablePropagateAdditionalUserContextData: boolean;
  AuthSessionValidity: number;
  RefreshTokenRotation?: { Feature: 'ENABLED' | 'DISABLED'; RetryGracePeriodSeconds?: number };
  ReadAttributes?: string[];
  WriteAttributes?: string[];
  AllowedOAuthFlowsUserPoolClient: boolean;
  [extra: string]: unknown;
}

export type TimeUnit = 'seconds' | 'minutes' | 'hours' | 'days';

export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED' | 'EXTERNAL_PROVIDER';

export interface StoredCode {
  code: string;
  expiresAt: number;
  attempts: number;
}

export interface CodeWindow {
  startedAt: number;
  sends: number;
  failures: number;
}

export interface UserRecord {
  poolId: string;
  username: string;
  sub: string;
  attributes: Record<string, string>;
  status: UserStatus;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
  /** SRP-6a verifier and salt (hex); the password itself is never kept. */
  password?: { salt: string; verifier: string; setAt: number; temporaryExpiresAt?: number };
  passwordHistory?: string[];
  failedAttempts: number;
  lockedUntil?: number;
  codes: Record<string, StoredCode>;
  /** Codes sent and wrong codes entered in the current hour, per kind of code (see services/codes.ts). */
  codeLimits?: Record<string, CodeWindow>;
  /** Second factors the user has turned on (SetUserMFAPreference). */
  mfa?: Partial<Record<MfaMethod, { enabled: boolean; preferred: boolean }>>;
  /** SMS MFA was turned on through the legacy MFAOptions (SetUserSettings): GetUser shows MFAOptions. */
  legacySmsMfa?: boolean;
  /** A verified authenticator app; `lastStep` stops a code being used twice. */
  totp?: { secret: string; friendlyName?: string; lastStep?: number };
  /** A secret from AssociateSoftwareToken waiting for VerifySoftwareToken. */
  totpPending?: string;
  globalSignOutAt?: number;
  pendingAttributes?: Record<string, string>;
  /** AdminDisableProviderForUser with ProviderName Cognito: the native user cannot sign in themselves (linked identities still can). */
  nativeSignInDisabled?: boolean;
}

export type MfaMethod = 'SMS' | 'TOTP' | 'EMAIL';

export interface DeviceRecord {
  poolId: string;
  username: string;
  deviceKey: string;
  deviceGroupKey: string;
  /** SRP verifier and salt (hex) from ConfirmDevice; absent until confirmed. */
  verifier?: string;
  salt?: string;
  name?: string;
  remembered: boolean;
  createdAt: number;
  updatedAt: number;
  lastAuthenticatedAt: number;
  lastIp?: string;
}

/** A refresh-token family: one sign-in and every token refreshed from it share `originJti`. */
export interface TokenFamily {
  poolId: string;
  clientId: string;
  username: string;
  originJti: string;
  authTime: number;
  createdAt: number;
  /** Orders families created in the same second (MaxPerUser evicts the oldest): milliseconds of the real clock, then a counter. */
  createdOrder?: number;
  expiresAt: number;
  revoked: boolean;
  /** When it was revoked (server clock, seconds): the sweep forgets it a while after (services/prune.ts). */
  revokedAt?: number;
  deviceKey?: string;
  /** Scopes granted at sign-in (OAuth); refreshed tokens keep them. */
  scope?: string;
}

export interface RefreshTokenRecord {
  family: string; // `${poolId}/${username}/${originJti}`
  expiresAt: number;
  /** Set when rotation replaced this token; it stays usable until `graceUntilMs`. */
  rotatedAt?: number;
  graceUntilMs?: number;
}

export interface AuthSession {
  poolId: string;
  clientId: string;
  username: string;
  challenge: string;
  expiresAt: number;
  data?: Record<string, string>;
}

export interface OutboxMessage {
  id: string;
  userPoolId: string;
  username: string;
  kind: string;
  deliveryMedium: 'EMAIL' | 'SMS';
  destination: string;
  attributeName?: string;
  code?: string;
  message: string;
  createdAt: number;
}

const str = (Name: string, Mutable = true, Required = false, max = '2048', min = '0'): SchemaAttribute => ({
  Name,
  AttributeDataType: 'String',
  DeveloperOnlyAttribute: false,
  Mutable,
  Required,
  StringAttributeConstraints: { MinLength: min, MaxLength: max },
});
const bool = (Name: string): SchemaAttribute => ({ Name, AttributeDataType: 'Boolean', DeveloperOnlyAttribute: false, Mutable: true, Required: false });

/** The standard attributes every Cognito user pool has. */
export const STANDARD_ATTRIBUTES: SchemaAttribute[] = [
  str('sub', false, true, '2048', '1'),
  str('name'),
  str('given_name'),
  str('family_name'),
  str('middle_name'),
  str('nickname'),
  str('preferred_username'),
  str('profile'),
  str('picture'),
  str('website'),
  str('email'),
  bool('email_verified'),
  str('gender'),
  str('birthdate', true, false, '10', '10'),
  str('zoneinfo'),
  str('locale'),
  str('phone_number'),
  bool('phone_number_verified'),
  str('address'),
  {
    Name: 'updated_at',
    AttributeDataType: 'Number',
    DeveloperOnlyAttribute: false,
    Mutable: true,
    Required: false,
    NumberAttributeConstraints: { MinValue: '0' },
  },
  str('identities'),
];

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

export function validitySeconds(value: number, unit: TimeUnit): number {
  return value * { seconds: 1, minutes: 60, hours: 3600, days: 86400 }[unit];
}

/** A sign-in's risk, as AdminListUserAuthEvents shows it (services/auth-events.ts). */
export interface EventRisk {
  RiskDecision: 'NoRisk' | 'AccountTakeover' | 'Block';
  RiskLevel?: 'Low' | 'Medium' | 'High';
  CompromisedCredentialsDetected: boolean;
}

/** Where a call came from, as the request says: the forwarded IP (ContextData/UserContextData) and the user agent. */
export interface Caller {
  ipAddress?: string;
  deviceName?: string;
  /** Risk found in this request that did not stop it (threat protection in AUDIT mode). */
  risk?: Partial<EventRisk>;
}
