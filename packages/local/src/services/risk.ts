/**
 * Threat protection where a local server can honour it, for pools whose
 * `UserPoolAddOns.AdvancedSecurityMode` is ENFORCED (AUDIT only records what would have happened):
 * - `RiskExceptionConfiguration.BlockedIPRangeList`: a sign-in from those addresses is refused
 *   (NotAuthorizedException) and recorded as a blocked event; `SkippedIPRangeList` addresses skip
 *   risk checks (the compromised-credentials check below).
 * - `CompromisedCredentialsRiskConfiguration` with `EventAction: BLOCK`: a sign-in whose password is
 *   on a short built-in list of commonly breached passwords is refused. As on AWS, this needs a flow
 *   that sends the password (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH); SRP never reveals it.
 * The caller's address is what the request forwarded (ContextData / UserContextData IpAddress).
 * A client's own configuration, when set, replaces the pool's.
 */
import { BlockList, isIP } from 'node:net';
import type { Json, OperationContext, Services } from '../context.js';
import { errors } from '../errors.js';
import type { UserPool, UserRecord } from '../model.js';
import { feedbackToken, recordAuthEvent, type AuthEventRecord, type EventRisk } from './auth-events.js';

export interface RiskConfigurationRecord {
  UserPoolId: string;
  ClientId?: string;
  CompromisedCredentialsRiskConfiguration?: { EventFilter?: string[]; Actions: { EventAction: 'BLOCK' | 'NO_ACTION' } };
  AccountTakeoverRiskConfiguration?: Json;
  RiskExceptionConfiguration?: { BlockedIPRangeList?: string[]; SkippedIPRangeList?: string[] };
  LastModifiedDate: number;
}

/** Passwords found in public breach corpora again and again; a sign-in with one counts as compromised. */
const BREACHED = new Set([
  'password',
  'password1',
  'Password1',
  'Password1!',
  'Password123',
  'Password123!',
  'P@ssw0rd',
  'P@ssw0rd!',
  'P@ssword1',
  'Passw0rd',
  'Passw0rd!',
  'Qwerty123',
  'Qwerty123!',
  'Welcome1',
  'Welcome1!',
  'Welcome123!',
  'Admin123!',
  'Abcd1234!',
  'Aa123456!',
  'Letmein1!',
  'Iloveyou1!',
  'Changeme1!',
  '12345678',
  '123456789',
  'qwerty123',
]);

export const riskKey = (poolId: string, clientId?: string) => `${poolId}/${clientId ?? '*'}`;

export function effectiveRisk(ctx: Services, poolId: string, clientId?: string): RiskConfigurationRecord | undefined {
  return (clientId ? ctx.store.get<RiskConfigurationRecord>('risk', riskKey(poolId, clientId)) : undefined) ?? ctx.store.get('risk', riskKey(poolId));
}

/** A CIDR block as the API takes it (`192.0.2.0/24`, `2001:db8::/32`), or undefined. */
export function parseCidr(cidr: string): { address: string; prefix: number; type: 'ipv4' | 'ipv6' } | undefined {
  const [address, bits, extra] = cidr.split('/');
  if (!address || bits === undefined || extra !== undefined || !/^\d{1,3}$/.test(bits)) return undefined;
  const version = isIP(address);
  const prefix = Number(bits);
  if (version === 4 && prefix <= 32) return { address, prefix, type: 'ipv4' };
  if (version === 6 && prefix <= 128) return { address, prefix, type: 'ipv6' };
  return undefined;
}

export function ipInRanges(ip: string | undefined, ranges: string[] | undefined): boolean {
  if (!ip || !ranges?.length) return false;
  const version = isIP(ip);
  if (!version) return false;
  const list = new BlockList();
  for (const range of ranges) {
    const cidr = parseCidr(range);
    if (cidr) list.addSubnet(cidr.address, cidr.prefix, cidr.type);
  }
  return list.check(ip, version === 4 ? 'ipv4' : 'ipv6');
}

