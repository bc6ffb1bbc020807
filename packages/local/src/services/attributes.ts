/**
 * The one attribute-update rule. Every path that writes a user's attributes goes through it:
 * UpdateUserAttributes, AdminUpdateUserAttributes and NEW_PASSWORD_REQUIRED's `userAttributes.*`
 * (`changeAttributes`), and the paths where a code proves an address — VerifyUserAttribute and
 * email MFA set up during sign-in (`markVerified`). Saving ends in `saveUser`, which refuses a
 * sign-in name (email, phone number) another user holds.
 *
 * - A username attribute (UsernameAttributes) held by another user is `AliasExistsException` at once.
 * - An alias (AliasAttributes) counts only once verified: another user's address may be set, but it
 *   stays unverified and verifying it is `AliasExistsException`. Only an administrator who sets
 *   `email_verified` / `phone_number_verified` to true moves the alias (the previous holder's copy
 *   becomes unverified), as ForceAliasCreation does.
 * - A changed email or phone number becomes unverified (unless an administrator sets the flag) and
 *   gets a code when the pool auto-verifies it. With AttributesRequireVerificationBeforeUpdate, a
 *   verified value stays active until the new one is verified (`pendingAttributes`), whoever wrote
 *   it, unless an administrator sets the `*_verified` flag to true with it.
 */
import type { Json, Services } from '../context.js';
import { errors } from '../errors.js';
import type { UserPool, UserPoolClient, UserRecord } from '../model.js';
import { issueCode, type CodeDeliveryDetails } from './codes.js';
import { applyAttributes, assertAliasesFree, assertUsernameAttributeFree, checkRequiredAttributes, saveUser, type PasswordExpectation } from './users.js';

export type PendingUser = UserRecord & { pendingAttributes?: Record<string, string> };

/** Only the attributes the app client may write (its WriteAttributes; the `*_verified` flags are dropped later). */
export function requireWritable(client: UserPoolClient | undefined, names: string[]): void {
  const writable = client?.WriteAttributes;
  if (!writable) return;
  const denied = names.filter(n => !writable.includes(n) && !n.endsWith('_verified'));
  if (denied.length) throw errors.notAuthorized('A client attempted to write unauthorized attribute');
}

const VERIFIABLE = ['email', 'phone_number'] as const;
const CODE_TTL = 24 * 3600;

export interface ChangeOptions {
  /** `user`: the user themselves (a token or a sign-in challenge); `admin`: a signed admin call. */
  writer: 'user' | 'admin';
  /** Checks the pool's required attributes on the result (NEW_PASSWORD_REQUIRED). */
  requireAll?: boolean;
  /** Other changes saved in the same write (NEW_PASSWORD_REQUIRED's password and status). */
  alsoApply?: (user: UserRecord) => void;
  /** The password the save requires to be still stored (NEW_PASSWORD_REQUIRED: the temporary one it replaces). */
  expectPassword?: PasswordExpectation;
}

/**
 * Validates and applies `[{Name, Value}]` to `user` and saves it, with the rules above. Returns the
 * codes sent. Nothing is delivered or written when the change is refused.
 */
export async function changeAttributes(
  ctx: Services,
  pool: UserPool,
  user: UserRecord,
  list: Array<{ Name: string; Value: string }>,
  options: ChangeOptions,
): Promise<CodeDeliveryDetails[]> {
  const admin = options.writer === 'admin';
  const before = structuredClone(user) as PendingUser;
  const staged = structuredClone(user.attributes);
  applyAttributes(pool, staged, list, { allowVerified: admin, immutableCheck: true });
  if (options.requireAll) checkRequiredAttributes(pool, staged);
  const autoVerified = pool.AutoVerifiedAttributes ?? [];
  const settings = pool.UserAttributeUpdateSettings as Json | undefined;
  const requireVerify = (settings?.AttributesRequireVerificationBeforeUpdate as string[] | undefined) ?? [];
  const pending: Record<string, string> = {};
  const toVerify: Array<{ attribute: 'email' | 'phone_number'; value: string }> = [];
  const moveAliases: string[] = [];
  for (const attribute of VERIFIABLE) {
    const flag = `${attribute}_verified`;
    const flagGiven = admin && list.some(a => a.Name === flag);
    // An administrator's `*_verified: true` vouches for the value: it applies at once and may move an alias.
    const vouched = flagGiven && staged[flag] === 'true';
    if (vouched) moveAliases.push(attribute);
    const value = staged[attribute] ?? '';
    if (!list.some(a => a.Name === attribute) || value === (before.attributes[attribute] ?? '')) continue;
    assertUsernameAttributeFree(ctx, pool, user, attribute, value);
    if (!vouched && value && autoVerified.includes(attribute) && requireVerify.includes(attribute) && before.attributes[flag] === 'true') {
      // The verified value stays active; the new one waits for VerifyUserAttribute.
      pending[attribute] = value;
      staged[attribute] = before.attributes[attribute]!;
      staged[flag] = before.attributes[flag]!;
      toVerify.push({ attribute, value });
      continue;
    }
    if (flagGiven) continue;
    staged[flag] = 'false';
    if (value && autoVerified.includes(attribute)) toVerify.push({ attribute, value });
  }
  const next = user as PendingUser;
  const candidate: PendingUser = { ...next, attributes: staged };
  options.alsoApply?.(candidate);
  assertAliasesFree(ctx, pool, candidate, before, moveAliases);
  const deliveries: CodeDeliveryDetails[] = [];
  for (const target of toVerify) {
    deliveries.push(await issueCode(ctx, pool, candidate, `verify:${target.attribute}`, target, { kind: 'VerifyUserAttribute', ttlSeconds: CODE_TTL }));
  }
  if (Object.keys(pending).length) candidate.pendingAttributes = { ...next.pendingAttributes, ...pending };
  candidate.updatedAt = ctx.clock.now();
  Object.assign(next, candidate);
  saveUser(ctx, pool, next, before, { moveAliases, ...(options.expectPassword ? { expectPassword: options.expectPassword } : {}) });
  return deliveries;
}

/**
 * A code sent to `value` was entered: `value` becomes the attribute's, verified (a pending value is
 * applied). The caller saves the user, and `saveUser` refuses an alias another user holds.
 */
export function markVerified(user: UserRecord, attribute: 'email' | 'phone_number', value: string): void {
  const next = user as PendingUser;
  if (value) next.attributes[attribute] = value;
  next.attributes[`${attribute}_verified`] = 'true';
  if (next.pendingAttributes?.[attribute] !== undefined) delete next.pendingAttributes[attribute];
}
