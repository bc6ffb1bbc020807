/**
 * RespondToAuthChallenge (and AdminRespondToAuthChallenge): routes each challenge to its handler
 * in `challenges/`. PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED, SMS_MFA, EMAIL_OTP,
 * SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER and
 * CUSTOM_CHALLENGE.
 */
import type { Json, Operation, OperationContext } from '../context.js';
import { errors } from '../errors.js';
import type { UserPool, UserPoolClient } from '../model.js';
import { codeChallenge, mfaSetup, selectMfaType } from '../challenges/mfa.js';
import { customChallenge } from '../challenges/custom-challenge.js';
import { answerSelectChallenge } from '../challenges/user-auth.js';
import { answerWebAuthn } from './webauthn.js';
import { newPasswordRequired } from '../challenges/new-password-required.js';
import { devicePasswordVerifier, deviceSrpAuth, passwordVerifier } from '../challenges/password-verifier.js';
import { getClient, getClientAndPool, getPool } from '../services/pools.js';
import { optObject, optString, optStringMap, reqEnum, reqString, CLIENT_ID_RULE, POOL_ID_RULE } from '../validate.js';
import { CHALLENGE_NAMES, type ChallengeName } from '@cognate/protocol/wire';

/** One challenge answer, routed to its handler; the hosted pages answer their challenges here too. */
export function respond(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  challenge: ChallengeName,
  responses: Record<string, string>,
  session: string | undefined,
): Promise<Json> | Json {
  switch (challenge) {
    case 'PASSWORD_VERIFIER':
      return passwordVerifier(ctx, pool, client, responses);
    case 'NEW_PASSWORD_REQUIRED':
      return newPasswordRequired(ctx, pool, client, responses, session);
    case 'SMS_MFA':
    case 'SMS_OTP':
    case 'EMAIL_OTP':
    case 'SOFTWARE_TOKEN_MFA':
      return codeChallenge(ctx, pool, client, challenge, responses, session);
    case 'SELECT_MFA_TYPE':
      return selectMfaType(ctx, pool, client, responses, session);
    case 'MFA_SETUP':
      return mfaSetup(ctx, pool, client, responses, session);
    case 'DEVICE_SRP_AUTH':
      return deviceSrpAuth(ctx, pool, client, responses, session);
    case 'DEVICE_PASSWORD_VERIFIER':
      return devicePasswordVerifier(ctx, pool, client, responses, session);
    case 'CUSTOM_CHALLENGE':
      return customChallenge(ctx, pool, client, responses, session);
    case 'SELECT_CHALLENGE':
      return answerSelectChallenge(ctx, pool, client, responses, session);
    case 'WEB_AUTHN':
      return answerWebAuthn(ctx, pool, client, responses, session);
  }
  throw errors.unsupportedOperation(`The ${challenge} challenge is not supported by cognate-local yet.`);
}

function common(input: Json): { challenge: ChallengeName; session: string | undefined; responses: Record<string, string> } {
  const challenge = reqEnum(input, 'ChallengeName', CHALLENGE_NAMES);
  const session = optString(input, 'Session', { min: 20, max: 2048 });
  const responses = optStringMap(input, 'ChallengeResponses') ?? Object.create(null);
  optStringMap(input, 'ClientMetadata');
  optObject(input, 'AnalyticsMetadata');
  return { challenge, session, responses };
}

export const respondToAuthChallenge: Operation = (input, ctx) => {
  const clientId = reqString(input, 'ClientId', CLIENT_ID_RULE);
  const { challenge, session, responses } = common(input);
  optObject(input, 'UserContextData');
  const { client, pool } = getClientAndPool(ctx, clientId);
  return respond(ctx, pool, client, challenge, responses, session);
};

export const adminRespondToAuthChallenge: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const client = getClient(ctx, reqString(input, 'ClientId', CLIENT_ID_RULE), pool.Id);
  const { challenge, session, responses } = common(input);
  optObject(input, 'ContextData');
  return respond(ctx, pool, client, challenge, responses, session);
};