function mode(pool: UserPool): string | undefined {
  return (pool.UserPoolAddOns as { AdvancedSecurityMode?: string } | undefined)?.AdvancedSecurityMode;
}

/** Blocks (ENFORCED) or records (AUDIT) a risky sign-in; sends the risk notification when configured. */
function block(ctx: OperationContext, pool: UserPool, user: UserRecord, config: RiskConfigurationRecord, risk: Partial<EventRisk>): void {
  const decided: Partial<EventRisk> = { RiskDecision: 'Block', RiskLevel: 'High', ...risk };
  if (mode(pool) !== 'ENFORCED') {
    // AUDIT: the sign-in goes on; its event (recorded when it completes) carries the risk found.
    ctx.caller = { ...ctx.caller, risk: { ...ctx.caller?.risk, ...decided } };
    return;
  }
  const event = recordAuthEvent(ctx, pool, user.username, {
    type: 'SignIn',
    response: 'Fail',
    challenges: [{ ChallengeName: 'Password', ChallengeResponse: 'Success' }],
    risk: decided,
  });
  if (event) notify(ctx, pool, user, config, event);
  throw errors.notAuthorized('Unable to login because of security reasons.');
}

/** The BlockEmail of AccountTakeoverRiskConfiguration.NotifyConfiguration, with the event's feedback token. */
function notify(ctx: OperationContext, pool: UserPool, user: UserRecord, config: RiskConfigurationRecord, event: AuthEventRecord): void {
  const notifyConfig = config.AccountTakeoverRiskConfiguration?.NotifyConfiguration as Json | undefined;
  const email = user.attributes.email;
  if (!notifyConfig || !email) return;
  const template = (notifyConfig.BlockEmail as { TextBody?: string; Subject?: string } | undefined) ?? {};
  const token = feedbackToken(ctx, pool, user.username, event.EventId);
  const body = (template.TextBody ?? 'We blocked an unrecognized sign-in to your account.').replaceAll('{username}', user.username);
  ctx.outbox.deliver({
    userPoolId: pool.Id,
    username: user.username,
    kind: 'RiskNotification',
    deliveryMedium: 'EMAIL',
    destination: email,
    attributeName: 'email',
    message: `${body}\nEvent: ${event.EventId}\nFeedback token: ${token}`,
    createdAt: ctx.clock.now(),
  });
}

/** Before a sign-in completes: a blocked address is refused. */
export function checkSignInRisk(ctx: OperationContext, pool: UserPool, clientId: string, user: UserRecord): void {
  if (mode(pool) !== 'ENFORCED' && mode(pool) !== 'AUDIT') return;
  const config = effectiveRisk(ctx, pool.Id, clientId);
  const ip = ctx.caller?.ipAddress;
  if (config && ipInRanges(ip, config.RiskExceptionConfiguration?.BlockedIPRangeList)) block(ctx, pool, user, config, {});
}

/** With the password in hand (password flows): a breached password is refused when the configuration says BLOCK. */
export function checkCompromisedPassword(ctx: OperationContext, pool: UserPool, clientId: string, user: UserRecord, password: string): void {
  if (mode(pool) !== 'ENFORCED' && mode(pool) !== 'AUDIT') return;
  const config = effectiveRisk(ctx, pool.Id, clientId);
  const compromised = config?.CompromisedCredentialsRiskConfiguration;
  if (!config || !compromised || compromised.Actions.EventAction !== 'BLOCK') return;
  if (compromised.EventFilter?.length && !compromised.EventFilter.includes('SIGN_IN')) return;
  if (ipInRanges(ctx.caller?.ipAddress, config.RiskExceptionConfiguration?.SkippedIPRangeList)) return;
  if (BREACHED.has(password)) block(ctx, pool, user, config, { CompromisedCredentialsDetected: true });
}
