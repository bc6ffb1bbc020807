/**
 * Users: lookup by username or alias, saving with the alias index kept in step, attributes, and
 * passwords (stored only as an SRP-6a verifier and salt).
 */
import { randomBytes } from 'node:crypto';
import { computeSrpVerifier } from './srp.js';
import { removeUserFromAllGroups } from './groups.js';
import { CognitoError, errors } from '../errors.js';
import type { Services } from '../context.js';
import type { UserPool, UserRecord, UserStatus } from '../model.js';

export function userKey(pool: UserPool, username: string): string {
  return `${pool.Id}/${pool.UsernameConfiguration.CaseSensitive ? username : username.toLowerCase()}`;
}

function aliasKey(pool: UserPool, attribute: string, value: string): string {
  const v = attribute === 'phone_number' ? value : value.toLowerCase();
  return `${pool.Id}/${attribute}/${v}`;
}

/** Attributes that act as sign-in names, and whether they need verification to do so. */
function aliasAttributes(pool: UserPool): Array<{ name: string; needsVerified: boolean }> {
  if (pool.UsernameAttributes?.length) return pool.UsernameAttributes.map(name => ({ name, needsVerified: false }));
  return (pool.AliasAttributes ?? []).map(name => ({ name, needsVerified: name !== 'preferred_username' }));
}

/**
 * The sign-in names a user holds besides the username. A federated user (EXTERNAL_PROVIDER) holds
 * none: the provider's email is a profile attribute, as in Cognito, never a way into another account.
 */
function aliasEntries(pool: UserPool, user: UserRecord): Array<{ key: string; name: string; needsVerified: boolean }> {
  if (user.status === 'EXTERNAL_PROVIDER') return [];
  const entries: Array<{ key: string; name: string; needsVerified: boolean }> = [];
  for (const { name, needsVerified } of aliasAttributes(pool)) {
    const value = user.attributes[name];
    if (!value) continue;
    if (needsVerified && user.attributes[`${name}_verified`] !== 'true') continue;
    entries.push({ key: aliasKey(pool, name, value), name, needsVerified });
  }
  return entries;
}

function aliasKeys(pool: UserPool, user: UserRecord): string[] {
  return aliasEntries(pool, user).map(e => e.key);
}

export function getUser(ctx: Services, pool: UserPool, username: string): UserRecord | undefined {
  return ctx.store.get<UserRecord>('user', userKey(pool, username));
}

/** `getUser` for a read that changes nothing and keeps nothing: the shared, frozen record (Store.peek). */
export function peekUser(ctx: Services, pool: UserPool, username: string): Readonly<UserRecord> | undefined {
  return ctx.store.peek<UserRecord>('user', userKey(pool, username));
}

/**
 * Finds a user by username, or by an alias (email, phone number, preferred username). With `peek`,
 * for a caller that only reads the user, the shared, frozen record instead of a copy.
 */
export function findUser(ctx: Services, pool: UserPool, login: string): UserRecord | undefined;
export function findUser(ctx: Services, pool: UserPool, login: string, peek: true): Readonly<UserRecord> | undefined;
export function findUser(ctx: Services, pool: UserPool, login: string, peek = false): UserRecord | undefined {
  const read = peek ? peekUser : getUser;
  const direct = read(ctx, pool, login);
  if (direct) return direct;
  for (const { name } of aliasAttributes(pool)) {
    const key = aliasKey(pool, name, login);
    const username = ctx.store.get<string>('alias', key);
    const user = username === undefined ? undefined : read(ctx, pool, username);
    // An index entry counts only while its user still holds the alias (entries written before a rule change never sign anyone in).
    if (user && aliasKeys(pool, user).includes(key)) return user;
  }
  return undefined;
}

export function requireUser(ctx: Services, pool: UserPool, login: string): UserRecord {
  const user = findUser(ctx, pool, login);
  if (!user) throw errors.userNotFound();
  return user;
}

/** The user holding `value` as an alias, if any (for uniqueness checks). */
export function aliasOwner(ctx: Services, pool: UserPool, attribute: string, value: string): string | undefined {
  return ctx.store.get<string>('alias', aliasKey(pool, attribute, value));
}

/** The other user who holds the alias index entry `key` and still holds that name, if any. */
function otherHolder(ctx: Services, pool: UserPool, key: string, username: string): UserRecord | undefined {
  const holder = ctx.store.get<string>('alias', key);
  if (holder === undefined || userKey(pool, holder) === userKey(pool, username)) return undefined;
  const owner = getUser(ctx, pool, holder);
  return owner && aliasKeys(pool, owner).includes(key) ? owner : undefined;
}

