/**
 * ConfirmSignUp: checks the confirmation code (single use, 24 h, attempt-limited), confirms the user
 * and marks the attribute the code went to as verified.
 */
import type { Operation } from '../context.js';
import { errors } from '../errors.js';
import { codeRequestUser, simulatedCodeCheck, useCode } from '../services/codes.js';
import { hidesUsers } from '../services/existence.js';
import { saveUser } from '../services/users.js';
import { runTrigger, triggerAttributes } from '../services/triggers.js';
import { signUpSession } from '../challenges/user-auth.js';
import { consumeAuthSession } from '../services/auth-sessions.js';
import { optBool, optString, optStringMap, reqString, CLIENT_ID_RULE, CODE_RULE, USERNAME_RULE } from '../validate.js';

export const confirmSignUp: Operation = async (input, ctx) => {
  const clientId = reqString(input, 'ClientId', CLIENT_ID_RULE);
  const login = reqString(input, 'Username', USERNAME_RULE);
  const code = reqString(input, 'ConfirmationCode', CODE_RULE);
  const secret = optString(input, 'SecretHash', { min: 1, max: 128 });
  const forceAlias = optBool(input, 'ForceAliasCreation') ?? false;
  const session = optString(input, 'Session', { min: 20, max: 2048 });
  const clientMetadata = optStringMap(input, 'ClientMetadata');
  const { client, pool, user } = codeRequestUser(ctx, clientId, login, secret);
  // Hidden (PreventUserExistenceErrors ENABLED): an unknown or already confirmed user's code is checked like any other, and never matches.
  if (!user || (hidesUsers(client) && user.status !== 'UNCONFIRMED')) simulatedCodeCheck(ctx, pool, login, 'signUp', code);
  // Read again, the code checked and the user confirmed in one write transaction (services/codes.ts useCode).
  const confirmed = useCode(
    ctx,
    pool,
    user.username,
    'signUp',
    code,
    (current, before) => {
      const delivered = ctx.outbox
        .list(pool.Id, current.username)
        .filter(m => m.kind === 'SignUp' || m.kind === 'ResendCode')
        .pop();
      const attribute = delivered?.attributeName;
      current.status = 'CONFIRMED';
      current.updatedAt = ctx.clock.now();
      if (attribute === 'email' || attribute === 'phone_number') current.attributes[`${attribute}_verified`] = 'true';
      // Another user's verified alias: AliasExistsException (the code stays usable), or moved with ForceAliasCreation.
      saveUser(ctx, pool, current, before, { moveAliases: forceAlias && attribute ? [attribute] : [] });
      return current;
    },
    {
      guard: current => {
        if (current.status !== 'UNCONFIRMED') throw errors.notAuthorized(`User cannot be confirmed. Current status is ${current.status}`);
      },
    },
  );
  await runTrigger(ctx, pool, 'PostConfirmation', {
    triggerSource: 'PostConfirmation_ConfirmSignUp',
    userName: confirmed.username,
    clientId,
    request: { userAttributes: triggerAttributes(confirmed), clientMetadata: clientMetadata ?? {} },
  });
  // With the sign-up session, the user may sign in right away (USER_AUTH with this Session).
  if (session) {
    try {
      if (consumeAuthSession(ctx, session, client, 'SIGN_UP').username !== confirmed.username) return {};
    } catch {
      return {};
    }
    const next = signUpSession(ctx, client, confirmed.username, 'SIGN_UP_CONFIRMED');
    return next ? { Session: next } : {};
  }
  return {};
};
