/**
 * AdminListUserAuthEvents, AdminUpdateAuthEventFeedback, UpdateAuthEventFeedback over the events
 * services/auth-events.ts records at sign-in. Like Cognito, they need threat protection on the pool
 * (`UserPoolAddOns.AdvancedSecurityMode` AUDIT or ENFORCED): otherwise UserPoolAddOnNotEnabledException.
 * UpdateAuthEventFeedback is the user's own answer, authorised by the feedback token that the risk
 * notification carries (an HMAC the server checks), not by IAM.
 */
import type { Json, Operation, OperationContext } from '../context.js';
import { CognitoError, errors } from '../errors.js';
import type { UserPool, UserRecord } from '../model.js';
import { feedbackTokenValid, findEvent, tracksEvents, wireEvent, type AuthEventRecord } from '../services/auth-events.js';
import { getPool } from '../services/pools.js';
import { requireUser } from '../services/users.js';
import { optInt, optString, reqString, POOL_ID_RULE, USERNAME_RULE } from '../validate.js';

const EVENT_ID = { min: 1, max: 50, pattern: /^[\w+-]+$/, patternText: '[\\w+-]+' };
const FEEDBACK = { values: ['Valid', 'Invalid'] };

function target(ctx: OperationContext, input: Json): { pool: UserPool; user: UserRecord } {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const username = reqString(input, 'Username', USERNAME_RULE);
  if (!tracksEvents(pool)) throw new CognitoError('UserPoolAddOnNotEnabledException', 'Advanced security features are not enabled for this user pool.');
  return { pool, user: requireUser(ctx, pool, username) };
}

export const adminListUserAuthEvents: Operation = (input, ctx) => {
  const max = optInt(input, 'MaxResults', 0, 60) || 60;
  const next = optString(input, 'NextToken', { min: 1, max: 1024 });
  const { pool, user } = target(ctx, input);
  const all = ctx.store.list<AuthEventRecord>('authEvent', `${pool.Id}/${user.username}/`);
  let start = 0;
  if (next !== undefined) {
    const after = Buffer.from(next, 'base64url').toString('utf8');
    if (!after.startsWith(`${pool.Id}/${user.username}/`)) throw errors.invalidParameter('Invalid NextToken.');
    start = all.findIndex(e => e.key > after);
    if (start < 0) start = all.length;
  }
  const page = all.slice(start, start + max);
  const more = start + max < all.length;
  return {
    AuthEvents: page.map(wireEvent),
    ...(more ? { NextToken: Buffer.from(page[page.length - 1]!.key).toString('base64url') } : {}),
  };
};

function giveFeedback(ctx: OperationContext, pool: UserPool, user: UserRecord, eventId: string, value: string, provider: string): void {
  const event = findEvent(ctx, pool, user.username, eventId);
  if (!event) throw errors.resourceNotFound(`Auth event ${eventId} does not exist.`);
  ctx.store.put('authEvent', event.key, {
    ...event,
    EventFeedback: { FeedbackValue: value as 'Valid' | 'Invalid', Provider: provider, FeedbackDate: ctx.clock.now() },
  } satisfies AuthEventRecord);
}

export const adminUpdateAuthEventFeedback: Operation = (input, ctx) => {
  const eventId = reqString(input, 'EventId', EVENT_ID);
  const value = reqString(input, 'FeedbackValue', FEEDBACK);
  const { pool, user } = target(ctx, input);
  giveFeedback(ctx, pool, user, eventId, value, 'Admin');
  return {};
};

export const updateAuthEventFeedback: Operation = (input, ctx) => {
  const eventId = reqString(input, 'EventId', EVENT_ID);
  const token = reqString(input, 'FeedbackToken', { min: 1, max: 2048 });
  const value = reqString(input, 'FeedbackValue', FEEDBACK);
  const { pool, user } = target(ctx, input);
  if (!feedbackTokenValid(ctx, pool, user.username, eventId, token)) throw errors.notAuthorized('Invalid feedback token.');
  giveFeedback(ctx, pool, user, eventId, value, 'User');
  return {};
};
