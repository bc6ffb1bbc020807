/** updateUserAttribute: `updateUserAttributes` for one `{attributeKey, value}`; returns its entry. */
import type { AuthContext } from '../context/auth-context.js';
import { defaultContext } from '../context/default-context.js';
import type { UpdateUserAttributeInput, UpdateUserAttributeOutput } from '../types/auth.js';
import { updateUserAttributesOf } from './update-user-attributes.js';

export async function updateUserAttributeOf(ctx: AuthContext, input: UpdateUserAttributeInput): Promise<UpdateUserAttributeOutput> {
  const {
    userAttribute: { attributeKey, value },
    options,
  } = input;
  const output = await updateUserAttributesOf(ctx, { userAttributes: { [attributeKey]: value }, options });
  return Object.values(output)[0]!;
}

export function updateUserAttribute(input: UpdateUserAttributeInput): Promise<UpdateUserAttributeOutput> {
  return updateUserAttributeOf(defaultContext, input);
}
