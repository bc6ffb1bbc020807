/**
 * TagResource, UntagResource, ListTagsForResource on user pools
 * (`arn:aws:cognito-idp:<region>:<account>:userpool/<id>`), and the `UserPoolTags` that
 * CreateUserPool / UpdateUserPool take. The limits are the shared tag rule (services/tags.ts).
 */
import type { Json, Operation, Services } from '../context.js';
import { CognitoError, errors } from '../errors.js';
import type { UserPool } from '../model.js';
import { MAX_TAGS, mergeTags, removeTags, tagProblem } from '../services/tags.js';
import { optArray, optObject, reqString } from '../validate.js';

const ARN_RULE = { min: 20, max: 2048 };
const USER_POOL_ARN = /^arn:aws[\w-]*:cognito-idp:[\w-]+:\d{0,12}:userpool\/([\w-]+_[0-9a-zA-Z]+)$/;

function invalid(member: string, constraint: string): CognitoError {
  return new CognitoError('InvalidParameterException', `1 validation error detected: Value at '${member}' failed to satisfy constraint: ${constraint}`);
}

/** A tag map (`Tags`, `UserPoolTags`) checked against the shared rule; undefined when absent. */
export function readTags(input: Json, name: string): Record<string, string> | undefined {
  const value = optObject(input, name);
  if (!value) return undefined;
  const member = name.charAt(0).toLowerCase() + name.slice(1);
  const keys = Object.keys(value);
  if (keys.length > MAX_TAGS) throw invalid(member, `Member must have length less than or equal to ${MAX_TAGS}`);
  const out: Record<string, string> = {};
  for (const key of keys) {
    const v = value[key];
    if (typeof v !== 'string') throw invalid(member, 'Map value must be a string');
    const problem = tagProblem(key, v);
    if (problem) throw errors.invalidParameter(problem);
    out[key] = v;
  }
  return out;
}

/** The pool an ARN names: InvalidParameterException for something that is not a user pool ARN, ResourceNotFoundException for an unknown one. */
function poolOfArn(ctx: Services, input: Json): UserPool {
  const arn = reqString(input, 'ResourceArn', ARN_RULE);
  const match = USER_POOL_ARN.exec(arn);
  if (!match) throw errors.invalidParameter(`Invalid resource ARN: ${arn}`);
  const pool = ctx.store.get<UserPool>('pool', match[1]!);
  if (!pool || pool.Arn !== arn) throw errors.resourceNotFound(`User pool ${match[1]} does not exist.`);
  return pool;
}

export const tagResource: Operation = (input, ctx) => {
  const pool = poolOfArn(ctx, input);
  const tags = readTags(input, 'Tags') ?? {};
  const merged = mergeTags(pool.UserPoolTags as Record<string, string> | undefined, tags);
  if (!merged) throw errors.invalidParameter(`A resource can have at most ${MAX_TAGS} tags.`);
  ctx.store.put('pool', pool.Id, { ...pool, UserPoolTags: merged });
  return {};
};

export const untagResource: Operation = (input, ctx) => {
  const pool = poolOfArn(ctx, input);
  const keys = optArray(input, 'TagKeys', MAX_TAGS) ?? [];
  for (const key of keys)
    if (typeof key !== 'string' || key.length < 1 || key.length > 128) throw invalid('tagKeys', 'Member must have length between 1 and 128');
  ctx.store.put('pool', pool.Id, { ...pool, UserPoolTags: removeTags(pool.UserPoolTags as Record<string, string> | undefined, keys as string[]) });
  return {};
};

export const listTagsForResource: Operation = (input, ctx) => {
  const pool = poolOfArn(ctx, input);
  return { Tags: (pool.UserPoolTags as Record<string, string> | undefined) ?? {} };
};
