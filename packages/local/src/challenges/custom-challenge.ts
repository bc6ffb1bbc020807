/**
 * CUSTOM_AUTH with the Define / Create / Verify Auth Challenge triggers. Define decides each step
 * from the history of challenge results; Create makes a CUSTOM_CHALLENGE (its private parameters
 * stay on the server, in the session); Verify judges the ANSWER. With CHALLENGE_NAME=SRP_A the
 * history starts with SRP_A and Define may ask for PASSWORD_VERIFIER first (CUSTOM_WITH_SRP).
 *
 * An unknown user on a client with PreventUserExistenceErrors ENABLED goes through the same
 * triggers, told `userNotFound: true` (with no attributes), as Cognito does, so the triggers can
 * answer with a challenge that looks like a real one; Define can never get tokens issued for them.
 */
import type { Json, OperationContext } from '../context.js';
import { CognitoError, errors } from '../errors.js';
import type { UserPool, UserPoolClient, UserRecord } from '../model.js';
import { consumeAuthSession, createAuthSession } from '../services/auth-sessions.js';
import { checkSecretHash } from '../services/pools.js';
import { checkDeviceKey, finishSignIn, stateFrom, carry, type SignInState } from '../services/sign-in.js';
import { hasTrigger, runTrigger, triggerAttributes } from '../services/triggers.js';
import { getUser, newUserRecord } from '../services/users.js';
import { param } from './params.js';

export interface ChallengeResult {
  challengeName: string;
  challengeResult: boolean;
  challengeMetadata?: string;
}

const GHOSTS = new WeakSet<UserRecord>();

/** Stands for a user who does not exist (PreventUserExistenceErrors ENABLED): the name as given, no attributes. */
export function unknownCustomUser(pool: UserPool, login: string): UserRecord {
  const ghost = newUserRecord(pool, login, '', {}, 'CONFIRMED', 0);
  GHOSTS.add(ghost);
  return ghost;
}

const notFound = (user: UserRecord): boolean => GHOSTS.has(user);
const attributesFor = (user: UserRecord): Record<string, string> => (notFound(user) ? {} : triggerAttributes(user));

export function requireCustomAuth(pool: UserPool): void {
  if (!hasTrigger(pool, 'DefineAuthChallenge')) {
    throw errors.invalidParameter('Custom auth lambda trigger is not configured for the user pool.');
  }
}

export async function defineAuthChallenge(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  user: UserRecord,
  history: ChallengeResult[],
): Promise<{ challengeName?: string; issueTokens: boolean; failAuthentication: boolean }> {
  const response = await runTrigger(ctx, pool, 'DefineAuthChallenge', {
    triggerSource: 'DefineAuthChallenge_Authentication',
    userName: user.username,
    clientId: client.ClientId,
    request: { userAttributes: attributesFor(user), session: history, clientMetadata: {}, userNotFound: notFound(user) },
    response: { challengeName: null, issueTokens: false, failAuthentication: false },
  });
  if (!response) throw errors.invalidParameter('Custom auth lambda trigger is not configured for the user pool.');
  const name = response.challengeName;
  return {
    ...(typeof name === 'string' && name !== '' ? { challengeName: name } : {}),
    issueTokens: response.issueTokens === true,
    failAuthentication: response.failAuthentication === true,
  };
}

/** Asks Define what comes next and acts on it. */
export async function nextCustomStep(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  user: UserRecord,
  history: ChallengeResult[],
  state: SignInState,
): Promise<Json> {
  const decision = await defineAuthChallenge(ctx, pool, client, user, history);
  if (decision.failAuthentication) throw errors.notAuthorized('Incorrect username or password.');
  if (decision.issueTokens) {
    if (notFound(user)) throw errors.notAuthorized('Incorrect username or password.');
    if (user.status === 'UNCONFIRMED') throw errors.userNotConfirmed();
    return finishSignIn(ctx, pool, client, user, state);
  }
  if (decision.challengeName !== 'CUSTOM_CHALLENGE') {
    throw new CognitoError(
      'InvalidLambdaResponseException',
      `Unrecognizable lambda output: challengeName ${decision.challengeName ?? 'null'} cannot be issued here.`,
    );
  }
  const created = await runTrigger(ctx, pool, 'CreateAuthChallenge', {
    triggerSource: 'CreateAuthChallenge_Authentication',
    userName: user.username,
    clientId: client.ClientId,
    request: {
      userAttributes: attributesFor(user),
      challengeName: 'CUSTOM_CHALLENGE',
      session: history,
      clientMetadata: {},
      userNotFound: notFound(user),
    },
    response: { publicChallengeParameters: {}, privateChallengeParameters: {}, challengeMetadata: null },
  });
  if (!created) throw errors.invalidParameter('Custom auth lambda trigger is not configured for the user pool.');
  const publicParams: Record<string, string> = {};
  for (const [k, v] of Object.entries((created.publicChallengeParameters as Json | undefined) ?? {})) publicParams[k] = String(v);
  return {
    ChallengeName: 'CUSTOM_CHALLENGE',
    Session: createAuthSession(ctx, client, user.username, 'CUSTOM_CHALLENGE', {
      ...carry(state),
      history: JSON.stringify(history),
      private: JSON.stringify(created.privateChallengeParameters ?? {}),
      ...(typeof created.challengeMetadata === 'string' ? { metadata: created.challengeMetadata } : {}),
      ...(notFound(user) ? { userNotFound: '1' } : {}),
    }),
    ChallengeParameters: { ...publicParams, USERNAME: user.username },
  };
}

export async function customChallenge(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  responses: Record<string, string>,
  session: string | undefined,
): Promise<Json> {
  const answer = param(responses, 'ANSWER');
  const record = consumeAuthSession(ctx, session, client, 'CUSTOM_CHALLENGE');
  const data = record.data ?? {};
  const user = data.userNotFound === '1' ? unknownCustomUser(pool, record.username) : getUser(ctx, pool, record.username);
  if (!user || !user.enabled) throw errors.notAuthorized('Incorrect username or password.');
  checkSecretHash(client, responses.SECRET_HASH, [responses.USERNAME, user.username]);
  if (notFound(user) && responses.DEVICE_KEY) throw errors.resourceNotFound('Device does not exist.');
  if (!notFound(user)) checkDeviceKey(ctx, pool, user, responses.DEVICE_KEY);
  const verified = await runTrigger(ctx, pool, 'VerifyAuthChallengeResponse', {
    triggerSource: 'VerifyAuthChallengeResponse_Authentication',
    userName: user.username,
    clientId: client.ClientId,
    request: {
      userAttributes: attributesFor(user),
      privateChallengeParameters: JSON.parse(data.private ?? '{}'),
      challengeAnswer: answer,
      clientMetadata: {},
      userNotFound: notFound(user),
    },
    response: { answerCorrect: false },
  });
  const history = JSON.parse(data.history ?? '[]') as ChallengeResult[];
  history.push({
    challengeName: 'CUSTOM_CHALLENGE',
    challengeResult: verified?.answerCorrect === true,
    ...(data.metadata ? { challengeMetadata: data.metadata } : {}),
  });
  return nextCustomStep(ctx, pool, client, user, history, stateFrom(data, responses.DEVICE_KEY));
}
