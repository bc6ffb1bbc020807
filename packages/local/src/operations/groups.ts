/**
 * User-pool groups: CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups,
 * AdminAddUserToGroup, AdminRemoveUserFromGroup, AdminListGroupsForUser and ListUsersInGroup.
 * Members get `cognito:groups` (and the roles claims) in their next tokens, refreshes included
 * (`services/tokens.ts`). Lists are in name order; a NextToken is where the last page ended.
 */
import type { Json, Operation, OperationContext } from '../context.js';
import { errors } from '../errors.js';
import type { UserPool, UserRecord } from '../model.js';
import { addMember, deleteGroupRecord, groupKey, groupsOfUser, membersOf, removeMember, requireGroup, type GroupRecord } from '../services/groups.js';
import { getPool } from '../services/pools.js';
import { pageOf, readPaging } from '../paging.js';
import { getUser, requireUser } from '../services/users.js';
import { ARN_RULE, optInt, optString, reqString, POOL_ID_RULE, USERNAME_RULE, type StringRule } from '../validate.js';
import { userType } from './admin-users.js';

const GROUP_NAME: StringRule = { min: 1, max: 128, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, patternText: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' };

function poolOf(input: Json, ctx: OperationContext): UserPool {
  return getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
}

/** The optional fields of Create/UpdateGroup that were given. */
function groupFields(input: Json): Partial<Pick<GroupRecord, 'Description' | 'RoleArn' | 'Precedence'>> {
  const out: Partial<Pick<GroupRecord, 'Description' | 'RoleArn' | 'Precedence'>> = {};
  const description = optString(input, 'Description', { max: 2048 });
  const roleArn = optString(input, 'RoleArn', ARN_RULE);
  const precedence = optInt(input, 'Precedence', 0, 2_147_483_647);
  if (description !== undefined) out.Description = description;
  if (roleArn !== undefined) out.RoleArn = roleArn;
  if (precedence !== undefined) out.Precedence = precedence;
  return out;
}

const paging = (input: Json) => readPaging(input, { limit: 'Limit', min: 0, max: 60, fallback: 60, token: 'NextToken' });

export const createGroup: Operation = (input, ctx) => {
  const pool = poolOf(input, ctx);
  const name = reqString(input, 'GroupName', GROUP_NAME);
  const fields = groupFields(input);
  if (ctx.store.get('group', groupKey(pool.Id, name))) throw errors.groupExists();
  const now = ctx.clock.now();
  const group: GroupRecord = { GroupName: name, UserPoolId: pool.Id, ...fields, LastModifiedDate: now, CreationDate: now };
  ctx.store.put('group', groupKey(pool.Id, name), group);
  return { Group: group };
};

export const getGroup: Operation = (input, ctx) => ({ Group: requireGroup(ctx, poolOf(input, ctx), reqString(input, 'GroupName', GROUP_NAME)) });

export const updateGroup: Operation = (input, ctx) => {
  const pool = poolOf(input, ctx);
  const group = requireGroup(ctx, pool, reqString(input, 'GroupName', GROUP_NAME));
  const next: GroupRecord = { ...group, ...groupFields(input), LastModifiedDate: ctx.clock.now() };
  ctx.store.put('group', groupKey(pool.Id, group.GroupName), next);
  return { Group: next };
};

export const deleteGroup: Operation = (input, ctx) => {
  const pool = poolOf(input, ctx);
  const group = requireGroup(ctx, pool, reqString(input, 'GroupName', GROUP_NAME));
  deleteGroupRecord(ctx, pool.Id, group.GroupName);
  return {};
};

export const listGroups: Operation = (input, ctx) => {
  const pool = poolOf(input, ctx);
  const all = ctx.store.list<GroupRecord>('group', `${pool.Id}/`);
  const { items, next } = pageOf(all, g => g.GroupName, paging(input), `ListGroups/${pool.Id}`);
  return { Groups: items, ...(next ? { NextToken: next } : {}) };
};

function memberOf(input: Json, ctx: OperationContext): { pool: UserPool; user: UserRecord; group: GroupRecord } {
  const pool = poolOf(input, ctx);
  const username = reqString(input, 'Username', USERNAME_RULE);
  const groupName = reqString(input, 'GroupName', GROUP_NAME);
  const user = requireUser(ctx, pool, username);
  return { pool, user, group: requireGroup(ctx, pool, groupName) };
}

export const adminAddUserToGroup: Operation = (input, ctx) => {
  const { pool, user, group } = memberOf(input, ctx);
  addMember(ctx, pool.Id, group.GroupName, user.username);
  return {};
};

export const adminRemoveUserFromGroup: Operation = (input, ctx) => {
  const { pool, user, group } = memberOf(input, ctx);
  removeMember(ctx, pool.Id, group.GroupName, user.username);
  return {};
};

export const adminListGroupsForUser: Operation = (input, ctx) => {
  const pool = poolOf(input, ctx);
  const user = requireUser(ctx, pool, reqString(input, 'Username', USERNAME_RULE));
  const request = paging(input);
  const { items, next } = pageOf(groupsOfUser(ctx, pool.Id, user.username), g => g.GroupName, request, `AdminListGroupsForUser/${pool.Id}/${user.username}`);
  return { Groups: items, ...(next ? { NextToken: next } : {}) };
};

export const listUsersInGroup: Operation = (input, ctx) => {
  const pool = poolOf(input, ctx);
  const group = requireGroup(ctx, pool, reqString(input, 'GroupName', GROUP_NAME));
  const request = paging(input);
  const users = membersOf(ctx, pool.Id, group.GroupName)
    .map(username => getUser(ctx, pool, username))
    .filter((u): u is UserRecord => !!u);
  const { items, next } = pageOf(users, u => u.username, request, `ListUsersInGroup/${pool.Id}/${group.GroupName}`);
  return { Users: items.map(u => userType(u)), ...(next ? { NextToken: next } : {}) };
};
