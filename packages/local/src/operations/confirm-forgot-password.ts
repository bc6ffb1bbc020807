/**
 * ConfirmForgotPassword: checks the reset code, applies the new password (policy and history), and
 * confirms a RESET_REQUIRED or UNCONFIRMED user. Refresh tokens are kept, as in Cognito.
 */
import type { Operation } from '../context.js';
import { errors } from '../errors.js';
import { codeRequestUser, simulatedCodeCheck, useCode } from '../services/codes.js';
import { hidesUsers } from '../services/existence.js';
import { checkPasswordPolicy } from '../services/password-policy.js';
import { savePasswordChange } from '../services/users.js';
import { withUserLock } from '../services/user-lock.js';
import { setNewPassword } from '../services/password-history.js';
import { runTrigger, triggerAttributes } from '../services/triggers.js';
import { optObject, optString, optStringMap, reqString, CLIENT_ID_RULE, CODE_RULE, PASSWORD_RULE, USERNAME_RULE } from '../validate.js';

export const confirmForgotPassword: Operation = async (input, ctx) => {
  const clientId = reqString(input, 'ClientId', CLIENT_ID_RULE);
  const login = reqString(input, 'Username', USERNAME_RULE);
  const code = reqString(input, 'ConfirmationCode', CODE_RULE);
  const password = reqString(input, 'Password', PASSWORD_RULE);
  const secret = optString(input, 'SecretHash', { min: 1, max: 128 });
  const clientMetadata = optStringMap(input, 'ClientMetadata');
  optObject(input, 'UserContextData');
  optObject(input, 'AnalyticsMetadata');
  const { client, pool, user: named } = codeRequestUser(ctx, clientId, login, secret);
  checkPasswordPolicy(password, pool.Policies.PasswordPolicy);
  // Hidden (PreventUserExistenceErrors ENABLED): an unknown or disabled user's code is checked like any other, and never matches.
  if (!named || (hidesUsers(client) && !named.enabled)) simulatedCodeCheck(ctx, pool, login, 'forgotPassword', code);
  // Code check and password change are one step per user: a code is accepted once, however many
  // requests carry it at the same time.
  const user = await withUserLock(ctx, pool, named.username, async () => {
    const { user, before } = useCode(ctx, pool, named.username, 'forgotPassword', code, (user, before) => ({ user, before }));
    await setNewPassword(ctx, pool, user, password);
    if (user.status === 'RESET_REQUIRED' || user.status === 'FORCE_CHANGE_PASSWORD' || user.status === 'UNCONFIRMED') user.status = 'CONFIRMED';
    // Another process on the --data folder may set a password meanwhile: this one then fails rather than overwrite it.
    savePasswordChange(ctx, pool, user, before, { password: before.password, error: () => errors.codeMismatch() });
    return user;
  });
  await runTrigger(ctx, pool, 'PostConfirmation', {
    triggerSource: 'PostConfirmation_ConfirmForgotPassword',
    userName: user.username,
    clientId,
    request: { userAttributes: triggerAttributes(user), clientMetadata: clientMetadata ?? {} },
  });
  return {};
};
