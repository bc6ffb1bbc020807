/**
 * Multi-factor authentication: which second factors a pool offers and a user has on, which
 * challenge a sign-in gets (SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP, SELECT_MFA_TYPE or MFA_SETUP),
 * and the one-time codes those challenges send.
 */
import type { Json, OperationContext } from '../context.js';
import type { MfaMethod, UserPool, UserPoolClient, UserRecord } from '../model.js';
import { createAuthSession } from './auth-sessions.js';
import { newCode } from './ids.js';
import { maskEmail, maskPhone } from './mask.js';
import { composeMessage } from './messages.js';
import type { ChallengeName, ChallengeOrTokensResponse, MfaMethod as WireMfaMethod } from '@cognate/protocol/wire';

export const CHALLENGE_OF: Record<MfaMethod, WireMfaMethod> = { SMS: 'SMS_MFA', TOTP: 'SOFTWARE_TOKEN_MFA', EMAIL: 'EMAIL_OTP' };
export const METHOD_OF: Record<string, MfaMethod> = { SMS_MFA: 'SMS', SOFTWARE_TOKEN_MFA: 'TOTP', EMAIL_OTP: 'EMAIL' };

interface PoolMfaSettings {
  SmsMfaConfiguration?: Json;
  SoftwareTokenMfaConfiguration?: { Enabled?: boolean };
  EmailMfaConfiguration?: Json;
  MfaMethodsConfigured?: boolean;
}

/** Second factors the pool offers. Until SetUserPoolMfaConfig is called, SMS and TOTP. */
export function poolMethods(pool: UserPool): MfaMethod[] {
  if (pool.MfaConfiguration === 'OFF') return [];
  const settings = pool as UserPool & PoolMfaSettings;
  if (!settings.MfaMethodsConfigured) return ['SMS', 'TOTP'];
  const methods: MfaMethod[] = [];
  if (settings.SmsMfaConfiguration) methods.push('SMS');
  if (settings.SoftwareTokenMfaConfiguration?.Enabled) methods.push('TOTP');
  if (settings.EmailMfaConfiguration) methods.push('EMAIL');
  return methods;
}

/** Methods the user can use right now: turned on, offered by the pool, with somewhere to deliver. */
export function userMethods(pool: UserPool, user: UserRecord): MfaMethod[] {
  const offered = poolMethods(pool);
  return (['SMS', 'TOTP', 'EMAIL'] as const).filter(m => {
    if (!offered.includes(m) || !user.mfa?.[m]?.enabled) return false;
    if (m === 'SMS') return Boolean(user.attributes.phone_number);
    if (m === 'EMAIL') return Boolean(user.attributes.email);
    return Boolean(user.totp);
  });
}

export function preferredMethod(pool: UserPool, user: UserRecord): MfaMethod | undefined {
  return userMethods(pool, user).find(m => user.mfa?.[m]?.preferred);
}

/** GetUser / AdminGetUser's MFA fields. */
export function mfaFields(pool: UserPool, user: UserRecord): Json {
  const list = userMethods(pool, user).map(m => CHALLENGE_OF[m]);
  const preferred = preferredMethod(pool, user);
  return {
    ...(user.legacySmsMfa && list.includes('SMS_MFA') ? { MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] } : {}),
    ...(list.length ? { UserMFASettingList: list } : {}),
    ...(preferred ? { PreferredMfaSetting: CHALLENGE_OF[preferred] } : {}),
  };
}

export type MfaDecision =
  | { kind: 'none' }
  | { kind: 'challenge'; method: MfaMethod }
  | { kind: 'select'; methods: MfaMethod[] }
  | { kind: 'setup'; methods: MfaMethod[] };

export function decideMfa(pool: UserPool, user: UserRecord): MfaDecision {
  if (pool.MfaConfiguration === 'OFF') return { kind: 'none' };
  const methods = userMethods(pool, user);
  const preferred = preferredMethod(pool, user);
  if (preferred) return { kind: 'challenge', method: preferred };
  if (methods.length === 1) return { kind: 'challenge', method: methods[0]! };
  if (methods.length > 1) return { kind: 'select', methods };
  if (pool.MfaConfiguration !== 'ON') return { kind: 'none' };
  // Required but nothing turned on: SMS goes to a phone number on file, as Cognito does;
  // otherwise the user must set up a factor first.
  const offered = poolMethods(pool);
  if (offered.includes('SMS') && user.attributes.phone_number) return { kind: 'challenge', method: 'SMS' };
  return { kind: 'setup', methods: offered };
}

/** Builds the challenge response for an MFA method, sending a code where the method needs one. */
export async function mfaChallenge(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  user: UserRecord,
  method: MfaMethod,
  carry: Record<string, string>,
  /** Passwordless first factors use their own challenge names (SMS_OTP) and longer email codes. */
  options: { challenge?: ChallengeName; digits?: number } = {},
): Promise<Json> {
  const challenge = options.challenge ?? CHALLENGE_OF[method];
  if (method === 'TOTP') {
    return {
      ChallengeName: challenge,
      Session: createAuthSession(ctx, client, user.username, challenge, carry),
      ChallengeParameters: { USER_ID_FOR_SRP: user.username, ...(user.totp?.friendlyName ? { FRIENDLY_DEVICE_NAME: user.totp.friendlyName } : {}) },
    } satisfies ChallengeOrTokensResponse;
  }
  const attribute = method === 'SMS' ? 'phone_number' : 'email';
  const value = user.attributes[attribute]!;
  const code = newCode(options.digits ?? 6);
  const medium = method === 'SMS' ? 'SMS' : 'EMAIL';
  const { message } = await composeMessage(ctx, pool, user, 'Authentication', medium, code, `Your authentication code is ${code}.`, client.ClientId);
  ctx.outbox.deliver({
    userPoolId: pool.Id,
    username: user.username,
    kind: 'Authentication',
    deliveryMedium: method === 'SMS' ? 'SMS' : 'EMAIL',
    destination: value,
    attributeName: attribute,
    code,
    message,
    createdAt: ctx.clock.now(),
  });
  return {
    ChallengeName: challenge,
    Session: createAuthSession(ctx, client, user.username, challenge, { ...carry, code, attempts: '0' }),
    ChallengeParameters: {
      CODE_DELIVERY_DELIVERY_MEDIUM: method === 'SMS' ? 'SMS' : 'EMAIL',
      CODE_DELIVERY_DESTINATION: method === 'SMS' ? maskPhone(value) : maskEmail(value),
      USER_ID_FOR_SRP: user.username,
    },
  } satisfies ChallengeOrTokensResponse;
}
