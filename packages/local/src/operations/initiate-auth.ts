/**
 * InitiateAuth (and AdminInitiateAuth): USER_SRP_AUTH with real server-side SRP-6a,
 * USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH / REFRESH_TOKEN, ADMIN_USER_PASSWORD_AUTH (admin only).
 * The client's ExplicitAuthFlows and SECRET_HASH are enforced; unknown users follow the client's
 * PreventUserExistenceErrors (ENABLED answers SRP with a simulated challenge that then fails, and a
 * password with the same work and answer as a wrong one).
 */
import type { Json, Operation, OperationContext } from '../context.js';
import { errors } from '../errors.js';
import type { UserPool, UserPoolClient, UserRecord } from '../model.js';
import { checkSrpA, passwordVerifierChallenge } from '../challenges/password-verifier.js';
import { startUserAuth } from '../challenges/user-auth.js';
import { checkSecretHash, getClient, getPool, peekClient, peekPool, requireAuthFlow } from '../services/pools.js';
import { checkCompromisedPassword } from '../services/risk.js';
import { assertCanAttempt, checkDeviceKey, checkPassword, completePrimaryAuth, preAuthentication, type SignInState } from '../services/sign-in.js';
import { hidesUsers, simulatedPasswordCheck } from '../services/existence.js';
import { issueTokens, resolveRefreshToken } from '../services/tokens.js';
import { findUser, getUser, passwordMatches } from '../services/users.js';
import { defineAuthChallenge, nextCustomStep, requireCustomAuth, unknownCustomUser, type ChallengeResult } from '../challenges/custom-challenge.js';
import { optObject, optString, optStringMap, reqEnum, reqString, CLIENT_ID_RULE, POOL_ID_RULE } from '../validate.js';
import { AUTH_FLOWS, type AuthFlow } from '@cognate/protocol/wire';

function requireParam(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw errors.invalidParameter(`Missing required parameter ${name}`);
  return value;
}

function unknownUser(client: UserPoolClient): never {
  if (client.PreventUserExistenceErrors === 'ENABLED') throw errors.notAuthorized('Incorrect username or password.');
  throw errors.userNotFound('User does not exist.');
}

/**
 * The first steps of a flow that names a user: find them (username or alias), check SECRET_HASH,
 * refuse an unknown user, refuse a locked-out user, check DEVICE_KEY, and run the PreAuthentication
 * trigger. With `hideUnknown` and PreventUserExistenceErrors ENABLED it goes on without a user (SRP
 * answers a simulated challenge, a password gets the same hash work) and leaves the locked-out,
 * disabled and RESET_REQUIRED checks until after the password (assertCanAttemptQuietly).
 */
async function beginAuth(ctx: OperationContext, pool: UserPool, client: UserPoolClient, login: string, params: Record<string, string>): Promise<UserRecord>;
async function beginAuth(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  login: string,
  params: Record<string, string>,
  hideUnknown: true,
): Promise<Readonly<UserRecord> | undefined>;
async function beginAuth(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  login: string,
  params: Record<string, string>,
  hideUnknown = false,
): Promise<UserRecord | undefined> {
  // The password and SRP flows only read the user found here (they read it again under its lock to
  // change it): the shared, frozen record. The custom flow hands it on to its triggers' steps: a copy.
  const user = hideUnknown ? findUser(ctx, pool, login, true) : findUser(ctx, pool, login);
  checkSecretHash(client, params.SECRET_HASH, [login, user?.username]);
  const quiet = hideUnknown && hidesUsers(client);
  if (!user && !quiet) unknownUser(client);
  if (user && !quiet) assertCanAttempt(ctx, user);
  // A DEVICE_KEY names none of an unknown user's devices, as a made-up one names none of a known user's.
  if (!user && params.DEVICE_KEY) throw errors.resourceNotFound('Device does not exist.');
  checkDeviceKey(ctx, pool, user, params.DEVICE_KEY);
  if (user) await preAuthentication(ctx, pool, client, user);
  return user;
}

/**
 * USER_PASSWORD_AUTH (and the admin password flows) after the client's flow check; the hosted
 * sign-in page enters here too, with `state.hosted` (Cognito's hosted UI works whatever the
 * client's ExplicitAuthFlows).
 */
export async function passwordAuth(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  params: Record<string, string>,
  state: SignInState = {},
): Promise<Json> {
  const login = requireParam(params, 'USERNAME');
  const password = requireParam(params, 'PASSWORD');
  const user = await beginAuth(ctx, pool, client, login, params, true);
  if (!user) {
    await simulatedPasswordCheck(ctx, pool, login, password);
    throw errors.notAuthorized('Incorrect username or password.');
  }
  const checked = await checkPassword(ctx, pool, user.username, current => passwordMatches(pool, current, password), { quiet: hidesUsers(client) });
  checkCompromisedPassword(ctx, pool, client.ClientId, checked, password);
  const deviceKey = params.DEVICE_KEY;
  return completePrimaryAuth(ctx, pool, client, checked, { ...state, ...(deviceKey ? { deviceKey } : {}) });
}

async function srpAuth(ctx: OperationContext, pool: UserPool, client: UserPoolClient, params: Record<string, string>): Promise<Json> {
  const login = requireParam(params, 'USERNAME');
  const srpA = checkSrpA(requireParam(params, 'SRP_A'));
  const user = await beginAuth(ctx, pool, client, login, params, true);
  return passwordVerifierChallenge(ctx, pool, client, user, login, srpA, params.DEVICE_KEY ? { deviceKey: params.DEVICE_KEY } : {});
}

