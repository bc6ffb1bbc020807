/**
 * The whole state of a cognate-local as one versioned JSON file: what `cognate-local export FILE`,
 * `start --export-on-exit FILE` write and `start --import FILE` / `startCognateLocal({ import })`
 * read, so a team can check a realistic fixture into its repository.
 *
 * {
 *   "cognateLocalState": 1,
 *   "exportedAt": "2026-01-01T00:00:00.000Z",
 *   "region": "us-east-1",
 *   "records": { "pool": { "<key>": { ...stored record } }, "client": { ... }, "user": { ... }, ... }
 * }
 *
 * The records are the store's own, by kind and key: pools, app clients, users (with their password
 * verifiers, MFA settings and attributes), aliases, groups and memberships, devices, passkeys,
 * domains, resource servers, identity providers, identity pools and identities, and the signing
 * keys (so tokens and JWKS stay the same across an export and an import). What lives only for a
 * session is left out: token families, refresh tokens, challenge sessions, OAuth records and the
 * outbox.
 */
import type { Kind, Store } from '../storage/store.js';
import { usableVerifier } from './devices.js';

export const STATE_VERSION = 1;

/** The kinds a state file holds, in the order they are written and imported. */
export const STATE_KINDS = [
  'pool',
  'client',
  'domain',
  'resourceServer',
  'idp',
  'group',
  'user',
  'alias',
  'groupMember',
  'userGroup',
  'device',
  'webauthn',
  'webauthnIndex',
  'keys',
  'meta',
  'identityPool',
  'identity',
  'identityIndex',
  'identityKey',
] as const satisfies readonly Kind[];

export type StateKind = (typeof STATE_KINDS)[number];

export interface CognateLocalState {
  cognateLocalState: typeof STATE_VERSION;
  exportedAt?: string;
  region?: string;
  records: Partial<Record<StateKind, Record<string, unknown>>>;
}

/** A state file that cannot be imported; `problems` says each reason in one line. */
export class StateFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'StateFileError';
  }
}

const BATCH = 1000;

/** Every record of the state kinds, as the state file's object. */
export function exportState(store: Store, region?: string): CognateLocalState {
  const records: CognateLocalState['records'] = {};
  for (const kind of STATE_KINDS) {
    const entries: Record<string, unknown> = {};
    let after = '';
    let any = false;
    // The empty key sorts first: scan() starts after it, so it is read on its own.
    const empty = store.get<unknown>(kind, '');
    if (empty !== undefined) {
      entries[''] = empty;
      any = true;
    }
    for (;;) {
      const batch = store.scan<unknown>(kind, after, BATCH);
      for (const [key, value] of batch) entries[key] = value;
      if (batch.length) any = true;
      if (batch.length < BATCH) break;
      after = batch[batch.length - 1]![0];
    }
    if (any) records[kind] = entries;
  }
  return { cognateLocalState: STATE_VERSION, exportedAt: new Date().toISOString(), ...(region ? { region } : {}), records };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks a parsed state file: the version, the kinds, and that pools, clients and users name
 * themselves and their pool consistently. Throws a StateFileError naming every problem found.
 */
export function validateState(value: unknown): CognateLocalState {
  if (!isObject(value)) throw new StateFileError(['a state file is a JSON object with "cognateLocalState": 1']);
  const version = value.cognateLocalState;
  if (version === undefined) throw new StateFileError(['not a cognate-local state file: "cognateLocalState" (its version) is missing']);
  if (version !== STATE_VERSION) {
    throw new StateFileError([
      `state file version ${JSON.stringify(version)} is not supported: this cognate-local reads version ${STATE_VERSION} (export the state again with this version)`,
    ]);
  }
  const problems: string[] = [];
  if (value.region !== undefined && typeof value.region !== 'string') problems.push('"region" must be a string');
  const records = value.records;
  if (!isObject(records)) throw new StateFileError([...problems, '"records" must be an object of kinds']);
  const known = new Set<string>(STATE_KINDS);
  for (const [kind, entries] of Object.entries(records)) {
    if (!known.has(kind)) {
      problems.push(`records.${kind}: not a kind of state (expected one of ${STATE_KINDS.join(', ')})`);
      continue;
    }
    if (!isObject(entries)) problems.push(`records.${kind} must be an object of records by key`);
  }
  const pools = isObject(records.pool) ? records.pool : {};
  for (const [key, pool] of Object.entries(pools)) {
    if (!isObject(pool) || pool.Id !== key) problems.push(`records.pool.${key}: a pool record whose "Id" is its key`);
  }
  const clients = isObject(records.client) ? records.client : {};
  for (const [key, client] of Object.entries(clients)) {
    if (!isObject(client) || client.ClientId !== key) problems.push(`records.client.${key}: an app client record whose "ClientId" is its key`);
    else if (typeof client.UserPoolId !== 'string' || !Object.hasOwn(pools, client.UserPoolId))
      problems.push(`records.client.${key}: its UserPoolId ${JSON.stringify(client.UserPoolId)} is not a pool of the file`);
  }
  const users = isObject(records.user) ? records.user : {};
  for (const [key, user] of Object.entries(users)) {
    const poolId = key.split('/')[0]!;
    if (!isObject(user) || typeof user.username !== 'string' || !isObject(user.attributes)) problems.push(`records.user.${key}: not a user record`);
    else if (!Object.hasOwn(pools, poolId)) problems.push(`records.user.${key}: its pool ${poolId} is not a pool of the file`);
  }
  const devices = isObject(records.device) ? records.device : {};
  for (const [key, device] of Object.entries(devices)) {
    if (!isObject(device)) problems.push(`records.device.${key}: not a device record`);
    else if (device.verifier !== undefined && !usableVerifier(device.verifier))
      problems.push(`records.device.${key}: its "verifier" is not a valid SRP verifier (hex of a number 1 < v < N - 1)`);
  }
  if (problems.length) throw new StateFileError(problems);
  return value as unknown as CognateLocalState;
}

/** Parses and checks a state file's text. */
export function parseState(text: string): CognateLocalState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StateFileError([`not JSON: ${(error as Error).message}`]);
  }
  return validateState(parsed);
}

/**
 * Writes every record of a (checked) state into `store`, in one transaction: records with the same
 * kind and key are replaced, others are kept.
 */
export function importState(store: Store, state: CognateLocalState): void {
  validateState(state);
  store.transaction(() => {
    for (const kind of STATE_KINDS) {
      for (const [key, value] of Object.entries(state.records[kind] ?? {})) store.put(kind, key, value);
    }
  });
}
