/**
 * UpdateUserAttributes: the signed-in user changes attributes the app client may write. A new
 * email or phone number becomes unverified and gets a code when the pool auto-verifies it; with
 * AttributesRequireVerificationBeforeUpdate the old value stays until VerifyUserAttribute.
 */
import type { Json, Operation } from '../context.js';
import { errors } from '../errors.js';
import type { UserPoolClient, UserRecord } from '../model.js';
import { deliveryTarget, issueCode, type CodeDeliveryDetails } from '../services/codes.js';
import { verifyAccessToken } from '../services/tokens.js';
import { aliasOwner, applyAttributes, saveUser } from '../services/users.js';
import { notNull, optAttributeList, optStringMap, reqString, TOKEN_RULE } from '../validate.js';

export type PendingUser = UserRecord & { pendingAttributes?: Record<string, string> };

export function requireWritable(client: UserPoolClient | undefined, names: string[]): void {
  const writable = client?.WriteAttributes;
  if (!writable) return;
  const denied = names.filter((n) => !writable.includes(n) && !n.endsWith('_verified'));
  if (denied.length) throw errors.notAuthorized('A client attempted to write unauthorized attribute');
}

export const updateUserAttributes: Operation = async (input, ctx) => {
  const list = notNull(optAttributeList(input, 'UserAttributes'), 'UserAttributes');
  optStringMap(input, 'ClientMetadata');
  const { pool, user, claims } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  const client = ctx.store.get<UserPoolClient>('client', String(claims.client_id));
  requireWritable(client, list.map((a) => a.Name));
  const before = structuredClone(user) as PendingUser;
  const next = user as PendingUser;
  const requireVerify = ((pool.UserAttributeUpdateSettings as Json | undefined)?.AttributesRequireVerificationBeforeUpdate as string[] | undefined) ?? [];
  const staged = structuredClone(next.attributes);
  applyAttributes(pool, staged, list, { immutableCheck: true });
  const deliveries: CodeDeliveryDetails[] = [];
  for (const attribute of ['email', 'phone_number'] as const) {
    const value = staged[attribute];
    if (!list.some((a) => a.Name === attribute) || value === before.attributes[attribute]) continue;
    const owner = value ? aliasOwner(ctx, pool, attribute, value) : undefined;
    if (owner !== undefined && owner !== user.username && (pool.UsernameAttributes ?? []).includes(attribute)) {
      throw errors.aliasExists(`An account with the given ${attribute} already exists.`);
    }
    const autoVerified = (pool.AutoVerifiedAttributes ?? []).includes(attribute);
    if (autoVerified && requireVerify.includes(attribute) && before.attributes[`${attribute}_verified`] === 'true') {
      next.pendingAttributes = { ...next.pendingAttributes, [attribute]: value! };
      staged[attribute] = before.attributes[attribute]!;
      deliveries.push(await issueCode(ctx, pool, next, `verify:${attribute}`, { attribute, value: value! }, { kind: 'VerifyUserAttribute', ttlSeconds: 24 * 3600 }));
      continue;
    }
    staged[`${attribute}_verified`] = 'false';
    if (autoVerified && value) {
      const target = deliveryTarget(pool, { ...next, attributes: staged }, attribute);
      if (target) deliveries.push(await issueCode(ctx, pool, next, `verify:${attribute}`, target, { kind: 'VerifyUserAttribute', ttlSeconds: 24 * 3600 }));
    }
  }
  next.attributes = staged;
  next.updatedAt = ctx.clock.now();
  saveUser(ctx, pool, next, before);
  return deliveries.length ? { CodeDeliveryDetailsList: deliveries } : {};
};
