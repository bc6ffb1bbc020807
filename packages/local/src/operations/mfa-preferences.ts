/**
 * SetUserMFAPreference, AdminSetUserMFAPreference, SetUserPoolMfaConfig, GetUserPoolMfaConfig.
 * A factor can be turned on only where it can work: TOTP after VerifySoftwareToken, SMS with a
 * phone number, email with an email address; one preferred factor at most.
 */
import type { Json, Operation, OperationContext } from '../context.js';
import { errors } from '../errors.js';
import type { MfaMethod, UserPool, UserRecord } from '../model.js';
import { getPool } from '../services/pools.js';
import { verifyAccessToken } from '../services/tokens.js';
import { requireUser, saveUser } from '../services/users.js';
import { optBool, optObject, optString, reqString, POOL_ID_RULE, TOKEN_RULE, USERNAME_RULE } from '../validate.js';

const SETTINGS: Array<[string, MfaMethod]> = [
  ['SMSMfaSettings', 'SMS'],
  ['SoftwareTokenMfaSettings', 'TOTP'],
  ['EmailMfaSettings', 'EMAIL'],
];

function applyPreference(ctx: OperationContext, pool: UserPool, user: UserRecord, input: Json): void {
  const before = structuredClone(user);
  const mfa = { ...user.mfa };
  for (const [field, method] of SETTINGS) {
    const settings = optObject(input, field);
    if (!settings) continue;
    const enabled = optBool(settings, 'Enabled');
    const preferred = optBool(settings, 'PreferredMfa');
    const current = mfa[method] ?? { enabled: false, preferred: false };
    const next = { enabled: enabled ?? current.enabled, preferred: preferred ?? current.preferred };
    if (next.preferred) next.enabled = true;
    if (!next.enabled) next.preferred = false;
    if (next.enabled) {
      if (method === 'TOTP' && !user.totp) throw errors.invalidParameter('User has not verified software token mfa');
      if (method === 'SMS' && !user.attributes.phone_number) throw errors.invalidParameter('User does not have delivery config set to turn on SMS_MFA');
      if (method === 'EMAIL' && !user.attributes.email) throw errors.invalidParameter('User does not have delivery config set to turn on EMAIL_OTP');
    }
    if (next.preferred) for (const m of Object.keys(mfa) as MfaMethod[]) mfa[m] = { ...mfa[m]!, preferred: false };
    mfa[method] = next;
  }
  optObject(input, 'WebAuthnMfaSettings');
  user.mfa = mfa;
  user.updatedAt = ctx.clock.now();
  saveUser(ctx, pool, user, before);
}

export const setUserMFAPreference: Operation = async (input, ctx) => {
  const { pool, user } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  applyPreference(ctx, pool, user, input);
  return {};
};

export const adminSetUserMFAPreference: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const user = requireUser(ctx, pool, reqString(input, 'Username', USERNAME_RULE));
  applyPreference(ctx, pool, user, input);
  return {};
};

type MfaPool = UserPool & {
  SmsMfaConfiguration?: Json;
  SoftwareTokenMfaConfiguration?: { Enabled: boolean };
  EmailMfaConfiguration?: Json;
  MfaMethodsConfigured?: boolean;
};

function describe(pool: MfaPool): Json {
  const configured = pool.MfaMethodsConfigured;
  return {
    ...(pool.SmsMfaConfiguration || (!configured && pool.MfaConfiguration !== 'OFF') ? { SmsMfaConfiguration: pool.SmsMfaConfiguration ?? {} } : {}),
    SoftwareTokenMfaConfiguration: { Enabled: configured ? Boolean(pool.SoftwareTokenMfaConfiguration?.Enabled) : pool.MfaConfiguration !== 'OFF' },
    ...(pool.EmailMfaConfiguration ? { EmailMfaConfiguration: pool.EmailMfaConfiguration } : {}),
    MfaConfiguration: pool.MfaConfiguration,
    ...(pool.WebAuthnConfiguration ? { WebAuthnConfiguration: pool.WebAuthnConfiguration } : {}),
  };
}

export const setUserPoolMfaConfig: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE)) as MfaPool;
  const mode = optString(input, 'MfaConfiguration', { values: ['OFF', 'ON', 'OPTIONAL'] }) as UserPool['MfaConfiguration'] | undefined;
  const sms = optObject(input, 'SmsMfaConfiguration');
  const totp = optObject(input, 'SoftwareTokenMfaConfiguration');
  const email = optObject(input, 'EmailMfaConfiguration');
  const webAuthn = optObject(input, 'WebAuthnConfiguration');
  const next: MfaPool = { ...pool, MfaMethodsConfigured: true, LastModifiedDate: ctx.clock.now() };
  if (mode) next.MfaConfiguration = mode;
  if (sms) next.SmsMfaConfiguration = sms;
  if (totp) next.SoftwareTokenMfaConfiguration = { Enabled: optBool(totp, 'Enabled') ?? false };
  if (email) next.EmailMfaConfiguration = email;
  if (webAuthn) {
    next.WebAuthnConfiguration = {
      RelyingPartyId: optString(webAuthn, 'RelyingPartyId', { min: 1, max: 127 }) ?? 'localhost',
      UserVerification: optString(webAuthn, 'UserVerification', { values: ['required', 'preferred'] }) ?? 'preferred',
    };
  }
  if (!pool.MfaMethodsConfigured && pool.MfaConfiguration !== 'OFF') {
    // Keep what was implicitly on before the first explicit configuration.
    next.SmsMfaConfiguration ??= {};
    next.SoftwareTokenMfaConfiguration ??= { Enabled: true };
  }
  const offered = Boolean(next.SmsMfaConfiguration) || Boolean(next.SoftwareTokenMfaConfiguration?.Enabled) || Boolean(next.EmailMfaConfiguration);
  if (next.MfaConfiguration !== 'OFF' && !offered) throw errors.invalidParameter('At least one MFA method must be enabled when MFA is ON or OPTIONAL.');
  ctx.store.put('pool', pool.Id, next);
  return describe(next);
};

export const getUserPoolMfaConfig: Operation = (input, ctx) => describe(getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE)) as MfaPool);
