/** VerifyUserAttribute: checks the code sent for an email or phone number and marks it verified. */
import type { Operation } from '../context.js';
import { errors } from '../errors.js';
import { checkCode } from '../services/codes.js';
import { verifyAccessToken } from '../services/tokens.js';
import { aliasOwner, saveUser } from '../services/users.js';
import { reqString, CODE_RULE, TOKEN_RULE } from '../validate.js';
import type { PendingUser } from './update-user-attributes.js';

export const verifyUserAttribute: Operation = async (input, ctx) => {
  const name = reqString(input, 'AttributeName', { min: 1, max: 32 });
  const code = reqString(input, 'Code', CODE_RULE);
  const { pool, user } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  if (name !== 'email' && name !== 'phone_number') throw errors.invalidParameter(`Invalid attribute name: ${name}`);
  const next = user as PendingUser;
  const before = structuredClone(next);
  try {
    checkCode(ctx, next, `verify:${name}`, code);
  } catch (error) {
    saveUser(ctx, pool, next, before);
    throw error;
  }
  const pending = next.pendingAttributes?.[name];
  if (pending !== undefined) {
    next.attributes[name] = pending;
    delete next.pendingAttributes![name];
  }
  const owner = aliasOwner(ctx, pool, name, next.attributes[name] ?? '');
  if (owner !== undefined && owner !== next.username && (pool.AliasAttributes ?? []).includes(name)) {
    throw errors.aliasExists(`An account with the given ${name} already exists.`);
  }
  next.attributes[`${name}_verified`] = 'true';
  next.updatedAt = ctx.clock.now();
  saveUser(ctx, pool, next, before);
  return {};
};
