/** DeleteUserAttributes: removes optional, mutable attributes of the signed-in user. */
import type { Operation } from '../context.js';
import { errors } from '../errors.js';
import type { UserPoolClient } from '../model.js';
import { verifyAccessToken } from '../services/tokens.js';
import { saveUser } from '../services/users.js';
import { optStringList, reqString, TOKEN_RULE } from '../validate.js';
import { requireWritable } from './update-user-attributes.js';

export const deleteUserAttributes: Operation = async (input, ctx) => {
  const names = optStringList(input, 'UserAttributeNames');
  if (!names) throw errors.invalidParameter("1 validation error detected: Value null at 'userAttributeNames' failed to satisfy constraint: Member must not be null");
  const { pool, user, claims } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  requireWritable(ctx.store.get<UserPoolClient>('client', String(claims.client_id)), names);
  const before = structuredClone(user);
  for (const name of names) {
    const schema = pool.SchemaAttributes.find((a) => a.Name === name);
    if (!schema) throw errors.invalidParameter(`Attributes did not conform to the schema: Type for attribute {${name}} could not be determined`);
    if (schema.Required || !schema.Mutable) throw errors.invalidParameter(`Cannot delete the required or non-mutable attribute ${name}`);
    delete user.attributes[name];
    if (name === 'email' || name === 'phone_number') delete user.attributes[`${name}_verified`];
  }
  user.updatedAt = ctx.clock.now();
  saveUser(ctx, pool, user, before);
  return {};
};
