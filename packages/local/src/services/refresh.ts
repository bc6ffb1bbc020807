/**
 * One refresh of a token family, shared by GetTokensFromRefreshToken and the OAuth `refresh_token`
 * grant so rotation and reuse detection exist once. Refusals come back as a reason rather than an
 * exception: the AWS API answers with Cognito exceptions, the OAuth endpoint with `invalid_grant`,
 * and errors from issuing (a failing PreTokenGeneration trigger) must still propagate on both.
 */
import type { OperationContext } from '../context.js';
import type { TokenFamily, UserPoolClient } from '../model.js';
import {
  claimRotation,
  issueTokens,
  replayedAfterRotation,
  resolveRefreshToken,
  reusedAfterRotation,
  revokeFamily,
  type AuthenticationResult,
} from './tokens.js';
import { withUserLock } from './user-lock.js';
import { getUser } from './users.js';

export type RefreshRefusal =
  /** resolveRefreshToken refused (unknown, revoked, expired, other client); `error` is its Cognito error. */
  | { reason: 'token'; error: unknown }
  /** Rotation replaced this token and its grace period is over. */
  | { reason: 'reused' }
  | { reason: 'userGone' }
  | { reason: 'userDisabled' };

export type RefreshOutcome = { ok: true; tokens: AuthenticationResult; family: TokenFamily } | { ok: false; refusal: RefreshRefusal };

interface RefreshInput {
  token: string;
  /** The already authenticated client; its RefreshTokenRotation decides rotation. */
  client: UserPoolClient;
  /** Tokens from the OAuth endpoint carry `version: 2` in the access token. */
  oauth?: boolean;
}

/**
 * New ID and access tokens for a live refresh token. With rotation ENABLED also a new refresh
 * token; the presented one is marked rotated once (a retry within the grace period does not extend
 * the grace period) and is refused as reused after RetryGracePeriodSeconds.
 *
 * Refreshes of one user are one step at a time (withUserLock), each re-reading the token, so of N
 * parallel refreshes of one token exactly one rotates it and the others are refused as reused.
 * Reuse detection: a rotated-away token presented later than ROTATION_RACE_SECONDS after its
 * rotation is a replay, and ends its whole family, the new tokens included; sooner, it is a request
 * that lost the race, and the winner's new tokens stay the user's session.
 */
export async function refreshFamily(ctx: OperationContext, input: RefreshInput): Promise<RefreshOutcome> {
  const { client } = input;
  const arrived = resolve(ctx, input.token, client.ClientId);
  if (!arrived.ok) return arrived;
  const {
    pool,
    family: { username },
  } = arrived.resolved;
  return withUserLock(ctx, pool, username, async () => {
    // Again, now that this request has the user to itself: a parallel one may have rotated or revoked it.
    const now = resolve(ctx, input.token, client.ClientId);
    if (!now.ok) return now;
    const { record, hash, family } = now.resolved;
    const rotating = client.RefreshTokenRotation?.Feature === 'ENABLED';
    if (reusedAfterRotation(ctx, record)) {
      if (replayedAfterRotation(ctx, record)) revokeFamily(ctx, family);
      return { ok: false, refusal: { reason: 'reused' } };
    }
    const user = getUser(ctx, pool, family.username);
    if (!user) return { ok: false, refusal: { reason: 'userGone' } };
    if (!user.enabled) return { ok: false, refusal: { reason: 'userDisabled' } };
    const tokens = await issueTokens(ctx, {
      pool,
      client,
      user,
      family,
      withRefreshToken: rotating,
      source: 'TokenGeneration_RefreshTokens',
      ...(input.oauth ? { oauth: true } : {}),
    });
    // Across processes on one --data folder the user lock is this process's only: whether this
    // refresh rotated the token, or another one did meanwhile, is settled in the write.
    if (rotating && !claimRotation(ctx, hash, client.RefreshTokenRotation?.RetryGracePeriodSeconds ?? 0, tokens.RefreshToken)) {
      return { ok: false, refusal: { reason: 'reused' } };
    }
    return { ok: true, tokens, family };
  });
}

function resolve(
  ctx: OperationContext,
  token: string,
  clientId: string,
): { ok: true; resolved: ReturnType<typeof resolveRefreshToken> } | { ok: false; refusal: RefreshRefusal } {
  try {
    return { ok: true, resolved: resolveRefreshToken(ctx, token, clientId) };
  } catch (error) {
    return { ok: false, refusal: { reason: 'token', error } };
  }
}
