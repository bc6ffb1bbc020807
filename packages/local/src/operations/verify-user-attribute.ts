/** VerifyUserAttribute: checks the code sent for an email or phone number and marks it verified. */
import type { Operation } from '../context.js';
import { errors } from '../errors.js';
import { useCode } from '../services/codes.js';
import { verifyAccessToken } from '../services/tokens.js';
import { markVerified } from '../services/attributes.js';
import { saveUser } from '../services/users.js';
import { reqString, CODE_RULE, TOKEN_RULE } from '../validate.js';
import type { PendingUser } from '../services/attributes.js';

export const verifyUserAttribute: Operation = async (input, ctx) => {
  const name = reqString(input, 'AttributeName', { min: 1, max: 32 });
  const code = reqString(input, 'Code', CODE_RULE);
  const { pool, user } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  if (name !== 'email' && name !== 'phone_number') throw errors.invalidParameter(`Invalid attribute name: ${name}`);
  // Read again, the code checked and the attribute marked verified in one write transaction (services/codes.ts useCode).
  useCode(
    ctx,
    pool,
    user.username,
    `verify:${name}`,
    code,
    (verified, before) => {
      const next = verified as PendingUser;
      // The pending value (AttributesRequireVerificationBeforeUpdate) or the current one becomes verified;
      // saveUser refuses an alias another user holds (AliasExistsException).
      markVerified(next, name, next.pendingAttributes?.[name] ?? next.attributes[name] ?? '');
      next.updatedAt = ctx.clock.now();
      saveUser(ctx, pool, next, before);
    },
    { orElse: user },
  );
  return {};
};