async function refreshAuth(ctx: OperationContext, client: UserPoolClient, params: Record<string, string>): Promise<Json> {
  // Cognito documents this flow as unavailable on an app client that rotates refresh tokens: a
  // rotating client refreshes with GetTokensFromRefreshToken, which rotates and detects reuse (this
  // flow does neither). The exception type is not documented; InvalidParameterException is ours.
  if (client.RefreshTokenRotation?.Feature === 'ENABLED') {
    throw errors.invalidParameter('REFRESH_TOKEN_AUTH is not supported for an app client with refresh token rotation enabled. Use GetTokensFromRefreshToken.');
  }
  const token = requireParam(params, 'REFRESH_TOKEN');
  const { family, pool } = resolveRefreshToken(ctx, token, client.ClientId);
  const user = getUser(ctx, pool, family.username);
  if (!user) throw errors.notAuthorized('Refresh Token has been revoked');
  checkSecretHash(client, params.SECRET_HASH, [user.username, params.USERNAME]);
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');
  const result = await issueTokens(ctx, { pool, client, user, family, withRefreshToken: false, source: 'TokenGeneration_RefreshTokens' });
  return { ChallengeParameters: {}, AuthenticationResult: result };
}

async function customAuth(ctx: OperationContext, pool: UserPool, client: UserPoolClient, params: Record<string, string>): Promise<Json> {
  requireCustomAuth(pool);
  const login = requireParam(params, 'USERNAME');
  const state = params.DEVICE_KEY ? { deviceKey: params.DEVICE_KEY } : {};
  // An unknown user on a client that hides existence: the triggers run, told userNotFound (not with SRP_A).
  if (hidesUsers(client) && params.CHALLENGE_NAME !== 'SRP_A' && !findUser(ctx, pool, login)) {
    checkSecretHash(client, params.SECRET_HASH, [login]);
    if (params.DEVICE_KEY) throw errors.resourceNotFound('Device does not exist.');
    return nextCustomStep(ctx, pool, client, unknownCustomUser(pool, login), [], state);
  }
  const user = await beginAuth(ctx, pool, client, login, params);
  if (params.CHALLENGE_NAME === 'SRP_A') {
    const history: ChallengeResult[] = [{ challengeName: 'SRP_A', challengeResult: true }];
    const decision = await defineAuthChallenge(ctx, pool, client, user, history);
    if (decision.failAuthentication) throw errors.notAuthorized('Incorrect username or password.');
    if (decision.challengeName === 'PASSWORD_VERIFIER') {
      const srpA = checkSrpA(requireParam(params, 'SRP_A'));
      return passwordVerifierChallenge(ctx, pool, client, user, login, srpA, {
        ...(params.DEVICE_KEY ? { deviceKey: params.DEVICE_KEY } : {}),
        custom: JSON.stringify(history),
      });
    }
    return nextCustomStep(ctx, pool, client, user, history, state);
  }
  return nextCustomStep(ctx, pool, client, user, [], state);
}

async function initiate(
  ctx: OperationContext,
  flow: AuthFlow,
  client: UserPoolClient,
  pool: UserPool,
  params: Record<string, string>,
  admin: boolean,
  session?: string,
): Promise<Json> {
  switch (flow) {
    case 'USER_SRP_AUTH':
      requireAuthFlow(client, 'ALLOW_USER_SRP_AUTH');
      return srpAuth(ctx, pool, client, params);
    case 'USER_PASSWORD_AUTH':
      if (admin) throw errors.invalidParameter('Initiate Auth method not supported.');
      requireAuthFlow(client, 'ALLOW_USER_PASSWORD_AUTH');
      return passwordAuth(ctx, pool, client, params);
    case 'ADMIN_USER_PASSWORD_AUTH':
    case 'ADMIN_NO_SRP_AUTH':
      if (!admin) throw errors.invalidParameter('Initiate Auth method not supported.');
      requireAuthFlow(client, 'ALLOW_ADMIN_USER_PASSWORD_AUTH');
      return passwordAuth(ctx, pool, client, params);
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN':
      requireAuthFlow(client, 'ALLOW_REFRESH_TOKEN_AUTH');
      return refreshAuth(ctx, client, params);
    case 'CUSTOM_AUTH':
      requireAuthFlow(client, 'ALLOW_CUSTOM_AUTH');
      return customAuth(ctx, pool, client, params);
    case 'USER_AUTH':
      return startUserAuth(ctx, pool, client, params, session);
    default:
      throw errors.invalidParameter('Initiate Auth method not supported.');
  }
}

export const initiateAuth: Operation = (input, ctx) => {
  const clientId = reqString(input, 'ClientId', CLIENT_ID_RULE);
  const flow = reqEnum(input, 'AuthFlow', AUTH_FLOWS);
  const params = optStringMap(input, 'AuthParameters') ?? Object.create(null);
  optStringMap(input, 'ClientMetadata');
  const session = optString(input, 'Session', { min: 20, max: 2048 });
  optObject(input, 'UserContextData');
  optObject(input, 'AnalyticsMetadata');
  // Read only, on every flow: the store's shared, frozen records (Store.peek), not copies of them.
  const client = peekClient(ctx, clientId);
  return initiate(ctx, flow, client, peekPool(ctx, client.UserPoolId), params, false, session);
};

export const adminInitiateAuth: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const client = getClient(ctx, reqString(input, 'ClientId', CLIENT_ID_RULE), pool.Id);
  const flow = reqEnum(input, 'AuthFlow', AUTH_FLOWS);
  const params = optStringMap(input, 'AuthParameters') ?? Object.create(null);
  optStringMap(input, 'ClientMetadata');
  optObject(input, 'ContextData');
  optObject(input, 'AnalyticsMetadata');
  return initiate(ctx, flow, client, pool, params, true);
};
