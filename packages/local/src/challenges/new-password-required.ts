/**
 * NEW_PASSWORD_REQUIRED: sets the new password and any `userAttributes.*` the client may write (under
 * the one attribute-update rule, services/attributes.ts), then goes on signing in.
 */
import type { Json, OperationContext } from '../context.js';
import { errors } from '../errors.js';
import type { UserPool, UserPoolClient } from '../model.js';
import { consumeAuthSession } from '../services/auth-sessions.js';
import { checkPasswordPolicy } from '../services/password-policy.js';
import { checkSecretHash } from '../services/pools.js';
import { continueAfterFirstFactor, stateFrom } from '../services/sign-in.js';
import { changeAttributes, requireWritable } from '../services/attributes.js';
import { getUser, makePassword } from '../services/users.js';
import { optString, PASSWORD_RULE } from '../validate.js';
import { param } from './params.js';
import { withUserLock } from '../services/user-lock.js';

export async function newPasswordRequired(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  responses: Record<string, string>,
  session: string | undefined,
): Promise<Json> {
  const newPassword = param(responses, 'NEW_PASSWORD');
  optString({ NewPassword: newPassword }, 'NewPassword', PASSWORD_RULE);
  checkPasswordPolicy(newPassword, pool.Policies.PasswordPolicy);
  const state = consumeAuthSession(ctx, session, client, 'NEW_PASSWORD_REQUIRED');
  // The password write is one step per user (withUserLock), as AdminSetUserPassword's and
  // ChangePassword's; across processes on one --data folder, the write also requires the password
  // read here to be still stored, so an administrator's password set meanwhile is not overwritten.
  const user = await withUserLock(ctx, pool, state.username, async () => {
    const user = getUser(ctx, pool, state.username);
    if (!user) throw errors.notAuthorized('Incorrect username or password.');
    checkSecretHash(client, responses.SECRET_HASH, [responses.USERNAME, user.username]);
    const attributes = Object.keys(responses)
      .filter(k => k.startsWith('userAttributes.'))
      .map(k => ({ Name: k.slice('userAttributes.'.length), Value: responses[k]! }));
    requireWritable(
      client,
      attributes.map(a => a.Name),
    );
    const read = user.password;
    const password = await makePassword(pool, user.username, newPassword, ctx.clock.now());
    // The user's own attribute update, under the same rule as UpdateUserAttributes, saved with the new password.
    await changeAttributes(ctx, pool, user, attributes, {
      writer: 'user',
      requireAll: true,
      alsoApply: next => {
        next.password = password;
        next.status = 'CONFIRMED';
      },
      expectPassword: { password: read, error: () => errors.notAuthorized('Incorrect username or password.') },
    });
    return user;
  });
  return continueAfterFirstFactor(ctx, pool, client, user, stateFrom(state.data, responses.DEVICE_KEY));
}
