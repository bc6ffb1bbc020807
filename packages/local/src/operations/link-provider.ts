/**
 * AdminLinkProviderForUser and AdminDisableProviderForUser: an external identity (SourceUser: a
 * configured provider, `Cognito_Subject` = the provider's `sub`, or another claim by name) is linked
 * to an existing user (DestinationUser: `Cognito` and a username, or a federated user). A federated
 * sign-in through that provider then signs in as the linked user (oauth/idp.ts): the tokens carry
 * that user's `sub` and username, and the `identities` claim lists the linked provider.
 * AdminDisableProviderForUser removes the link (or, for a federated user that was never linked,
 * stops that user signing in).
 */
import type { Json, Operation, Services } from '../context.js';
import { CognitoError, errors } from '../errors.js';
import type { UserPool, UserRecord } from '../model.js';
import { getPool } from '../services/pools.js';
import { getUser, saveUser } from '../services/users.js';
import { optString, reqString, notNull, optObject, POOL_ID_RULE } from '../validate.js';
import type { IdentityProviderRecord } from './oauth-setup.js';

export const SUBJECT = 'Cognito_Subject';
const MAX_LINKED = 5;

interface ProviderUser {
  ProviderName: string;
  ProviderAttributeName?: string;
  ProviderAttributeValue: string;
}

interface ProviderLink {
  username: string;
  providerName: string;
  attributeName: string;
  value: string;
  createdAt: number;
}

function providerUser(input: Json, name: string): ProviderUser {
  const item = notNull(optObject(input, name), name);
  const ProviderName = reqString(item, 'ProviderName', { min: 1, max: 32 });
  const ProviderAttributeName = optString(item, 'ProviderAttributeName', { min: 1, max: 128 });
  const ProviderAttributeValue = reqString(item, 'ProviderAttributeValue', { min: 1, max: 2048 });
  return { ProviderName, ...(ProviderAttributeName ? { ProviderAttributeName } : {}), ProviderAttributeValue };
}

const linkKey = (poolId: string, provider: string, attribute: string, value: string) => `${poolId}/${provider}/${attribute}/${value}`;

function identitiesOf(user: UserRecord): Array<Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse(user.attributes.identities ?? '[]');
    return Array.isArray(parsed) ? (parsed as Array<Record<string, unknown>>) : [];
  } catch {
    return [];
  }
}

function provider(ctx: Services, pool: UserPool, name: string): IdentityProviderRecord | undefined {
  return ctx.store.get<IdentityProviderRecord>('idp', `${pool.Id}/${name}`);
}

/** The user an external identity signs in as, when it was linked: by `sub`, or by a claim the link names. */
export function linkedUser(ctx: Services, pool: UserPool, providerName: string, claims: Record<string, string | undefined>): UserRecord | undefined {
  for (const link of ctx.store.list<ProviderLink>('providerLink', `${pool.Id}/${providerName}/`)) {
    const claim = link.attributeName === SUBJECT ? claims.sub : claims[link.attributeName];
    if (claim === undefined || claim !== link.value) continue;
    const user = getUser(ctx, pool, link.username);
    if (user) return user;
  }
  return undefined;
}

