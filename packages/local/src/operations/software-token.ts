/**
 * AssociateSoftwareToken and VerifySoftwareToken: registering an authenticator app, either for the
 * signed-in user (AccessToken) or inside an MFA_SETUP challenge (Session, which is renewed).
 */
import type { Operation } from '../context.js';
import { CognitoError, errors } from '../errors.js';
import type { UserPoolClient } from '../model.js';
import { claimAuthSession, createAuthSession, peekAuthSession, readAuthSession } from '../services/auth-sessions.js';
import { getClient, getPool } from '../services/pools.js';
import { verifyAccessToken } from '../services/tokens.js';
import { matchTotp, newTotpSecret } from '../services/totp.js';
import { getUser, saveUser } from '../services/users.js';
import { optString, reqString, TOKEN_RULE } from '../validate.js';
import type { AssociateSoftwareTokenResponse, VerifySoftwareTokenResponse } from '@cognate/protocol/wire';

const SESSION_RULE = { min: 20, max: 2048 };

/** The client an MFA_SETUP session belongs to; AssociateSoftwareToken carries no ClientId. */
function sessionClient(ctx: Parameters<Operation>[1], session: string): UserPoolClient {
  const record = peekAuthSession(ctx, session);
  if (!record) throw errors.notAuthorized('Invalid session for the user, session can only be used once.');
  return getClient(ctx, record.clientId);
}

export const associateSoftwareToken: Operation = async (input, ctx) => {
  const accessToken = optString(input, 'AccessToken', TOKEN_RULE);
  const session = optString(input, 'Session', SESSION_RULE);
  if (!accessToken && !session) throw errors.invalidParameter('Either AccessToken or Session is required.');
  const secret = newTotpSecret();
  if (accessToken) {
    const { pool, user } = await verifyAccessToken(ctx, accessToken);
    const before = structuredClone(user);
    user.totpPending = secret;
    saveUser(ctx, pool, user, before);
    return { SecretCode: secret } satisfies AssociateSoftwareTokenResponse;
  }
  const client = sessionClient(ctx, session!);
  const { id } = readAuthSession(ctx, session, client, 'MFA_SETUP');
  const record = claimAuthSession(ctx, id);
  const next = createAuthSession(ctx, client, record.username, 'MFA_SETUP', { ...record.data, totpSecret: secret });
  return { SecretCode: secret, Session: next } satisfies AssociateSoftwareTokenResponse;
};

const mismatch = () => new CognitoError('EnableSoftwareTokenMFAException', 'Code mismatch');

export const verifySoftwareToken: Operation = async (input, ctx) => {
  const accessToken = optString(input, 'AccessToken', TOKEN_RULE);
  const session = optString(input, 'Session', SESSION_RULE);
  const code = reqString(input, 'UserCode', { min: 6, max: 6, pattern: /^[0-9]+$/, patternText: '[0-9]+' });
  const friendlyName = optString(input, 'FriendlyDeviceName', { max: 131072 });
  if (!accessToken && !session) throw errors.invalidParameter('Either AccessToken or Session is required.');
  if (accessToken) {
    const { pool, user } = await verifyAccessToken(ctx, accessToken);
    if (!user.totpPending) throw new CognitoError('SoftwareTokenMFANotFoundException', 'Software Token MFA has not been associated with this user.');
    const step = matchTotp(user.totpPending, code, ctx.clock.now());
    if (step === undefined) throw mismatch();
    const before = structuredClone(user);
    const pending = user.totpPending;
    user.totp = { secret: pending, lastStep: step, ...(friendlyName ? { friendlyName } : {}) };
    delete user.totpPending;
    // Still pending when written (in this process or another on one --data folder): of two
    // verifications with one code, one registers the app and the other is a mismatch.
    saveUser(ctx, pool, user, before, {
      expectStored: stored => {
        if (stored?.totpPending !== pending) throw mismatch();
      },
    });
    return { Status: 'SUCCESS' } satisfies VerifySoftwareTokenResponse;
  }
  const client = sessionClient(ctx, session!);
  const { id, record } = readAuthSession(ctx, session, client, 'MFA_SETUP');
  const secret = record.data?.totpSecret;
  if (!secret) throw new CognitoError('SoftwareTokenMFANotFoundException', 'Software Token MFA has not been associated with this user.');
  const step = matchTotp(secret, code, ctx.clock.now());
  if (step === undefined) throw mismatch();
  claimAuthSession(ctx, id);
  const pool = getPool(ctx, client.UserPoolId);
  if (!getUser(ctx, pool, record.username)) throw errors.notAuthorized('Invalid session for the user.');
  const next = createAuthSession(ctx, getClient(ctx, client.ClientId), record.username, 'MFA_SETUP', {
    ...record.data,
    totpVerified: '1',
    lastStep: String(step),
    ...(friendlyName ? { friendlyName } : {}),
  });
  return { Status: 'SUCCESS', Session: next } satisfies VerifySoftwareTokenResponse;
};
