/**
 * The administrator's user operations (SigV4 in AWS; accepted signed or unsigned here):
 * AdminCreateUser, AdminConfirmSignUp, AdminGetUser, AdminDeleteUser, AdminSetUserPassword,
 * AdminUpdateUserAttributes, AdminDeleteUserAttributes, AdminDisableUser, AdminEnableUser,
 * AdminUserGlobalSignOut, ListUsers. Admin operations always report unknown users as
 * UserNotFoundException, whatever the client's PreventUserExistenceErrors.
 */
import { randomInt } from 'node:crypto';
import type { Json, Operation, OperationContext } from '../context.js';
import { errors } from '../errors.js';
import type { UserPool, UserRecord } from '../model.js';
import { checkPasswordPolicy } from '../services/password-policy.js';
import { newUuid } from '../services/ids.js';
import { changeAttributes } from '../services/attributes.js';
import { getPool, peekPool } from '../services/pools.js';
import { signOutEverywhere } from '../services/tokens.js';
import { mfaFields } from '../services/mfa.js';
import { composeMessage } from '../services/messages.js';
import { runTrigger } from '../services/triggers.js';
import { decode, encode, readPaging } from '../paging.js';
import { INDEXED_USER_ATTRIBUTES, type IndexedUserAttribute } from '../storage/store.js';
import { getUser, newUserRecord, savePasswordChange, userKey } from '../services/users.js';
import { withUserLock } from '../services/user-lock.js';
import {
  aliasOwner,
  applyAttributes,
  attributeList,
  checkRequiredAttributes,
  deleteAttributes,
  emptyAttributes,
  findUser,
  makePassword,
  removeUser,
  requireUser,
  saveUser,
} from '../services/users.js';
import {
  notNull,
  optAttributeList,
  optBool,
  optString,
  optStringList,
  optStringMap,
  reqString,
  PASSWORD_RULE,
  POOL_ID_RULE,
  USERNAME_RULE,
} from '../validate.js';

function poolAndUser(input: Json, ctx: OperationContext): { pool: UserPool; user: UserRecord } {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  return { pool, user: requireUser(ctx, pool, reqString(input, 'Username', USERNAME_RULE)) };
}

