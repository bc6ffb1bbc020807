/**
 * SignUp: creates an UNCONFIRMED user and sends a confirmation code to the first auto-verified
 * attribute. Enforces SECRET_HASH, the password policy, the attribute schema and username
 * attributes (email or phone number as username gives a UUID username, as Cognito does).
 */
import type { Operation } from '../context.js';
import { errors } from '../errors.js';
import type { UserRecord } from '../model.js';
import { checkPasswordPolicy } from '../services/password-policy.js';
import { newUuid } from '../services/ids.js';
import { checkSecretHash, getClientAndPool } from '../services/pools.js';
import { recordAuthEvent } from '../services/auth-events.js';
import { aliasOwner, applyAttributes, checkRequiredAttributes, emptyAttributes, findUser, makePassword, newUserRecord, saveUser } from '../services/users.js';
import { deliveryTarget, issueCode, type CodeDeliveryDetails } from '../services/codes.js';
import { runTrigger } from '../services/triggers.js';
import { signUpSession } from '../challenges/user-auth.js';
import { notNull, optAttributeList, optString, optStringMap, reqString, CLIENT_ID_RULE, PASSWORD_RULE, USERNAME_RULE } from '../validate.js';
import type { SignUpResponse } from '@cognate/protocol/wire';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+[0-9]{4,15}$/;

export const signUp: Operation = async (input, ctx) => {
  const clientId = reqString(input, 'ClientId', CLIENT_ID_RULE);
  const login = reqString(input, 'Username', USERNAME_RULE);
  const password = optString(input, 'Password', PASSWORD_RULE);
  const secret = optString(input, 'SecretHash', { min: 1, max: 128 });
  const attributesIn = optAttributeList(input, 'UserAttributes') ?? [];
  const validationData = optAttributeList(input, 'ValidationData');
  const clientMetadata = optStringMap(input, 'ClientMetadata');
  const { client, pool } = getClientAndPool(ctx, clientId);
  checkSecretHash(client, secret, [login]);
  if (pool.AdminCreateUserConfig.AllowAdminCreateUserOnly) throw errors.notAuthorized('SignUp is not permitted for this user pool');

  const attributes = emptyAttributes();
  applyAttributes(pool, attributes, attributesIn);
  const sub = newUuid();
  let username = login;
  const usernameAttrs = pool.UsernameAttributes ?? [];
  if (usernameAttrs.length) {
    const asEmail = usernameAttrs.includes('email') && EMAIL.test(login);
    const asPhone = usernameAttrs.includes('phone_number') && PHONE.test(login);
    if (!asEmail && !asPhone) {
      throw errors.invalidParameter(
        usernameAttrs.length === 2
          ? 'Username should be either an email or a phone number.'
          : usernameAttrs[0] === 'email'
            ? 'Username should be an email.'
            : 'Username should be a phone number.',
      );
    }
    const attribute = asEmail ? 'email' : 'phone_number';
    if (attributes[attribute] && attributes[attribute] !== login) {
      throw errors.invalidParameter(`The ${attribute} attribute must equal the username.`);
    }
    attributes[attribute] = login;
    if (aliasOwner(ctx, pool, attribute, login)) {
      throw errors.usernameExists(
        attribute === 'email' ? 'An account with the given email already exists.' : 'An account with the given phone_number already exists.',
      );
    }
    // Cognito names such a user by its sub.
    username = sub;
  }
  if (findUser(ctx, pool, login) || findUser(ctx, pool, username)) throw errors.usernameExists('User already exists');
  checkRequiredAttributes(pool, attributes);
  if (password === undefined) {
    const factors = pool.Policies.SignInPolicy?.AllowedFirstAuthFactors ?? ['PASSWORD'];
    if (!factors.some(f => f !== 'PASSWORD')) {
      notNull(password, 'Password');
    }
  } else {
    checkPasswordPolicy(password, pool.Policies.PasswordPolicy);
  }

  const now = ctx.clock.now();
  attributes.sub = sub;
  const user: UserRecord = {
    ...newUserRecord(pool, username, sub, attributes, 'UNCONFIRMED', now),
    ...(password !== undefined ? { password: await makePassword(pool, username, password, now) } : {}),
  };
  const pre = await runTrigger(ctx, pool, 'PreSignUp', {
    triggerSource: 'PreSignUp_SignUp',
    userName: username,
    clientId,
    request: {
      userAttributes: { ...attributes },
      validationData: validationData ? Object.fromEntries(validationData.map(a => [a.Name, a.Value])) : null,
      clientMetadata: clientMetadata ?? {},
    },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  });
  if (pre?.autoConfirmUser === true) user.status = 'CONFIRMED';
  if (pre?.autoVerifyEmail === true && attributes.email) attributes.email_verified = 'true';
  if (pre?.autoVerifyPhone === true && attributes.phone_number) attributes.phone_number_verified = 'true';
  // Re-check after the awaits: a concurrent SignUp may have taken the name meanwhile.
  if (findUser(ctx, pool, username) || (usernameAttrs.length && findUser(ctx, pool, login))) throw errors.usernameExists('User already exists');
  let delivery: CodeDeliveryDetails | undefined;
  const autoVerified = pool.AutoVerifiedAttributes ?? [];
  const target = autoVerified.length && user.status === 'UNCONFIRMED' ? deliveryTarget(pool, user) : undefined;
  if (target && autoVerified.includes(target.attribute)) {
    delivery = await issueCode(ctx, pool, user, 'signUp', target, { kind: 'SignUp', ttlSeconds: 24 * 3600, clientId });
  }
  // Checked again in the write: another SignUp for the name (here during the awaits above, or in
  // another process on the --data folder) that saved first wins, and this one is told the name is taken.
  saveUser(ctx, pool, user, undefined, { mustBeNew: () => errors.usernameExists('User already exists') });
  recordAuthEvent(ctx, pool, user.username, { type: 'SignUp', response: 'Pass' });
  const session = signUpSession(ctx, client, username, user.status === 'CONFIRMED' ? 'SIGN_UP_CONFIRMED' : 'SIGN_UP');
  return {
    UserConfirmed: user.status === 'CONFIRMED',
    UserSub: sub,
    ...(delivery ? { CodeDeliveryDetails: delivery } : {}),
    ...(session ? { Session: session } : {}),
  } satisfies SignUpResponse;
};
