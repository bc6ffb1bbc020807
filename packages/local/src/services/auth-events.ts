/**
 * Authentication events, as Cognito's threat protection records them: one per sign-in attempt
 * (SignIn, pass or fail), sign-up and forgot-password, with who called from where (the
 * ContextData / UserContextData IpAddress the app forwarded, and the caller's user agent as the
 * device name), the challenge results and the risk decision. Kept only for pools with
 * `UserPoolAddOns.AdvancedSecurityMode` AUDIT or ENFORCED, as Cognito keeps them only there.
 *
 * Stored under `<pool>/<username>/<inverted time>/<event id>`, so a prefix list is newest first.
 * Old events go: beyond MAX_EVENTS_PER_USER a new event drops the user's oldest, and the sweep
 * (services/prune.ts) forgets those older than AUTH_EVENT_RETENTION_SECONDS.
 */
import { createHmac } from 'node:crypto';
import type { Json, OperationContext, Services } from '../context.js';
import type { Caller, EventRisk, UserPool } from '../model.js';

export type { Caller, EventRisk } from '../model.js';
import { equalSecrets } from './compare.js';
import { newUuid } from './ids.js';
import { storedSecret } from './stored-secret.js';

export const MAX_EVENTS_PER_USER = 100;
export const AUTH_EVENT_RETENTION_SECONDS = 90 * 86400;

export type EventType = 'SignIn' | 'SignUp' | 'ForgotPassword';
export interface ChallengeResult {
  ChallengeName: 'Password' | 'Mfa';
  ChallengeResponse: 'Success' | 'Failure';
}

export interface AuthEventRecord {
  poolId: string;
  username: string;
  key: string;
  EventId: string;
  EventType: EventType;
  /** Epoch seconds. */
  CreationDate: number;
  createdAtMs: number;
  EventResponse: 'Pass' | 'Fail' | 'InProgress';
  EventRisk: EventRisk;
  ChallengeResponses: ChallengeResult[];
  EventContextData: { IpAddress?: string; DeviceName?: string };
  EventFeedback?: { FeedbackValue: 'Valid' | 'Invalid'; Provider: string; FeedbackDate: number };
}

/** The caller of a request: `ContextData.IpAddress` (admin calls) or `UserContextData.IpAddress`, and a user agent. */
export function callerOf(input: Json, header: (name: string) => string | undefined): Caller {
  const data = (typeof input.ContextData === 'object' && input.ContextData) || (typeof input.UserContextData === 'object' && input.UserContextData) || {};
  const ip = (data as Json).IpAddress;
  const headers = (data as Json).HttpHeaders;
  let agent: string | undefined;
  if (Array.isArray(headers)) {
    for (const h of headers) {
      if (h && typeof h === 'object' && String((h as Json).headerName).toLowerCase() === 'user-agent' && typeof (h as Json).headerValue === 'string') {
        agent = (h as Json).headerValue as string;
      }
    }
  }
  agent ??= header('user-agent');
  return {
    ...(typeof ip === 'string' && ip.length <= 131 ? { ipAddress: ip } : {}),
    ...(agent ? { deviceName: agent.slice(0, 256) } : {}),
  };
}

export function tracksEvents(pool: UserPool): boolean {
  const mode = (pool.UserPoolAddOns as { AdvancedSecurityMode?: string } | undefined)?.AdvancedSecurityMode;
  return mode === 'AUDIT' || mode === 'ENFORCED';
}

const INVERT = 10 ** 13;

/** Records an event for `username` (when the pool keeps events) and returns it. */
export function recordAuthEvent(
  ctx: OperationContext,
  pool: UserPool,
  username: string,
  event: { type: EventType; response: AuthEventRecord['EventResponse']; challenges?: ChallengeResult[]; risk?: Partial<EventRisk> },
): AuthEventRecord | undefined {
  if (!tracksEvents(pool)) return undefined;
  const ms = ctx.clock.nowMs();
  const id = newUuid();
  const prefix = `${pool.Id}/${username}/`;
  const key = `${prefix}${String(INVERT - ms).padStart(13, '0')}/${id}`;
  const record: AuthEventRecord = {
    poolId: pool.Id,
    username,
    key,
    EventId: id,
    EventType: event.type,
    CreationDate: Math.floor(ms / 1000),
    createdAtMs: ms,
    EventResponse: event.response,
    EventRisk: { RiskDecision: 'NoRisk', CompromisedCredentialsDetected: false, ...ctx.caller?.risk, ...event.risk },
    ChallengeResponses: event.challenges ?? [],
    EventContextData: {
      ...(ctx.caller?.ipAddress ? { IpAddress: ctx.caller.ipAddress } : {}),
      ...(ctx.caller?.deviceName ? { DeviceName: ctx.caller.deviceName } : {}),
    },
  };
  ctx.store.transaction(() => {
    ctx.store.put('authEvent', key, record);
    if (ctx.store.count('authEvent', prefix) > MAX_EVENTS_PER_USER) {
      for (const old of ctx.store.list<AuthEventRecord>('authEvent', prefix).slice(MAX_EVENTS_PER_USER)) ctx.store.delete('authEvent', old.key);
    }
  });
  return record;
}

/** The event's wire shape (AuthEventType). */
export function wireEvent(e: AuthEventRecord): Json {
  return {
    EventId: e.EventId,
    EventType: e.EventType,
    CreationDate: e.CreationDate,
    EventResponse: e.EventResponse,
    EventRisk: e.EventRisk,
    ChallengeResponses: e.ChallengeResponses,
    EventContextData: e.EventContextData,
    ...(e.EventFeedback ? { EventFeedback: e.EventFeedback } : {}),
  };
}

export function findEvent(ctx: Services, pool: UserPool, username: string, eventId: string): AuthEventRecord | undefined {
  return ctx.store.list<AuthEventRecord>('authEvent', `${pool.Id}/${username}/`).find(e => e.EventId === eventId);
}

function feedbackSecret(ctx: Services, pool: UserPool): Buffer {
  return storedSecret(ctx, `feedback/${pool.Id}`);
}

/** The token that lets the user give feedback on one event (sent in risk notifications): an HMAC the server can check. */
export function feedbackToken(ctx: Services, pool: UserPool, username: string, eventId: string): string {
  return createHmac('sha256', feedbackSecret(ctx, pool)).update(`${pool.Id}\n${username}\n${eventId}`).digest('base64url');
}

export function feedbackTokenValid(ctx: Services, pool: UserPool, username: string, eventId: string, token: string): boolean {
  return equalSecrets(feedbackToken(ctx, pool, username, eventId), token);
}