export const adminLinkProviderForUser: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const destination = providerUser(input, 'DestinationUser');
  const source = providerUser(input, 'SourceUser');
  if (source.ProviderName === 'Cognito') throw errors.invalidParameter('SourceUser ProviderName cannot be Cognito; it must be an external identity provider.');
  const idp = provider(ctx, pool, source.ProviderName);
  if (!idp) throw errors.invalidParameter(`Identity provider ${source.ProviderName} does not exist in this user pool.`);
  const attribute = source.ProviderAttributeName ?? SUBJECT;
  const target =
    destination.ProviderName === 'Cognito'
      ? getUser(ctx, pool, destination.ProviderAttributeValue)
      : getUser(ctx, pool, `${destination.ProviderName}_${destination.ProviderAttributeValue}`);
  if (!target) throw errors.userNotFound();
  if (destination.ProviderName === source.ProviderName && target.username === `${source.ProviderName}_${source.ProviderAttributeValue}`) {
    throw errors.invalidParameter('A user cannot be linked to itself.');
  }
  // The external identity must not have signed up already: Cognito does not merge two users.
  if (attribute === SUBJECT && getUser(ctx, pool, `${source.ProviderName}_${source.ProviderAttributeValue}`)) {
    throw errors.invalidParameter('Merging is not currently supported, provide a SourceUser that has not been signed up in the user pool');
  }
  const key = linkKey(pool.Id, source.ProviderName, attribute, source.ProviderAttributeValue);
  const existing = ctx.store.get<ProviderLink>('providerLink', key);
  if (existing && existing.username !== target.username && getUser(ctx, pool, existing.username)) {
    throw new CognitoError('AliasExistsException', 'The SourceUser is already linked to another user.');
  }
  const identities = identitiesOf(target);
  const userId = source.ProviderAttributeValue;
  if (!identities.some(i => i.providerName === source.ProviderName && i.userId === userId)) {
    if (identities.filter(i => i.primary !== true).length >= MAX_LINKED) {
      throw errors.limitExceeded(`A user can be linked to at most ${MAX_LINKED} identities.`);
    }
    identities.push({
      userId,
      providerName: source.ProviderName,
      providerType: idp.ProviderType,
      issuer: null,
      primary: false,
      dateCreated: ctx.clock.now() * 1000,
    });
  }
  const before = structuredClone(target);
  target.attributes = { ...target.attributes, identities: JSON.stringify(identities) };
  target.updatedAt = ctx.clock.now();
  ctx.store.transaction(() => {
    saveUser(ctx, pool, target, before);
    ctx.store.put('providerLink', key, {
      username: target.username,
      providerName: source.ProviderName,
      attributeName: attribute,
      value: source.ProviderAttributeValue,
      createdAt: ctx.clock.now(),
    } satisfies ProviderLink);
  });
  return {};
};

export const adminDisableProviderForUser: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const user = providerUser(input, 'User');
  if (user.ProviderName === 'Cognito') {
    // A native user: their own sign-in (password, SRP, passwordless) stops; identities linked to them still sign in.
    // As documented: ProviderAttributeName Cognito_Subject, ProviderAttributeValue the user's username. AdminEnableUser undoes it.
    if ((user.ProviderAttributeName ?? SUBJECT) !== SUBJECT)
      throw errors.invalidParameter('ProviderAttributeName must be Cognito_Subject for the Cognito provider.');
    ctx.store.transaction(() => {
      const native = getUser(ctx, pool, user.ProviderAttributeValue);
      if (!native || native.status === 'EXTERNAL_PROVIDER') throw errors.userNotFound();
      saveUser(ctx, pool, { ...native, nativeSignInDisabled: true, updatedAt: ctx.clock.now() }, native);
    });
    return {};
  }
  const attribute = user.ProviderAttributeName ?? SUBJECT;
  const key = linkKey(pool.Id, user.ProviderName, attribute, user.ProviderAttributeValue);
  const link = ctx.store.get<ProviderLink>('providerLink', key);
  if (link) {
    const target = getUser(ctx, pool, link.username);
    ctx.store.transaction(() => {
      ctx.store.delete('providerLink', key);
      if (target) {
        const before = structuredClone(target);
        const identities = identitiesOf(target).filter(i => !(i.providerName === user.ProviderName && i.userId === user.ProviderAttributeValue));
        const attributes = { ...target.attributes };
        if (identities.length) attributes.identities = JSON.stringify(identities);
        else delete attributes.identities;
        saveUser(ctx, pool, { ...target, attributes, updatedAt: ctx.clock.now() }, before);
      }
    });
    return {};
  }
  // Not linked: the federated user of that identity, if it signed in before, can no longer sign in.
  const federated = attribute === SUBJECT ? getUser(ctx, pool, `${user.ProviderName}_${user.ProviderAttributeValue}`) : undefined;
  if (federated?.status !== 'EXTERNAL_PROVIDER') throw errors.userNotFound();
  saveUser(ctx, pool, { ...federated, enabled: false, updatedAt: ctx.clock.now() }, federated);
  return {};
};
