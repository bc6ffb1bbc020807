/**
 * PASSWORD_VERIFIER: checks the SRP-6a password claim against the state kept for the SECRET_BLOCK
 * (single use), and DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER, the same proof for a device.
 */
import { createHash, randomBytes } from 'node:crypto';
import { SRP_N } from '@cognate/protocol';
import { startSrpServerSession, verifyPasswordClaimSignature } from '../services/srp.js';
import type { Json, OperationContext } from '../context.js';
import { errors } from '../errors.js';
import type { UserPool, UserPoolClient, UserRecord } from '../model.js';
import { consumeAuthSession, createAuthSession, newSrpSecretBlock, putSrpState, srpSecretBlockExpired, takeSrpState } from '../services/auth-sessions.js';
import { getDevice, saveDevice, usableVerifier } from '../services/devices.js';
import { checkSecretHash } from '../services/pools.js';
import { assertCanAttempt, checkDeviceKey, checkPassword, completePrimaryAuth, continueAfterFirstFactor, stateFrom } from '../services/sign-in.js';
import { getUser, poolName } from '../services/users.js';
import { hidesUsers, simulatedSalt, simulatedUserId, simulatedVerifier } from '../services/existence.js';
import { nextCustomStep, type ChallengeResult } from './custom-challenge.js';
import { param } from './params.js';

/**
 * SRP_A must be hex and a group element other than 0: 0 < A < N, however many leading zeros it is
 * spelled with (RFC 5054 §2.5.4 refuses A mod N = 0; a client's A = g^a mod N is never N or more).
 */
export function checkSrpA(srpA: string): string {
  if (srpA.length > 1024 || !/^[0-9a-fA-F]+$/.test(srpA)) throw errors.invalidParameter('Invalid SRP_A value.');
  const A = BigInt('0x' + srpA);
  if (A === 0n || A >= SRP_N) {
    throw errors.invalidParameter('Invalid SRP_A value.');
  }
  return srpA;
}

/**
 * The PASSWORD_VERIFIER challenge: B from the user's verifier, state kept under the SECRET_BLOCK.
 * For an unknown user (PreventUserExistenceErrors ENABLED) the salt, verifier and USER_ID_FOR_SRP
 * are simulated, stable per username (services/existence.ts), so the challenge looks like a real
 * user's; its answer then fails after the same proof check.
 */
export async function passwordVerifierChallenge(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  user: UserRecord | undefined,
  login: string,
  srpA: string,
  extra: Record<string, string>,
): Promise<Json> {
  const username = user?.username ?? simulatedUserId(ctx, pool, login);
  const verifier = user?.password?.verifier ?? simulatedVerifier(ctx, pool, login);
  const salt = user?.password?.salt ?? simulatedSalt(ctx, pool, login);
  const session = await startSrpServerSession(verifier, srpA);
  const expiresAt = ctx.clock.now() + client.AuthSessionValidity * 60;
  const secretBlock = newSrpSecretBlock(ctx, expiresAt);
  putSrpState(ctx, secretBlock, {
    poolId: pool.Id,
    clientId: client.ClientId,
    username,
    challenge: 'PASSWORD_VERIFIER',
    expiresAt,
    // The verifier and salt are not kept (a third of the state): a real user's are read again at the
    // answer (the state keeps a hash to tell a changed password), a simulated one's derived again.
    data: {
      b: session.b.toString(16),
      B: session.B.toString(16),
      A: srpA,
      ...(user?.password ? { known: '1', verifierHash: verifierHash(verifier) } : { known: '0', login }),
      ...extra,
    },
  });
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeParameters: { SALT: salt, SECRET_BLOCK: secretBlock, SRP_B: session.B.toString(16), USERNAME: username, USER_ID_FOR_SRP: username },
  };
}

const verifierHash = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** TIMESTAMP must be Cognito's format and within 15 minutes of real time (not the shifted clock). */
function timestampOk(text: string): boolean {
  const m = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/.exec(text);
  if (!m) return false;
  const when = Date.parse(`${m[3]} ${m[2]} ${m[7]} ${m[4]}:${m[5]}:${m[6]} UTC`);
  return Number.isFinite(when) && Math.abs(when - Date.now()) < 15 * 60 * 1000;
}