/** Sign-in names `user` would take from another user (who still holds them) by being saved. */
function takenAliases(
  ctx: Services,
  pool: UserPool,
  user: UserRecord,
  previous?: UserRecord,
): Array<{ name: string; needsVerified: boolean; owner: UserRecord }> {
  const before = previous ? aliasKeys(pool, previous) : [];
  const taken: Array<{ name: string; needsVerified: boolean; owner: UserRecord }> = [];
  for (const entry of aliasEntries(pool, user)) {
    const owner = before.includes(entry.key) ? undefined : otherHolder(ctx, pool, entry.key, user.username);
    if (owner) taken.push({ name: entry.name, needsVerified: entry.needsVerified, owner });
  }
  return taken;
}

/**
 * Refuses to save `user` with a sign-in name another user holds: `AliasExistsException`. Only a
 * verified alias (email or phone number under AliasAttributes) named in `moveAliases` may move, as
 * ForceAliasCreation and an administrator's `email_verified: true` do; the previous holder's copy
 * then becomes unverified. A username attribute (UsernameAttributes) never moves.
 */
export function assertAliasesFree(
  ctx: Services,
  pool: UserPool,
  user: UserRecord,
  previous?: UserRecord,
  moveAliases: string[] = [],
): Array<{ name: string; owner: UserRecord }> {
  const taken = takenAliases(ctx, pool, user, previous);
  for (const { name, needsVerified } of taken) {
    if (!needsVerified || !moveAliases.includes(name)) throw errors.aliasExists(`An account with the given ${name} already exists.`);
  }
  return taken;
}

/**
 * Writes the user and keeps the alias index in step. This is where every path that sets an email or
 * phone number ends: a sign-in name held by another user is refused (see `assertAliasesFree`), so no
 * path can take over another account's email.
 *
 * `previous` is the user as read before this change: only what differs between the two is written,
 * onto the user as stored now, so a save made after an await (a trigger, password hashing) does not
 * undo what another request saved meanwhile (a new password, a used-up code, a lockout, an alias
 * moved away). Without `previous`, a new user.
 */
/**
 * A password write's condition, checked inside saveUser's transaction (IMMEDIATE: across processes
 * on one `--data` folder too): the stored password must still be `password`, the one the request
 * read (and proved, or replaced) before it awaited. Otherwise another request changed it meanwhile
 * and this one fails with `error`, instead of overwriting that change with a decision made on a stale read.
 */
export interface PasswordExpectation {
  password: UserRecord['password'];
  error: () => Error;
}

export function saveUser(
  ctx: Services,
  pool: UserPool,
  user: UserRecord,
  previous?: UserRecord,
  options: {
    moveAliases?: string[];
    expectPassword?: PasswordExpectation;
    /** A new user (SignUp, AdminCreateUser, an import): refused with this error when the name was taken since it was checked, in this process or another. */
    mustBeNew?: () => Error;
    /** A condition on the user as stored now, checked inside the write (in this process or another): throws to refuse the save. */
    expectStored?: (stored: UserRecord | undefined) => void;
  } = {},
): void {
  ctx.store.transaction(() => {
    const stored = ctx.store.get<UserRecord>('user', userKey(pool, user.username));
    if (stored && options.mustBeNew) throw options.mustBeNew();
    options.expectStored?.(stored);
    const expected = options.expectPassword;
    if (expected && stored && !samePassword(stored.password, expected.password)) throw expected.error();
    const next = previous && stored ? applyChanges(stored, previous, user) : user;
    // A GlobalSignOut's cut-off only moves forward.
    if (stored?.globalSignOutAt !== undefined && !(next.globalSignOutAt !== undefined && next.globalSignOutAt >= stored.globalSignOutAt))
      next.globalSignOutAt = stored.globalSignOutAt;
    const held = stored ?? previous;
    for (const { name, owner } of assertAliasesFree(ctx, pool, next, held, options.moveAliases)) {
      const demoted = structuredClone(owner);
      demoted.attributes[`${name}_verified`] = 'false';
      demoted.updatedAt = ctx.clock.now();
      saveUser(ctx, pool, demoted, owner);
    }
    const before = held ? aliasKeys(pool, held) : [];
    const after = aliasKeys(pool, next);
    for (const key of before) if (!after.includes(key) && ctx.store.get<string>('alias', key) === next.username) ctx.store.delete('alias', key);
    // A name new to this user is written. One it held before is rewritten only where no other user
    // holds it now, and an entry left pointing at nobody (or at a federated user, by older versions)
    // is repaired.
    for (const key of after) if (!before.includes(key) || !otherHolder(ctx, pool, key, next.username)) ctx.store.put('alias', key, next.username);
    ctx.store.put('user', userKey(pool, next.username), next);
  });
}

/**
 * Marks the step `step` of the authenticator app `secret` used, in one write transaction
 * (IMMEDIATE: across processes on one `--data` folder too). False, and nothing written, when the
 * stored app is no longer `secret` or its last used step is already at or past `step`: another
 * request used this code (or a later one) since it was read, so this one must not pass with it.
 */
