/**
 * Multi-Region replicas: CreateUserPoolReplica, ListUserPoolReplicas, UpdateUserPoolReplica,
 * DeleteUserPoolReplica. There is one local server, so a replica is a record: replication is done at
 * once (a new replica answers CREATING, as AWS's does, and lists as ACTIVE), the pool keeps serving
 * from its own id, and the list starts with the PRIMARY in the server's Region. A replica's ARN is
 * the pool's ARN in the replica's Region, as in AWS's examples.
 *
 * Store: `poolSetting` `<poolId>/replica/<region>` → Replica.
 */
import type { Json, Operation, Services } from '../context.js';
import { errors } from '../errors.js';
import type { UserPool } from '../model.js';
import { getPool } from '../services/pools.js';
import { optString, optStringMap, reqString, POOL_ID_RULE, type StringRule } from '../validate.js';

interface Replica {
  RegionName: string;
  Status: 'CREATING' | 'ACTIVE' | 'INACTIVE' | 'DELETING';
  Role: 'PRIMARY' | 'SECONDARY';
  UserPoolArn: string;
  UserPoolTags?: Record<string, string>;
  CreatedAt: number;
}

const REGION: StringRule = { min: 1, max: 32, pattern: /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, patternText: '[a-z]{2}(-[a-z]+)+-\\d{1,2}' };
const NEXT_TOKEN: StringRule = { min: 1, max: 131072, pattern: /^[\S]+$/, patternText: '[\\S]+' };
const PAGE = 60;
const key = (poolId: string, region: string) => `${poolId}/replica/${region}`;
const arnIn = (pool: UserPool, region: string) => pool.Arn.replace(/^arn:aws:cognito-idp:[^:]*:/, `arn:aws:cognito-idp:${region}:`);
const wire = ({ UserPoolTags: _tags, CreatedAt: _at, ...replica }: Replica): Json => replica as unknown as Json;

function poolOf(ctx: Services, input: Json): UserPool {
  return getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
}

function requireReplica(ctx: Services, pool: UserPool, region: string): Replica {
  const replica = ctx.store.get<Replica>('poolSetting', key(pool.Id, region));
  if (!replica) throw errors.resourceNotFound(`User pool ${pool.Id} has no replica in ${region}.`);
  return replica;
}

export const createUserPoolReplica: Operation = (input, ctx) => {
  const pool = poolOf(ctx, input);
  const region = reqString(input, 'RegionName', REGION);
  const tags = optStringMap(input, 'UserPoolTags');
  if (region === ctx.region) throw errors.invalidParameter(`User pool ${pool.Id} is already in ${region}; a replica must be in another Region.`);
  return ctx.store.transaction(() => {
    if (ctx.store.get<Replica>('poolSetting', key(pool.Id, region))) throw errors.invalidParameter(`User pool ${pool.Id} already has a replica in ${region}.`);
    const replica: Replica = {
      RegionName: region,
      Status: 'ACTIVE',
      Role: 'SECONDARY',
      UserPoolArn: arnIn(pool, region),
      ...(tags ? { UserPoolTags: { ...tags } } : {}),
      CreatedAt: ctx.clock.now(),
    };
    ctx.store.put('poolSetting', key(pool.Id, region), replica);
    return { UserPoolReplica: wire({ ...replica, Status: 'CREATING' }) };
  });
};

export const listUserPoolReplicas: Operation = (input, ctx) => {
  const pool = poolOf(ctx, input);
  const token = optString(input, 'NextToken', NEXT_TOKEN);
  const primary: Replica = { RegionName: ctx.region, Status: 'ACTIVE', Role: 'PRIMARY', UserPoolArn: pool.Arn, CreatedAt: pool.CreationDate };
  const all = [
    primary,
    ...ctx.store.list<Replica>('poolSetting', `${pool.Id}/replica/`).sort((a, b) => a.CreatedAt - b.CreatedAt || (a.RegionName < b.RegionName ? -1 : 1)),
  ];
  let start = 0;
  if (token !== undefined) {
    start = all.findIndex(r => r.RegionName === token) + 1;
    if (start === 0) throw errors.invalidParameter('Invalid NextToken.');
  }
  const page = all.slice(start, start + PAGE);
  return { UserPoolReplicas: page.map(wire), ...(start + PAGE < all.length ? { NextToken: page[page.length - 1]!.RegionName } : {}) };
};

export const updateUserPoolReplica: Operation = (input, ctx) => {
  const pool = poolOf(ctx, input);
  const region = reqString(input, 'RegionName', REGION);
  const Status = reqString(input, 'Status', { values: ['ACTIVE', 'INACTIVE'] }) as Replica['Status'];
  if (region === ctx.region) throw errors.invalidParameter(`${region} is the primary Region of user pool ${pool.Id}; only replicas can be updated.`);
  return ctx.store.transaction(() => {
    const next = { ...requireReplica(ctx, pool, region), Status };
    ctx.store.put('poolSetting', key(pool.Id, region), next);
    return { UserPoolReplica: wire(next) };
  });
};

export const deleteUserPoolReplica: Operation = (input, ctx) => {
  const pool = poolOf(ctx, input);
  const region = reqString(input, 'RegionName', REGION);
  if (region === ctx.region) throw errors.invalidParameter(`${region} is the primary Region of user pool ${pool.Id}; delete the user pool instead.`);
  return ctx.store.transaction(() => {
    const replica = requireReplica(ctx, pool, region);
    ctx.store.delete('poolSetting', key(pool.Id, region));
    return { UserPoolReplica: wire({ ...replica, Status: 'DELETING' }) };
  });
};