export async function passwordVerifier(ctx: OperationContext, pool: UserPool, client: UserPoolClient, responses: Record<string, string>): Promise<Json> {
  const secretBlock = param(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
  const signature = param(responses, 'PASSWORD_CLAIM_SIGNATURE');
  const timestamp = param(responses, 'TIMESTAMP');
  const login = param(responses, 'USERNAME');
  const state = takeSrpState(ctx, secretBlock);
  // The state is forgotten once expired (or dropped by the pool's cap); the SECRET_BLOCK says whether it expired.
  if (!state && srpSecretBlockExpired(ctx, secretBlock)) throw errors.notAuthorized('Invalid session for the user, session is expired.');
  if (!state || state.clientId !== client.ClientId || state.challenge !== 'PASSWORD_VERIFIER') throw errors.notAuthorized('Incorrect username or password.');
  if (state.expiresAt <= ctx.clock.now()) throw errors.notAuthorized('Invalid session for the user, session is expired.');
  const user = getUser(ctx, pool, state.username);
  checkSecretHash(client, responses.SECRET_HASH, [login, state.username]);
  const quiet = hidesUsers(client);
  const data = state.data ?? {};
  /** The client's proof checked against the challenge's verifier and salt, for `userId`. */
  const proofValid = (userId: string, verifier: string, salt: string) =>
    verifyPasswordClaimSignature({
      poolName: poolName(pool),
      userId,
      verifier,
      session: { b: BigInt('0x' + data.b), B: BigInt('0x' + data.B) },
      srpA: data.A!,
      salt,
      secretBlock,
      timestamp,
      signature,
    });
  // States stored by an older build (`--data`) still carry the verifier and salt themselves.
  const sameVerifier = (verifier: string | undefined) =>
    verifier !== undefined && (data.verifier !== undefined ? verifier === data.verifier : verifierHash(verifier) === data.verifierHash);
  if (!user || data.known !== '1') {
    // A simulated challenge (unknown user): the same proof check against its simulated verifier.
    if (quiet && data.known === '0' && timestampOk(timestamp)) {
      const typed = data.login ?? state.username;
      await proofValid(state.username, data.verifier ?? simulatedVerifier(ctx, pool, typed), data.salt ?? simulatedSalt(ctx, pool, typed));
    }
    throw errors.notAuthorized('Incorrect username or password.');
  }
  if (!quiet) assertCanAttempt(ctx, user);
  const current = await checkPassword(
    ctx,
    pool,
    user.username,
    async stored =>
      timestampOk(timestamp) && sameVerifier(stored.password?.verifier) && proofValid(stored.username, stored.password!.verifier, stored.password!.salt),
    { quiet },
  );
  // Amplify sends the remembered device with this answer, not with InitiateAuth.
  checkDeviceKey(ctx, pool, current, responses.DEVICE_KEY);
  const signIn = stateFrom(data, responses.DEVICE_KEY);
  if (data.custom !== undefined) {
    // CUSTOM_WITH_SRP: the password was one step; Define decides what follows.
    const history = JSON.parse(data.custom) as ChallengeResult[];
    history.push({ challengeName: 'PASSWORD_VERIFIER', challengeResult: true });
    return nextCustomStep(ctx, pool, client, current, history, signIn);
  }
  return completePrimaryAuth(ctx, pool, client, current, signIn);
}

/** DEVICE_SRP_AUTH: the client sends SRP_A for its device; answer with DEVICE_PASSWORD_VERIFIER. */
export async function deviceSrpAuth(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  responses: Record<string, string>,
  session: string | undefined,
): Promise<Json> {
  const record = consumeAuthSession(ctx, session, client, 'DEVICE_SRP_AUTH');
  const user = getUser(ctx, pool, record.username);
  if (!user) throw errors.notAuthorized('Incorrect username or password.');
  const key = param(responses, 'DEVICE_KEY');
  const srpA = checkSrpA(param(responses, 'SRP_A'));
  const device = getDevice(ctx, pool, user, key);
  if (!device?.verifier || key !== record.data?.deviceKey) throw errors.resourceNotFound('Device does not exist.');
  // A verifier outside 1 < v < N - 1 (stored by an older build) would let anyone forge the proof.
  if (!usableVerifier(device.verifier)) throw errors.notAuthorized('Incorrect username or password.');
  const srp = await startSrpServerSession(device.verifier, srpA);
  const secretBlock = randomBytes(64).toString('base64');
  return {
    ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
    Session: createAuthSession(ctx, client, user.username, 'DEVICE_PASSWORD_VERIFIER', {
      ...record.data,
      b: srp.b.toString(16),
      B: srp.B.toString(16),
      A: srpA,
      secretBlock,
    }),
    ChallengeParameters: { SALT: device.salt!, SRP_B: srp.B.toString(16), SECRET_BLOCK: secretBlock, USERNAME: user.username, DEVICE_KEY: key },
  };
}

export async function devicePasswordVerifier(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  responses: Record<string, string>,
  session: string | undefined,
): Promise<Json> {
  const record = consumeAuthSession(ctx, session, client, 'DEVICE_PASSWORD_VERIFIER');
  const user = getUser(ctx, pool, record.username);
  const data = record.data ?? {};
  if (!user || !data.deviceKey) throw errors.notAuthorized('Incorrect username or password.');
  const device = getDevice(ctx, pool, user, data.deviceKey);
  if (!device?.verifier) throw errors.resourceNotFound('Device does not exist.');
  if (!usableVerifier(device.verifier)) throw errors.notAuthorized('Incorrect username or password.');
  const secretBlock = param(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
  const timestamp = param(responses, 'TIMESTAMP');
  const ok =
    secretBlock === data.secretBlock &&
    timestampOk(timestamp) &&
    (await verifyPasswordClaimSignature({
      poolName: device.deviceGroupKey,
      userId: device.deviceKey,
      verifier: device.verifier,
      session: { b: BigInt('0x' + data.b), B: BigInt('0x' + data.B) },
      srpA: data.A!,
      salt: device.salt!,
      secretBlock,
      timestamp,
      signature: param(responses, 'PASSWORD_CLAIM_SIGNATURE'),
    }));
  if (!ok) throw errors.notAuthorized('Incorrect username or password.');
  saveDevice(ctx, { ...device, lastAuthenticatedAt: ctx.clock.now() });
  return continueAfterFirstFactor(ctx, pool, client, user, { deviceKey: device.deviceKey, deviceVerified: true });
}