export function useTotpStep(ctx: Services, pool: UserPool, username: string, secret: string, step: number): boolean {
  return ctx.store.transaction(() => {
    const stored = getUser(ctx, pool, username);
    if (!stored?.totp || stored.totp.secret !== secret || (stored.totp.lastStep ?? -1) >= step) return false;
    ctx.store.put('user', userKey(pool, stored.username), { ...stored, totp: { ...stored.totp, lastStep: step } });
    return true;
  });
}

/** Where `value` is a username attribute (UsernameAttributes) another user holds: `AliasExistsException`. */
export function assertUsernameAttributeFree(ctx: Services, pool: UserPool, user: UserRecord, attribute: string, value: string): void {
  if (!value || !(pool.UsernameAttributes ?? []).includes(attribute)) return;
  if (otherHolder(ctx, pool, aliasKey(pool, attribute, value), user.username))
    throw errors.aliasExists(`An account with the given ${attribute} already exists.`);
}

/** Fields that are maps of their own: merged key by key (one request's code, another's attribute). */
const MERGED_MAPS = new Set(['attributes', 'codes', 'mfa', 'pendingAttributes']);

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** `stored` with the changes from `previous` to `user` applied: changed fields (or map keys) set, removed ones deleted. */
function applyChanges(stored: UserRecord, previous: UserRecord, user: UserRecord): UserRecord {
  const out = structuredClone(stored) as unknown as Record<string, unknown>;
  const was = previous as unknown as Record<string, unknown>;
  const now = user as unknown as Record<string, unknown>;
  for (const field of new Set([...Object.keys(was), ...Object.keys(now)])) {
    if (same(was[field], now[field])) continue;
    const from = was[field];
    const to = now[field];
    if (MERGED_MAPS.has(field) && isMap(from) && isMap(to)) {
      const target = isMap(out[field]) ? (out[field] as Record<string, unknown>) : {};
      for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
        if (same(from[key], to[key])) continue;
        if (to[key] === undefined) delete target[key];
        else target[key] = to[key];
      }
      out[field] = target;
    } else if (to === undefined) delete out[field];
    else out[field] = to;
  }
  return out as unknown as UserRecord;
}

/**
 * Deletes attributes (DeleteUserAttributes and the admin form, one rule for both) and saves the
 * user. Required and immutable attributes are refused. An email or phone number takes its
 * `email_verified` / `phone_number_verified` flag with it: a flag about an address the user no
 * longer has would vouch for whatever address is set next.
 */
export function deleteAttributes(ctx: Services, pool: UserPool, user: UserRecord, names: string[]): void {
  const before = structuredClone(user);
  for (const name of names) {
    const schema = pool.SchemaAttributes.find(a => a.Name === name);
    if (!schema) throw errors.invalidParameter(`Attributes did not conform to the schema: Type for attribute {${name}} could not be determined`);
    if (schema.Required || !schema.Mutable) throw errors.invalidParameter(`Cannot delete the required or non-mutable attribute ${name}`);
    delete user.attributes[name];
    if (name === 'email' || name === 'phone_number') delete user.attributes[`${name}_verified`];
  }
  user.updatedAt = ctx.clock.now();
  saveUser(ctx, pool, user, before);
}

export function removeUser(ctx: Services, pool: UserPool, user: UserRecord): void {
  ctx.store.transaction(() => {
    for (const key of aliasKeys(pool, user)) if (ctx.store.get<string>('alias', key) === user.username) ctx.store.delete('alias', key);
    ctx.store.delete('user', userKey(pool, user.username));
    ctx.store.deletePrefix('family', `${pool.Id}/${user.username}/`);
    ctx.store.deletePrefix('authEvent', `${pool.Id}/${user.username}/`);
    removeUserFromAllGroups(ctx, pool.Id, user.username);
  });
}

/** A user as first stored, whoever makes it (sign-up, AdminCreateUser, import, federation): enabled, no failed sign-ins, no codes. */
export function newUserRecord(pool: UserPool, username: string, sub: string, attributes: Record<string, string>, status: UserStatus, now: number): UserRecord {
  return { poolId: pool.Id, username, sub, attributes, status, enabled: true, createdAt: now, updatedAt: now, failedAttempts: 0, codes: {} };
}

/** Saves `user` after a password is set: a new password ends a lockout and the count of failed sign-ins. */
const samePassword = (a: UserRecord['password'], b: UserRecord['password']) => a?.salt === b?.salt && a?.verifier === b?.verifier;

export function savePasswordChange(ctx: Services, pool: UserPool, user: UserRecord, previous: UserRecord, expectPassword?: PasswordExpectation): void {
  user.failedAttempts = 0;
  delete user.lockedUntil;
  user.updatedAt = ctx.clock.now();
  saveUser(ctx, pool, user, previous, expectPassword ? { expectPassword } : {});
}

