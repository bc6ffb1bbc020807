/**
 * User-pool groups: the records, who is in which, and what a user's groups put in their tokens.
 *
 * Store layout (names are URI-encoded in keys, so a `/` in a name cannot make two keys meet):
 * - `group`       `<poolId>/<group>`          → GroupRecord
 * - `groupMember` `<poolId>/<group>/<user>`   → the username (ListUsersInGroup)
 * - `userGroup`   `<poolId>/<user>/<group>`   → the group name (AdminListGroupsForUser, tokens)
 */
import type { Services } from '../context.js';
import { errors } from '../errors.js';
import type { UserPool } from '../model.js';

export interface GroupRecord {
  GroupName: string;
  UserPoolId: string;
  Description?: string;
  RoleArn?: string;
  Precedence?: number;
  CreationDate: number;
  LastModifiedDate: number;
}

const enc = encodeURIComponent;
export const groupKey = (poolId: string, group: string): string => `${poolId}/${enc(group)}`;
const memberKey = (poolId: string, group: string, username: string): string => `${poolId}/${enc(group)}/${enc(username)}`;
const userGroupKey = (poolId: string, username: string, group: string): string => `${poolId}/${enc(username)}/${enc(group)}`;

export function requireGroup(ctx: Services, pool: UserPool, name: string): GroupRecord {
  const group = ctx.store.get<GroupRecord>('group', groupKey(pool.Id, name));
  if (!group) throw errors.resourceNotFound('Group not found.');
  return group;
}

export function addMember(ctx: Services, poolId: string, group: string, username: string): void {
  ctx.store.transaction(() => {
    ctx.store.put('groupMember', memberKey(poolId, group, username), username);
    ctx.store.put('userGroup', userGroupKey(poolId, username, group), group);
  });
}

export function removeMember(ctx: Services, poolId: string, group: string, username: string): void {
  ctx.store.transaction(() => {
    ctx.store.delete('groupMember', memberKey(poolId, group, username));
    ctx.store.delete('userGroup', userGroupKey(poolId, username, group));
  });
}

/** The usernames in a group, in key order. */
export function membersOf(ctx: Services, poolId: string, group: string): string[] {
  return ctx.store.list<string>('groupMember', `${poolId}/${enc(group)}/`);
}

/** Removes a group and every membership in it. */
export function deleteGroupRecord(ctx: Services, poolId: string, group: string): void {
  ctx.store.transaction(() => {
    for (const username of membersOf(ctx, poolId, group)) ctx.store.delete('userGroup', userGroupKey(poolId, username, group));
    ctx.store.deletePrefix('groupMember', `${poolId}/${enc(group)}/`);
    ctx.store.delete('group', groupKey(poolId, group));
  });
}

/** Forgets a deleted user's memberships. */
export function removeUserFromAllGroups(ctx: Services, poolId: string, username: string): void {
  ctx.store.transaction(() => {
    for (const group of ctx.store.list<string>('userGroup', `${poolId}/${enc(username)}/`)) ctx.store.delete('groupMember', memberKey(poolId, group, username));
    ctx.store.deletePrefix('userGroup', `${poolId}/${enc(username)}/`);
  });
}

/** A user's groups, lowest Precedence first (a group without one comes after all that have one), then by name. */
export function groupsOfUser(ctx: Services, poolId: string, username: string): GroupRecord[] {
  const names = ctx.store.list<string>('userGroup', `${poolId}/${enc(username)}/`);
  const groups = names.map(name => ctx.store.get<GroupRecord>('group', groupKey(poolId, name))).filter((g): g is GroupRecord => !!g);
  const rank = (g: GroupRecord) => g.Precedence ?? Number.POSITIVE_INFINITY;
  return groups.sort((a, b) => rank(a) - rank(b) || (a.GroupName < b.GroupName ? -1 : a.GroupName > b.GroupName ? 1 : 0));
}

export interface GroupClaims {
  groups: string[];
  roles: string[];
  preferredRole: string | null;
}

/**
 * What the groups put in tokens (Cognito's rules for Precedence): `cognito:groups` names them all;
 * `cognito:roles` lists their roles; `cognito:preferred_role` is the role of the group with the
 * lowest Precedence among those with a role, where no Precedence ranks last. When several groups
 * share that rank with different roles, there is no preferred role.
 */
export function groupClaims(groups: GroupRecord[]): GroupClaims {
  const roles = [...new Set(groups.flatMap(g => (g.RoleArn ? [g.RoleArn] : [])))];
  const withRole = groups.filter(g => g.RoleArn);
  let preferredRole: string | null = null;
  if (withRole.length) {
    const best = Math.min(...withRole.map(g => g.Precedence ?? Number.POSITIVE_INFINITY));
    const tied = new Set(withRole.filter(g => (g.Precedence ?? Number.POSITIVE_INFINITY) === best).map(g => g.RoleArn!));
    if (tied.size === 1) preferredRole = [...tied][0]!;
  }
  return { groups: groups.map(g => g.GroupName), roles, preferredRole };
}
