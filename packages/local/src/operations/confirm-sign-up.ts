/**
 * ConfirmSignUp: checks the confirmation code (single use, 24 h, attempt-limited), confirms the user
 * and marks the attribute the code went to as verified.
 */
import type { Operation } from '../context.js';
import { errors } from '../errors.js';
import { checkCode } from '../services/codes.js';
import { checkSecretHash, getClientAndPool } from '../services/pools.js';
import { findUser, saveUser } from '../services/users.js';
import { runTrigger, triggerAttributes } from '../services/triggers.js';
import { optBool, optString, optStringMap, reqString, CLIENT_ID_RULE, CODE_RULE, USERNAME_RULE } from '../validate.js';

export const confirmSignUp: Operation = async (input, ctx) => {
  const clientId = reqString(input, 'ClientId', CLIENT_ID_RULE);
  const login = reqString(input, 'Username', USERNAME_RULE);
  const code = reqString(input, 'ConfirmationCode', CODE_RULE);
  const secret = optString(input, 'SecretHash', { min: 1, max: 128 });
  optBool(input, 'ForceAliasCreation');
  const clientMetadata = optStringMap(input, 'ClientMetadata');
  const { client, pool } = getClientAndPool(ctx, clientId);
  const user = findUser(ctx, pool, login);
  checkSecretHash(client, secret, [login, user?.username]);
  if (!user) {
    if (client.PreventUserExistenceErrors === 'ENABLED') throw errors.codeMismatch();
    throw errors.userNotFound('Username/client id combination not found.');
  }
  if (user.status !== 'UNCONFIRMED') throw errors.notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
  const before = structuredClone(user);
  try {
    checkCode(ctx, user, 'signUp', code);
  } catch (error) {
    saveUser(ctx, pool, user, before);
    throw error;
  }
  const delivered = ctx.outbox.list(pool.Id, user.username).filter((m) => m.kind === 'SignUp' || m.kind === 'ResendCode').pop();
  const attribute = delivered?.attributeName;
  user.status = 'CONFIRMED';
  user.updatedAt = ctx.clock.now();
  if (attribute === 'email' || attribute === 'phone_number') user.attributes[`${attribute}_verified`] = 'true';
  saveUser(ctx, pool, user, before);
  await runTrigger(ctx, pool, 'PostConfirmation', {
    triggerSource: 'PostConfirmation_ConfirmSignUp',
    userName: user.username,
    clientId,
    request: { userAttributes: triggerAttributes(user), clientMetadata: clientMetadata ?? {} },
  });
  return {};
};