export function poolName(pool: UserPool): string {
  return pool.Id.split('_')[1] ?? pool.Id;
}

export async function makePassword(pool: UserPool, username: string, password: string, now: number): Promise<UserRecord['password']> {
  const salt = randomBytes(16).toString('hex');
  const verifier = await computeSrpVerifier({ poolName: poolName(pool), userId: username, password, salt });
  return { salt, verifier, setAt: now };
}

/** Recomputes the verifier from a candidate password (USER_PASSWORD_AUTH, ChangePassword). */
export async function passwordMatches(pool: UserPool, user: UserRecord, password: string): Promise<boolean> {
  if (!user.password) return false;
  const verifier = await computeSrpVerifier({ poolName: poolName(pool), userId: user.username, password, salt: user.password.salt });
  return verifier === user.password.verifier;
}

/** `[{Name, Value}]` with `sub` first, as Cognito lists them. */
export function attributeList(user: UserRecord, only?: string[]): Array<{ Name: string; Value: string }> {
  const names = Object.keys(user.attributes).sort((a, b) => (a === 'sub' ? -1 : b === 'sub' ? 1 : 0));
  return names.filter(n => !only || only.includes(n)).map(Name => ({ Name, Value: user.attributes[Name]! }));
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const VERIFIED_FLAGS = ['email_verified', 'phone_number_verified'];
const PHONE = /^\+[0-9]{4,15}$/;

/**
 * Validates and applies `[{Name, Value}]` to `target` against the pool schema. `allowVerified`
 * marks an admin (IAM-signed) write: it may set `email_verified` / `phone_number_verified` and
 * developer-only (`dev:custom:`) attributes.
 */
export function applyAttributes(
  pool: UserPool,
  target: Record<string, string>,
  list: Array<{ Name: string; Value: string }>,
  options: { allowVerified?: boolean; immutableCheck?: boolean } = {},
): void {
  for (const { Name, Value: given } of list) {
    const schema = pool.SchemaAttributes.find(a => a.Name === Name);
    // Cognito takes the verified flags in any case ("True", "FALSE") and keeps them lower-case.
    const Value = VERIFIED_FLAGS.includes(Name) && /^(true|false)$/i.test(given) ? given.toLowerCase() : given;
    if (!schema || Name === 'sub') {
      if (Name === 'sub') throw errors.invalidParameter('Cannot modify the non-mutable attribute sub');
      throw errors.invalidParameter(`Attributes did not conform to the schema: Type for attribute {${Name}} could not be determined`);
    }
    // Developer-only attributes are read-only to app clients: only IAM-signed (admin) calls write them.
    if (schema.DeveloperOnlyAttribute && !options.allowVerified) throw errors.notAuthorized('A client attempted to write unauthorized attribute');
    if ((Name === 'email_verified' || Name === 'phone_number_verified') && !options.allowVerified) {
      // Self-service callers cannot mark themselves verified; Cognito ignores this silently on SignUp.
      continue;
    }
    if (options.immutableCheck && !schema.Mutable && target[Name] !== undefined) {
      throw errors.invalidParameter(`Cannot modify the non-mutable attribute ${Name}`);
    }
    if (Name === 'email' && Value !== '' && !EMAIL.test(Value)) throw errors.invalidParameter('Invalid email address format.');
    if (Name === 'phone_number' && Value !== '' && !PHONE.test(Value)) throw errors.invalidParameter('Invalid phone number format.');
    if (schema.AttributeDataType === 'Boolean' && Value !== 'true' && Value !== 'false') {
      throw errors.invalidParameter(`Attributes did not conform to the schema: ${Name}: Attribute value must be true or false`);
    }
    if (schema.AttributeDataType === 'Number' && Value !== '' && !/^-?\d+(\.\d+)?$/.test(Value)) {
      throw errors.invalidParameter(`Attributes did not conform to the schema: ${Name}: Number expected`);
    }
    const max = Number(schema.StringAttributeConstraints?.MaxLength ?? 2048);
    if (Value.length > max) {
      throw errors.invalidParameter(`Attributes did not conform to the schema: ${Name}: String must be no longer than ${max} characters`);
    }
    target[Name] = Value;
  }
}

export function checkRequiredAttributes(pool: UserPool, attributes: Record<string, string>): void {
  const missing = pool.SchemaAttributes.filter(a => a.Required && a.Name !== 'sub' && !attributes[a.Name]);
  if (missing.length) {
    throw new CognitoError(
      'InvalidParameterException',
      `Attributes did not conform to the schema: ${missing.map(a => `${a.Name}: The attribute ${a.Name} is required`).join('\n')}`,
    );
  }
}

export function emptyAttributes(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}
