/**
 * RespondToAuthChallenge: PASSWORD_VERIFIER (verifies the SRP-6a password claim against the state
 * kept for the SECRET_BLOCK, single use) and NEW_PASSWORD_REQUIRED (sets the new password and any
 * required attributes, then signs in). Other challenges arrive with later capabilities.
 */
import { verifyPasswordClaimSignature } from '@cognate/protocol';
import type { Json, Operation, OperationContext } from '../context.js';
import { errors } from '../errors.js';
import type { UserPool, UserPoolClient } from '../model.js';
import { consumeAuthSession, takeSrpState } from '../services/auth-sessions.js';
import { checkPasswordPolicy } from '../services/password-policy.js';
import { checkSecretHash, getClientAndPool } from '../services/pools.js';
import { assertCanAttempt, completePrimaryAuth, recordFailure } from '../services/sign-in.js';
import { applyAttributes, checkRequiredAttributes, getUser, makePassword, poolName, saveUser } from '../services/users.js';
import { optObject, optString, optStringMap, reqString, CLIENT_ID_RULE, PASSWORD_RULE } from '../validate.js';

const CHALLENGES = [
  'SMS_MFA', 'EMAIL_OTP', 'SOFTWARE_TOKEN_MFA', 'SELECT_MFA_TYPE', 'MFA_SETUP', 'PASSWORD_VERIFIER', 'CUSTOM_CHALLENGE', 'SELECT_CHALLENGE',
  'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER', 'ADMIN_NO_SRP_AUTH', 'NEW_PASSWORD_REQUIRED', 'SMS_OTP', 'PASSWORD', 'WEB_AUTHN', 'PASSWORD_SRP',
] as const;

function param(responses: Record<string, string>, name: string): string {
  const value = responses[name];
  if (value === undefined || value === '') throw errors.invalidParameter(`Missing required parameter ${name}`);
  return value;
}

/** TIMESTAMP must be Cognito's format and within 15 minutes of real time. */
function timestampOk(text: string): boolean {
  const m = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/.exec(text);
  if (!m) return false;
  const when = Date.parse(`${m[3]} ${m[2]} ${m[7]} ${m[4]}:${m[5]}:${m[6]} UTC`);
  return Number.isFinite(when) && Math.abs(when - Date.now()) < 15 * 60 * 1000;
}

async function passwordVerifier(ctx: OperationContext, pool: UserPool, client: UserPoolClient, responses: Record<string, string>): Promise<Json> {
  const secretBlock = param(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
  const signature = param(responses, 'PASSWORD_CLAIM_SIGNATURE');
  const timestamp = param(responses, 'TIMESTAMP');
  const login = param(responses, 'USERNAME');
  const state = takeSrpState(ctx, secretBlock);
  if (!state || state.clientId !== client.ClientId) throw errors.notAuthorized('Incorrect username or password.');
  if (state.expiresAt <= ctx.clock.now()) throw errors.notAuthorized('Invalid session for the user, session is expired.');
  const user = getUser(ctx, pool, state.username);
  checkSecretHash(client, responses.SECRET_HASH, [login, state.username]);
  if (!user || state.data?.known !== '1') throw errors.notAuthorized('Incorrect username or password.');
  assertCanAttempt(ctx, user);
  const data = state.data;
  const ok =
    timestampOk(timestamp) &&
    user.password?.verifier === data.verifier &&
    (await verifyPasswordClaimSignature({
      poolName: poolName(pool),
      userId: user.username,
      verifier: data.verifier!,
      session: { b: BigInt('0x' + data.b), B: BigInt('0x' + data.B) },
      srpA: data.A!,
      salt: data.salt!,
      secretBlock,
      timestamp,
      signature,
    }));
  const current = getUser(ctx, pool, user.username) ?? user;
  if (!ok) recordFailure(ctx, pool, current);
  return completePrimaryAuth(ctx, pool, client, current);
}

async function newPasswordRequired(ctx: OperationContext, pool: UserPool, client: UserPoolClient, responses: Record<string, string>, session: string | undefined): Promise<Json> {
  const newPassword = param(responses, 'NEW_PASSWORD');
  optString({ NEW_PASSWORD: newPassword }, 'NEW_PASSWORD', PASSWORD_RULE);
  checkPasswordPolicy(newPassword, pool.Policies.PasswordPolicy);
  const state = consumeAuthSession(ctx, session, client, 'NEW_PASSWORD_REQUIRED');
  const user = getUser(ctx, pool, state.username);
  if (!user) throw errors.notAuthorized('Incorrect username or password.');
  checkSecretHash(client, responses.SECRET_HASH, [responses.USERNAME, user.username]);
  const before = structuredClone(user);
  const attributes = Object.keys(responses)
    .filter((k) => k.startsWith('userAttributes.'))
    .map((k) => ({ Name: k.slice('userAttributes.'.length), Value: responses[k]! }));
  applyAttributes(pool, user.attributes, attributes, { immutableCheck: true });
  checkRequiredAttributes(pool, user.attributes);
  user.password = await makePassword(pool, user.username, newPassword, ctx.clock.now());
  user.status = 'CONFIRMED';
  user.updatedAt = ctx.clock.now();
  saveUser(ctx, pool, user, before);
  return completePrimaryAuth(ctx, pool, client, user);
}

export const respondToAuthChallenge: Operation = (input, ctx) => {
  const clientId = reqString(input, 'ClientId', CLIENT_ID_RULE);
  const challenge = reqString(input, 'ChallengeName', { values: CHALLENGES });
  const session = optString(input, 'Session', { min: 20, max: 2048 });
  const responses = optStringMap(input, 'ChallengeResponses') ?? Object.create(null);
  optStringMap(input, 'ClientMetadata');
  optObject(input, 'UserContextData');
  optObject(input, 'AnalyticsMetadata');
  const { client, pool } = getClientAndPool(ctx, clientId);
  switch (challenge) {
    case 'PASSWORD_VERIFIER':
      return passwordVerifier(ctx, pool, client, responses);
    case 'NEW_PASSWORD_REQUIRED':
      return newPasswordRequired(ctx, pool, client, responses, session);
    default:
      throw errors.unsupportedOperation(`The ${challenge} challenge is not supported by cognate-local yet.`);
  }
};