/** The wire shape of a user in AdminCreateUser / ListUsers. */
export function userType(user: UserRecord, attributesToGet?: string[]): Json {
  return {
    Username: user.username,
    Attributes: attributeList(user, attributesToGet),
    UserCreateDate: user.createdAt,
    UserLastModifiedDate: user.updatedAt,
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

function temporaryPassword(pool: UserPool): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#$%&*+-='];
  const length = Math.max(pool.Policies.PasswordPolicy.MinimumLength, 12);
  const chars = sets.map(s => s[randomInt(s.length)]!);
  const all = sets.join('');
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  return chars.sort(() => randomInt(3) - 1).join('');
}

async function setTemporaryPassword(ctx: OperationContext, pool: UserPool, user: UserRecord, password: string): Promise<void> {
  const now = ctx.clock.now();
  const record = await makePassword(pool, user.username, password, now);
  user.password = { ...record!, temporaryExpiresAt: now + pool.Policies.PasswordPolicy.TemporaryPasswordValidityDays * 86400 };
  user.status = 'FORCE_CHANGE_PASSWORD';
}

async function sendInvitation(ctx: OperationContext, pool: UserPool, user: UserRecord, password: string, mediums: string[]): Promise<void> {
  for (const medium of mediums) {
    const attribute = medium === 'SMS' ? 'phone_number' : 'email';
    const value = user.attributes[attribute];
    if (!value) continue;
    const fallback = `Your username is ${user.username} and temporary password is ${password}.`;
    const { message } = await composeMessage(ctx, pool, user, 'AdminCreateUser', medium === 'SMS' ? 'SMS' : 'EMAIL', password, fallback);
    ctx.outbox.deliver({
      userPoolId: pool.Id,
      username: user.username,
      kind: 'AdminCreateUser',
      deliveryMedium: medium === 'SMS' ? 'SMS' : 'EMAIL',
      destination: value,
      attributeName: attribute,
      code: password,
      message,
      createdAt: ctx.clock.now(),
    });
  }
}

export const adminCreateUser: Operation = async (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const login = reqString(input, 'Username', USERNAME_RULE);
  const given = optString(input, 'TemporaryPassword', PASSWORD_RULE);
  const action = optString(input, 'MessageAction', { values: ['RESEND', 'SUPPRESS'] });
  const mediums = optStringList(input, 'DesiredDeliveryMediums', ['SMS', 'EMAIL']) ?? ['EMAIL'];
  const forceAlias = optBool(input, 'ForceAliasCreation') ?? false;
  optStringMap(input, 'ClientMetadata');
  const attributesIn = optAttributeList(input, 'UserAttributes') ?? [];
  optAttributeList(input, 'ValidationData');

  if (action === 'RESEND') {
    const user = requireUser(ctx, pool, login);
    if (user.status !== 'FORCE_CHANGE_PASSWORD') throw errors.unsupportedOperation('Resend not possible. User status is not FORCE_CHANGE_PASSWORD.');
    const before = structuredClone(user);
    const password = given ?? temporaryPassword(pool);
    await setTemporaryPassword(ctx, pool, user, password);
    saveUser(ctx, pool, user, before);
    await sendInvitation(ctx, pool, user, password, mediums);
    return { User: userType(user) };
  }

  const attributes = emptyAttributes();
  applyAttributes(pool, attributes, attributesIn, { allowVerified: true });
  const sub = newUuid();
  let username = login;
  if (pool.UsernameAttributes?.length) {
    const attribute = login.includes('@') ? 'email' : 'phone_number';
    if (!pool.UsernameAttributes.includes(attribute)) {
      throw errors.invalidParameter(pool.UsernameAttributes[0] === 'email' ? 'Username should be an email.' : 'Username should be a phone number.');
    }
    applyAttributes(pool, attributes, [{ Name: attribute, Value: login }]);
    if (aliasOwner(ctx, pool, attribute, login)) throw errors.usernameExists(`An account with the given ${attribute} already exists.`);
    // Cognito names such a user by its sub.
    username = sub;
  }
  if (findUser(ctx, pool, login)) throw errors.usernameExists('User account already exists');
  checkRequiredAttributes(pool, attributes);
  if (given !== undefined) checkPasswordPolicy(given, pool.Policies.PasswordPolicy);
  const now = ctx.clock.now();
  attributes.sub = sub;
  const user = newUserRecord(pool, username, sub, attributes, 'FORCE_CHANGE_PASSWORD', now);
  const password = given ?? temporaryPassword(pool);
  await setTemporaryPassword(ctx, pool, user, password);
  await runTrigger(ctx, pool, 'PreSignUp', {
    triggerSource: 'PreSignUp_AdminCreateUser',
    userName: username,
    request: { userAttributes: { ...attributes }, validationData: null, clientMetadata: optStringMap(input, 'ClientMetadata') ?? {} },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  });
  if (findUser(ctx, pool, username)) throw errors.usernameExists('User account already exists');
  // A verified email or phone number another user holds as an alias: AliasExistsException, or moved with ForceAliasCreation.
  saveUser(ctx, pool, user, undefined, {
    moveAliases: forceAlias ? ['email', 'phone_number'] : [],
    // Checked again in the write: a user made meanwhile by another process on the --data folder is not overwritten.
    mustBeNew: () => errors.usernameExists('User account already exists'),
  });
  if (action !== 'SUPPRESS') await sendInvitation(ctx, pool, user, password, mediums);
  return { User: userType(user) };
};

export const adminConfirmSignUp: Operation = (input, ctx) => {
  const { pool, user } = poolAndUser(input, ctx);
  optStringMap(input, 'ClientMetadata');
  if (user.status !== 'UNCONFIRMED') throw errors.notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
  const before = structuredClone(user);
  user.status = 'CONFIRMED';
  user.updatedAt = ctx.clock.now();
  saveUser(ctx, pool, user, before);
  return {};
};

export const adminGetUser: Operation = (input, ctx) => {
  const pool = peekPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const username = reqString(input, 'Username', USERNAME_RULE);
  // The username first, as findUser looks (the shared record: this only reads it), then the aliases.
  const user = ctx.store.peek<UserRecord>('user', userKey(pool, username)) ?? requireUser(ctx, pool, username);
  return {
    Username: user.username,
    UserAttributes: attributeList(user),
    UserCreateDate: user.createdAt,
    UserLastModifiedDate: user.updatedAt,
    Enabled: user.enabled,
    UserStatus: user.status,
    ...mfaFields(pool, user),
  };
};

export const adminDeleteUser: Operation = (input, ctx) => {
  const { pool, user } = poolAndUser(input, ctx);
  removeUser(ctx, pool, user);
  return {};
};

export const adminSetUserPassword: Operation = async (input, ctx) => {
  const { pool, user } = poolAndUser(input, ctx);
  const password = reqString(input, 'Password', PASSWORD_RULE);
  const permanent = optBool(input, 'Permanent') ?? false;
  checkPasswordPolicy(password, pool.Policies.PasswordPolicy);
  // One step per user, as every password write (ChangePassword, ConfirmForgotPassword,
  // NEW_PASSWORD_REQUIRED): one under way finishes first, then this one reads the user again and
  // sets its password last, instead of having it overwritten by the other's stale read.
  await withUserLock(ctx, pool, user.username, async () => {
    const current = getUser(ctx, pool, user.username);
    if (!current) throw errors.userNotFound();
    const before = structuredClone(current);
    if (permanent) {
      current.password = await makePassword(pool, current.username, password, ctx.clock.now());
      current.status = 'CONFIRMED';
    } else {
      await setTemporaryPassword(ctx, pool, current, password);
    }
    savePasswordChange(ctx, pool, current, before);
  });
  return {};
};

export const adminUpdateUserAttributes: Operation = async (input, ctx) => {
  const { pool, user } = poolAndUser(input, ctx);
  const list = notNull(optAttributeList(input, 'UserAttributes'), 'UserAttributes');
  optStringMap(input, 'ClientMetadata');
  await changeAttributes(ctx, pool, user, list, { writer: 'admin' });
  return {};
};

export const adminDeleteUserAttributes: Operation = (input, ctx) => {
  const { pool, user } = poolAndUser(input, ctx);
  deleteAttributes(ctx, pool, user, notNull(optStringList(input, 'UserAttributeNames'), 'UserAttributeNames'));
  return {};
};

function setEnabled(enabled: boolean): Operation {
  return (input, ctx) => {
    const { pool, user } = poolAndUser(input, ctx);
    const before = structuredClone(user);
    user.enabled = enabled;
    if (enabled) delete user.nativeSignInDisabled;
    user.updatedAt = ctx.clock.now();
    saveUser(ctx, pool, user, before);
    return {};
  };
}
export const adminDisableUser = setEnabled(false);
export const adminEnableUser = setEnabled(true);

export const adminUserGlobalSignOut: Operation = (input, ctx) => {
  const { pool, user } = poolAndUser(input, ctx);
  signOutEverywhere(ctx, pool, user.username);
  return {};
};

const FILTERABLE: Record<string, (u: UserRecord) => string | undefined> = {
  username: u => u.username,
  email: u => u.attributes.email,
  phone_number: u => u.attributes.phone_number,
  name: u => u.attributes.name,
  given_name: u => u.attributes.given_name,
  family_name: u => u.attributes.family_name,
  preferred_username: u => u.attributes.preferred_username,
  'cognito:user_status': u => u.status,
  status: u => (u.enabled ? 'Enabled' : 'Disabled'),
  sub: u => u.attributes.sub,
};

interface ParsedFilter {
  name: string;
  exact: boolean;
  value: string;
  test: (u: UserRecord) => boolean;
}

function parseFilter(filter: string): ParsedFilter {
  const match = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  if (!match) throw errors.invalidParameter('Error while parsing filter.');
  const [, name, op, raw] = match;
  const read = FILTERABLE[name!];
  if (!read) throw errors.invalidParameter(`Invalid search attribute: ${name}`);
  const value = raw!.replace(/\\(.)/g, '$1');
  const test = (u: UserRecord) => {
    const actual = read(u);
    if (actual === undefined) return false;
    return op === '=' ? actual === value : actual.startsWith(value);
  };
  return { name: name!, exact: op === '=', value, test };
}

/**
 * ListUsers reads one page, not the pool: without a filter (and for `username` and the status
 * filters) it walks the pool's users in key order from where the last page ended; a filter on an
 * indexed attribute (email, phone_number, names, sub) reads the store's attribute index in
 * (value, key) order. The pagination token names that position.
 */
export const listUsers: Operation = (input, ctx) => {
  const pool = peekPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const paging = readPaging(input, { limit: 'Limit', min: 0, max: 60, fallback: 60, token: 'PaginationToken' });
  const attributesToGet = optStringList(input, 'AttributesToGet');
  const filterText = optString(input, 'Filter', { max: 256 });
  const filter = filterText ? parseFilter(filterText) : undefined;
  const scope = `ListUsers/${pool.Id}`;
  const answer = (items: readonly Readonly<UserRecord>[], next: string | undefined) => ({
    Users: items.map(u => userType(u, attributesToGet)),
    ...(next !== undefined ? { PaginationToken: encode(scope, next) } : {}),
  });
  if (filter && (INDEXED_USER_ATTRIBUTES as readonly string[]).includes(filter.name)) {
    let after: [string, string] | undefined;
    if (paging.token !== undefined) {
      let position: unknown;
      try {
        position = JSON.parse(decode(scope, paging.token));
      } catch {
        position = undefined;
      }
      if (!Array.isArray(position) || position.length !== 2 || typeof position[0] !== 'string' || typeof position[1] !== 'string')
        throw errors.invalidParameter(`Paging marker ${paging.token.slice(0, 200)} is invalid for request.`);
      after = [position[0], position[1]];
    }
    const matches = ctx.store
      .usersByAttribute<UserRecord>(pool.Id, filter.name as IndexedUserAttribute, filter.value, filter.exact, after, paging.limit + 1)
      .filter(m => filter.test(m.user));
    const page = matches.slice(0, paging.limit);
    const last = page.at(-1);
    return answer(
      page.map(m => m.user),
      matches.length > paging.limit && last ? JSON.stringify([last.value, last.key]) : undefined,
    );
  }
  if (filter?.name === 'username' && filter.exact) {
    const user = ctx.store.get<UserRecord>('user', userKey(pool, filter.value));
    return answer(user && filter.test(user) && paging.token === undefined ? [user] : [], undefined);
  }
  // Key order from the token's position; `username ^=` starts at its prefix's keys.
  const prefix = `${pool.Id}/`;
  const within = filter?.name === 'username' ? userKey(pool, filter.value) : prefix;
  let after = paging.token !== undefined ? decode(scope, paging.token) : undefined;
  if (after !== undefined && !after.startsWith(prefix)) throw errors.invalidParameter(`Paging marker ${paging.token!.slice(0, 200)} is invalid for request.`);
  let cursor = after;
  const items: Readonly<UserRecord>[] = [];
  let more = false;
  // Unfiltered, a page needs one more user than it shows (to know there is more); a filter may skip many.
  const BATCH = filter ? 256 : paging.limit + 1;
  outer: for (;;) {
    // The first batch is the keys under `within`; later ones continue strictly after the cursor.
    // Shared, frozen records (Store.peekList): a page only reads them.
    const batch: Array<[string, Readonly<UserRecord>]> =
      cursor === undefined
        ? ctx.store.peekList<UserRecord>('user', within, BATCH).map(u => [userKey(pool, u.username), u])
        : ctx.store.peekScan<UserRecord>('user', cursor, BATCH);
    for (const [key, user] of batch) {
      if (!key.startsWith(within)) break outer;
      cursor = key;
      if (filter && !filter.test(user)) continue;
      if (items.length === paging.limit) {
        more = true;
        break outer;
      }
      items.push(user);
      after = key;
    }
    if (batch.length < BATCH) break;
  }
  return answer(items, more ? after : undefined);
};
