/**
 * GetProvisionedLimit and UpdateProvisionedLimit: the account's request-rate quota per user pools
 * API category (LimitClass API_CATEGORY, Attributes { Category }). FreeLimitValue is the default
 * quota from Cognito's quotas page; a provisioned value is stored and returned. cognate-local does
 * not throttle by them (its fault injection does that on request).
 *
 * Store: `meta` `provisionedLimit/<Category>` → number.
 */
import type { Json, Operation } from '../context.js';
import { errors } from '../errors.js';
import { optObject, optStringMap, reqString } from '../validate.js';

/** Default request rates (RPS) per category, from the Cognito developer guide's quotas page. */
export const FREE_LIMITS: Record<string, number> = {
  UserAuthentication: 120,
  UserCreation: 50,
  UserFederation: 25,
  UserAccountRecovery: 30,
  UserRead: 120,
  UserList: 30,
  UserUpdate: 25,
  UserToken: 120,
  UserResourceRead: 50,
  UserResourceUpdate: 25,
  UserPoolRead: 15,
  UserPoolUpdate: 15,
  UserPoolResourceRead: 20,
  UserPoolResourceUpdate: 15,
  ClientAuthentication: 150,
};

function definition(input: Json): { category: string; wire: Json } {
  const def = optObject(input, 'LimitDefinition');
  if (!def) throw errors.invalidParameter("1 validation error detected: Value null at 'limitDefinition' failed to satisfy constraint: Member must not be null");
  reqString(def, 'LimitClass', { values: ['API_CATEGORY'] });
  const attributes = optStringMap(def, 'Attributes');
  if (!attributes)
    throw errors.invalidParameter(
      "1 validation error detected: Value null at 'limitDefinition.attributes' failed to satisfy constraint: Member must not be null",
    );
  const names = Object.keys(attributes);
  const category = attributes.Category;
  if (names.length !== 1 || category === undefined) throw errors.invalidParameter('An API_CATEGORY limit is identified by exactly one attribute, Category.');
  if (!Object.hasOwn(FREE_LIMITS, category))
    throw errors.invalidParameter(`${category.slice(0, 64)} is not a user pools API category. Valid categories: ${Object.keys(FREE_LIMITS).join(', ')}.`);
  return { category, wire: { LimitClass: 'API_CATEGORY', Attributes: { Category: category } } };
}

export const getProvisionedLimit: Operation = (input, ctx) => {
  const { category, wire } = definition(input);
  const free = FREE_LIMITS[category]!;
  return {
    Limit: { LimitDefinition: wire, ProvisionedLimitValue: ctx.store.get<number>('meta', `provisionedLimit/${category}`) ?? free, FreeLimitValue: free },
  };
};

export const updateProvisionedLimit: Operation = (input, ctx) => {
  const { category, wire } = definition(input);
  const free = FREE_LIMITS[category]!;
  const value = input.RequestedLimitValue;
  if (value === undefined || value === null)
    throw errors.invalidParameter("1 validation error detected: Value null at 'requestedLimitValue' failed to satisfy constraint: Member must not be null");
  if (typeof value !== 'number' || !Number.isInteger(value)) throw errors.invalidParameter('RequestedLimitValue must be an integer.');
  if (value < free) throw errors.invalidParameter(`RequestedLimitValue must be at least the free limit of ${free} requests per second for ${category}.`);
  ctx.store.put('meta', `provisionedLimit/${category}`, value);
  return { Limit: { LimitDefinition: wire, ProvisionedLimitValue: value, FreeLimitValue: free } };
};
