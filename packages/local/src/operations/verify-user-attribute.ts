/** VerifyUserAttribute: checks the code sent for an email or phone number and marks it verified. */
import type { Operation } from '../context.js';
import { errors } from '../errors.js';
import { checkCode } from '../services/codes.js';
import { verifyAccessToken } from '../services/tokens.js';
import { markVerified } from '../services/attributes.js';
import { getUser, saveUser } from '../services/users.js';
import { reqString, CODE_RULE, TOKEN_RULE } from '../validate.js';
import type { PendingUser } from '../services/attributes.js';

export const verifyUserAttribute: Operation = async (input, ctx) => {
  const name = reqString(input, 'AttributeName', { min: 1, max: 32 });
  const code = reqString(input, 'Code', CODE_RULE);
  const { pool, user } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  if (name !== 'email' && name !== 'phone_number') throw errors.invalidParameter(`Invalid attribute name: ${name}`);
  // The user read again, the code checked and the outcome saved in one write transaction (IMMEDIATE:
  // against other processes on the --data folder too): two answers at once are counted one after the other.
  const failure = ctx.store.transaction((): unknown => {
    const next = (getUser(ctx, pool, user.username) ?? user) as PendingUser;
    const before = structuredClone(next);
    try {
      checkCode(ctx, next, `verify:${name}`, code);
    } catch (error) {
      saveUser(ctx, pool, next, before);
      return error;
    }
    // The pending value (AttributesRequireVerificationBeforeUpdate) or the current one becomes verified;
    // saveUser refuses an alias another user holds (AliasExistsException).
    markVerified(next, name, next.pendingAttributes?.[name] ?? next.attributes[name] ?? '');
    next.updatedAt = ctx.clock.now();
    saveUser(ctx, pool, next, before);
    return undefined;
  });
  if (failure) throw failure;
  return {};
};
