/**
 * `startCognateLocal()` of `cognate-local/testing`: an in-memory cognate-local on a free loopback
 * port for one test file, and a handle whose methods reach into it directly (same process, no
 * extra HTTP): make users, mint sessions, read delivered codes, move the clock, queue failures,
 * and go back to the started state in a few milliseconds.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { OperationContext } from '../context.js';
import { parseConfig, seedAll, type LocalConfig, type SeedUser } from '../config.js';
import { didYouMean } from '../config-validate.js';
import { errors } from '../errors.js';
import { IDENTITY_OPERATIONS } from '../identity/registry.js';
import { USER_POOL_OPERATIONS } from '../registry.js';
import type { IdentityPool, StoredIdentityPool } from '../identity/model.js';
import type { MfaMethod, OutboxMessage, UserPool, UserPoolClient } from '../model.js';
import { startServer, type RunningServer } from '../node/server.js';
import { createGroup } from '../operations/groups.js';
import { amplifyOutputs, type GroupOutputs } from '../outputs.js';
import type { QueuedFailure } from '../services/faults.js';
import { groupKey, type GroupRecord } from '../services/groups.js';
import { poolMethods } from '../services/mfa.js';
import { getClient, getPool } from '../services/pools.js';
import { exportState, importState, parseState, STATE_KINDS, type CognateLocalState, type StateKind } from '../services/state-file.js';
import { issueTokens } from '../services/tokens.js';
import { newTotpSecret } from '../services/totp.js';
import { findUser, saveUser } from '../services/users.js';
import type { Store } from '../storage/store.js';
import { buildStorageState, tokenStoreEntries, type StorageState } from './storage-state.js';

/** The app client's auth flows in the default config: SRP, password, refresh, custom and USER_AUTH. */
export const DEFAULT_AUTH_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_AUTH'];

/**
 * What `startCognateLocal()` starts without options: one pool with plain usernames, an `email`
 * attribute that is auto-verified, Cognito's default password policy (8 characters, upper and lower
 * case, a number and a symbol) and optional MFA (nobody has it until `createUser({ mfa })`), and
 * one public app client allowing SRP, password, refresh, custom and USER_AUTH sign-ins.
 */
export const DEFAULT_TEST_CONFIG: LocalConfig = {
  userPools: [
    {
      PoolName: 'test',
      AutoVerifiedAttributes: ['email'],
      MfaConfiguration: 'OPTIONAL',
      clients: [{ ClientName: 'test', ExplicitAuthFlows: DEFAULT_AUTH_FLOWS }],
    },
  ],
};

export interface StartCognateLocalOptions {
  /** The pools, clients, users and identity pools to start with: a config object, or the path of a `--config` JSON file. */
  config?: LocalConfig | string;
  /** A state file (`cognate-local export`): its path, or the parsed object. Applied before `config`. */
  import?: string | CognateLocalState;
  /**
   * A CloudFormation / CDK template or an amplify_outputs.json, as `--template` takes it: a file
   * path, or the parsed template. Its pools come first, then `config`'s.
   */
  template?: string | Record<string, unknown>;
  /** Port to listen on (default 0: a free one). */
  port?: number;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  region?: string;
  /** The folder trigger modules load from (default: the config file's folder). */
  triggers?: string;
  /** Where console lines go (delivered messages, internal errors); silent by default. */
  log?: (line: string) => void;
}

export interface CreateUserInput {
  username: string;
  /** Default `Passw0rd!`. The user is CONFIRMED with this as a permanent password. */
  password?: string;
  /** Attributes by name; `email_verified` / `phone_number_verified` are set for the ones given. Default: `email` = `<username>@example.com` (a username that is an email address: itself). */
  attributes?: Record<string, string>;
  /** Groups to add the user to; a group the pool lacks is created. */
  groups?: string[];
  /** A second factor turned on and preferred: TOTP (an authenticator app; its secret is returned), SMS (needs `phone_number`) or EMAIL. */
  mfa?: MfaMethod;
  /** Another pool of this server (default: the first pool). */
  userPoolId?: string;
}

export interface TestUser {
  username: string;
  password: string;
  /** The user's `sub`. */
  sub: string;
  attributes: Record<string, string>;
  groups: string[];
  /** With `mfa: 'TOTP'`: the authenticator app's secret (base32), to compute codes. */
  totpSecret?: string;
}

export interface TestTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  /** The access token's lifetime in seconds. */
  expiresIn: number;
  /** The user's canonical username (the tokens' `username` / `cognito:username`). */
  username: string;
}

export interface CodeQuery {
  /** An email address, a phone number or a username. */
  to: string;
  /** Only messages of this kind: SignUp, ResendCode, ForgotPassword, VerifyUserAttribute, Authentication, AdminCreateUser. */
  kind?: string;
  userPoolId?: string;
}

export interface WaitForCodeOptions extends CodeQuery {
  /** Wait for a message sent after the one that carried this code (e.g. the code a resend replaces). */
  previous?: string;
  /** Default 5000. */
  timeoutMs?: number;
}

/**
 * An error an operation is made to answer with `failNext`: a Cognito exception name
 * (`TooManyRequestsException`, `InternalErrorException`, `LimitExceededException`, …), `'network'`
 * (the connection closes without an answer), or an exception with its own message and status.
 */
export type FailNextError = string | { name: string; message?: string; status?: number };

/** Something whose clock can be moved too: Playwright's `Page` or `BrowserContext` (`page.clock.install()` first). */
export interface ClockOwner {
  clock: { fastForward(ms: number): Promise<void> };
}

export interface CognateLocalHandle {
  /** The server's origin, e.g. `http://127.0.0.1:41234`: the `endpoint` for the AWS SDK, `userPoolEndpoint` for Amplify. */
  url: string;
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  identityPoolId?: string;
  /** amplify_outputs.json for the first pool and client (endpoint included): `Amplify.configure(outputs)` with cognate-auth. */
  outputs: Record<string, unknown>;
  /** The same as Amplify's ResourcesConfig: `Amplify.configure(amplifyConfig)` with aws-amplify, whose outputs parser skips endpoints. */
  amplifyConfig: { Auth: { Cognito: Record<string, unknown> } };
  /** The running server (its `local.services` are the store, clock, outbox, …). */
  server: RunningServer;
  createUser(input: CreateUserInput): Promise<TestUser>;
  tokensFor(input: { username: string; userPoolClientId?: string }): Promise<TestTokens>;
  storageState(input: { username: string; origin: string; ssr?: boolean; userPoolClientId?: string }): Promise<StorageState>;
  /** The code (or, for a message without one, the first link) last sent to `to`, or undefined. */
  latestCode(query: CodeQuery): string | undefined;
  /** `latestCode`, waiting for a message to arrive (polling the outbox every 10 ms). */
  waitForCode(options: WaitForCodeOptions): Promise<string>;
  /** Moves the server's clock forward by `ms` (and the clocks of the `pages` given). */
  advanceClock(ms: number, options?: { pages?: ClockOwner[] }): Promise<void>;
  /** The next `times` (default 1) calls of `operation` (e.g. `InitiateAuth`) answer `error`, without running. */
  failNext(operation: string, error: FailNextError, options?: { times?: number }): void;
  /** Back to the state right after start (pools, clients, users of the config or import), clock and faults cleared. */
  reset(): Promise<void>;
  /** The whole state as a state file object (write it with JSON.stringify). */
  exportState(): CognateLocalState;
  stop(): Promise<void>;
}

const DEFAULT_PASSWORD = 'Passw0rd!';

/** Messages Cognito sends for a failNext name without one. */
const FAILURES: Record<string, { message: string; status: number }> = {
  TooManyRequestsException: { message: 'Rate exceeded', status: 400 },
  InternalErrorException: { message: 'An internal error occurred.', status: 500 },
  ServiceUnavailableException: { message: 'Service Unavailable', status: 503 },
  LimitExceededException: { message: 'Attempt limit exceeded, please try after some time.', status: 400 },
};

function failure(error: FailNextError): QueuedFailure {
  if (error === 'network') return 'drop';
  const name = typeof error === 'string' ? error : error.name;
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new TypeError(`failNext: ${JSON.stringify(name)} is not an exception name`);
  const known = FAILURES[name];
  const message = (typeof error === 'object' ? error.message : undefined) ?? known?.message ?? `${name} (injected by failNext)`;
  const status = (typeof error === 'object' ? error.status : undefined) ?? known?.status ?? 400;
  return { type: name, message, status };
}

function readJson(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`startCognateLocal: cannot read the ${what} ${file}: ${(error as { code?: string }).code ?? (error as Error).message}`);
  }
}

/** Every record of the kinds `kinds`, for restoring later (values as stored). */
function snapshot(store: Store, kinds: readonly StateKind[]): Array<[StateKind, string, unknown]> {
  const out: Array<[StateKind, string, unknown]> = [];
  const { records } = exportState(store);
  for (const kind of kinds) for (const [key, value] of Object.entries(records[kind] ?? {})) out.push([kind, key, value]);
  return out;
}

/** Starts an in-memory cognate-local on a free port; see CognateLocalHandle. */
export async function startCognateLocal(options: StartCognateLocalOptions = {}): Promise<CognateLocalHandle> {
  const configFile = typeof options.config === 'string' ? resolve(options.config) : undefined;
  let config: LocalConfig | undefined = configFile ? parseConfig(readJson(configFile, 'config file')) : (options.config as LocalConfig | undefined);
  const state =
    typeof options.import === 'string'
      ? parseState(readJson(resolve(options.import), 'state file'))
      : options.import
        ? parseState(JSON.stringify(options.import))
        : undefined;
  if (options.template !== undefined) {
    const { configFromTemplate, configFromTemplateFile } = await import('../template/index.js');
    const templateOptions = options.region ? { region: options.region } : {};
    const { config: fromTemplate } =
      typeof options.template === 'string'
        ? await configFromTemplateFile(resolve(options.template), templateOptions)
        : await configFromTemplate(options.template, templateOptions);
    config = {
      ...config,
      ...(fromTemplate.region && !config?.region ? { region: fromTemplate.region } : {}),
      userPools: [...(fromTemplate.userPools ?? []), ...(config?.userPools ?? [])],
      identityPools: [...(fromTemplate.identityPools ?? []), ...(config?.identityPools ?? [])],
    };
  }
  if (!config && !state) config = DEFAULT_TEST_CONFIG;
  const region = options.region ?? state?.region ?? config?.region;
  const triggers = options.triggers ? resolve(options.triggers) : configFile ? dirname(configFile) : undefined;
  const server = await startServer({
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    log: options.log ?? (() => {}),
    ...(region ? { region } : {}),
    ...(triggers ? { triggerBaseDir: triggers } : {}),
    // With an import, the config's pools are seeded below, after it (so a config can build on the
    // imported pools); its other keys (cors, allowedHosts, credentials, mock IdP users) apply now.
    ...(config ? { config: state ? { ...config, userPools: [], identityPools: [] } : config } : {}),
  });
  const { services } = server.local;
  const { store } = services;
  try {
    if (state) {
      importState(store, state);
      services.keys.clearCache();
      if (config) await server.local.seed(config);
    }
  } catch (error) {
    await server.close();
    throw error;
  }
  const ctx = (): OperationContext => ({ ...services, requestId: 'cognate-local-testing', issuer: poolId => `${services.issuerBase ?? server.url}/${poolId}` });

  // The first pool and its first client: the config's first, else the oldest.
  const pools = store.list<UserPool>('pool', '').sort((a, b) => a.CreationDate - b.CreationDate || (a.Id < b.Id ? -1 : 1));
  const first = config?.userPools?.[0];
  const pool = (first?.Id ? pools.find(p => p.Id === first.Id) : first ? pools.find(p => p.Name === first.PoolName) : undefined) ?? pools[0];
  if (!pool) {
    await server.close();
    throw new Error('startCognateLocal: the config or state file has no user pool');
  }
  const clients = store.list<UserPoolClient>('client', '').filter(c => c.UserPoolId === pool.Id);
  const firstClient = first?.clients?.[0];
  const client =
    (typeof firstClient?.ClientId === 'string' ? clients.find(c => c.ClientId === firstClient.ClientId) : undefined) ??
    (typeof firstClient?.ClientName === 'string' ? clients.find(c => c.ClientName === firstClient.ClientName) : undefined) ??
    clients.sort((a, b) => Number(a.CreationDate) - Number(b.CreationDate))[0];
  if (!client) {
    await server.close();
    throw new Error(`startCognateLocal: the user pool ${pool.Id} has no app client`);
  }
  const identityPool: IdentityPool | undefined = store.list<StoredIdentityPool>('identityPool', '').map(p => p.pool)[0];
  const groups: GroupOutputs = store
    .list<GroupRecord>('group', groupKey(pool.Id, ''))
    .map(g => ({ [g.GroupName]: g.Precedence !== undefined ? { precedence: g.Precedence } : {} }));
  const outputs = amplifyOutputs(pool, client, services.region, server.url, identityPool, groups);
  const amplifyConfig = {
    Auth: {
      Cognito: {
        userPoolId: pool.Id,
        userPoolClientId: client.ClientId,
        userPoolEndpoint: server.url,
        ...(identityPool
          ? { identityPoolId: identityPool.IdentityPoolId, identityPoolEndpoint: server.url, allowGuestAccess: identityPool.AllowUnauthenticatedIdentities }
          : {}),
      },
    },
  };

  // What reset() goes back to. The signing keys are not part of it: they are kept across resets (a
  // JWKS a test fetched stays valid), and made on first use (the first tokens), as generating them
  // here would take CPU from a start that costs a millisecond.
  const initial = snapshot(
    store,
    STATE_KINDS.filter(k => k !== 'keys' && k !== 'identityKey'),
  );

  const poolOf = (id?: string) => getPool(ctx(), id ?? pool.Id);

  // An exclusive section of the store's work, as a seed is (and reset()): the groups it makes, the
  // seed of the user and its MFA are one step that a reset never interleaves with, nor any request.
  const createUser = (input: CreateUserInput): Promise<TestUser> => store.exclusive(() => createUserAlone(input));
  const createUserAlone = async (input: CreateUserInput): Promise<TestUser> => {
    const target = poolOf(input.userPoolId);
    const password = input.password ?? DEFAULT_PASSWORD;
    const attributes = input.attributes ?? { email: input.username.includes('@') ? input.username : `${input.username}@example.com` };
    const groups = input.groups ?? [];
    const user: SeedUser = { Username: input.username, Password: password, Attributes: attributes, Groups: groups };
    if (findUser(ctx(), target, input.username)) throw errors.usernameExists();
    if (input.mfa) {
      if (target.MfaConfiguration === 'OFF') throw new Error(`createUser: mfa needs a pool with MfaConfiguration OPTIONAL or ON (${target.Id} has OFF)`);
      if (!poolMethods(target).includes(input.mfa))
        throw new Error(`createUser: the pool ${target.Id} does not offer ${input.mfa} MFA (SetUserPoolMfaConfig turns it on; by default SMS and TOTP)`);
      if (input.mfa === 'SMS' && !attributes.phone_number) throw new Error("createUser: mfa 'SMS' needs a phone_number attribute");
      if (input.mfa === 'EMAIL' && !attributes.email) throw new Error("createUser: mfa 'EMAIL' needs an email attribute");
    }
    for (const group of groups) {
      if (!store.get('group', groupKey(target.Id, group))) await createGroup({ UserPoolId: target.Id, GroupName: group }, ctx());
    }
    try {
      await seedAll(ctx(), { userPools: [{ Id: target.Id, PoolName: target.Name, users: [user] }] });
    } catch (error) {
      // The seed's "config userPools[0].users[0]: InvalidPasswordException: …", said for this call.
      throw new Error(`createUser: ${String((error as Error).message).replace(/^config userPools\[0\]\.users\[0\]: /, '')}`);
    }
    const record = findUser(ctx(), target, input.username)!;
    let totpSecret: string | undefined;
    if (input.mfa) {
      const before = structuredClone(record);
      if (input.mfa === 'TOTP') {
        totpSecret = newTotpSecret();
        record.totp = { secret: totpSecret };
      }
      record.mfa = { ...record.mfa, [input.mfa]: { enabled: true, preferred: true } };
      saveUser(ctx(), target, record, before);
    }
    return {
      username: record.username,
      password,
      sub: record.attributes.sub!,
      attributes: { ...record.attributes },
      groups,
      ...(totpSecret ? { totpSecret } : {}),
    };
  };

  // A shared section of the store's work, as a sign-in request is: reset() waits for it, or it for reset().
  const tokensFor = ({ username, userPoolClientId }: { username: string; userPoolClientId?: string }): Promise<TestTokens> =>
    store.shared(() => issueFor(username, userPoolClientId));
  const issueFor = async (username: string, userPoolClientId: string | undefined): Promise<TestTokens> => {
    const c = ctx();
    const target = userPoolClientId ? getPool(c, getClient(c, userPoolClientId).UserPoolId) : pool;
    const appClient = getClient(c, userPoolClientId ?? client.ClientId, target.Id);
    const user = findUser(c, target, username);
    if (!user) throw errors.userNotFound();
    if (!user.enabled) throw errors.notAuthorized('User is disabled.');
    const result = await issueTokens(c, { pool: target, client: appClient, user, withRefreshToken: true });
    return {
      idToken: result.IdToken,
      accessToken: result.AccessToken,
      refreshToken: result.RefreshToken!,
      expiresIn: result.ExpiresIn,
      username: user.username,
    };
  };

  const messagesTo = (query: CodeQuery): OutboxMessage[] => {
    const poolId = query.userPoolId ?? pool.Id;
    const target = store.get<UserPool>('pool', poolId);
    const owner = target ? findUser(services, target, query.to)?.username : undefined;
    const list = services.outbox.forUser(poolId, owner !== undefined ? [query.to, owner] : [query.to], query.to);
    return query.kind ? list.filter(m => m.kind === query.kind) : list;
  };
  const codeOf = (m: OutboxMessage | undefined) => m?.code ?? (m ? /https?:\/\/\S+/.exec(m.message)?.[0] : undefined);

  const latestCode = (query: CodeQuery) => codeOf(messagesTo(query).at(-1));

  const waitForCode = async (options: WaitForCodeOptions): Promise<string> => {
    const deadline = Date.now() + (options.timeoutMs ?? 5000);
    // The message that carried `previous`: only later ones count.
    let startIndex = -1;
    if (options.previous !== undefined) {
      const list = messagesTo(options);
      for (let i = 0; i < list.length; i++) if (codeOf(list[i]) === options.previous) startIndex = i;
    }
    for (;;) {
      const list = messagesTo(options);
      const found = list
        .slice(startIndex + 1)
        .reverse()
        .find(m => codeOf(m) !== undefined);
      if (found) return codeOf(found)!;
      if (Date.now() >= deadline)
        throw new Error(`waitForCode: no ${options.kind ?? ''} code sent to ${options.to} within ${options.timeoutMs ?? 5000} ms`.replace('  ', ' '));
      await new Promise(r => setTimeout(r, 10));
    }
  };

  const handle: CognateLocalHandle = {
    url: server.url,
    region: services.region,
    userPoolId: pool.Id,
    userPoolClientId: client.ClientId,
    ...(identityPool ? { identityPoolId: identityPool.IdentityPoolId } : {}),
    outputs,
    amplifyConfig,
    server,
    createUser,
    tokensFor,
    async storageState({ username, origin, ssr, userPoolClientId }) {
      const tokens = await tokensFor({ username, ...(userPoolClientId ? { userPoolClientId } : {}) });
      const entries = tokenStoreEntries(userPoolClientId ?? client.ClientId, tokens, username);
      const refreshExpiresAt = Math.floor(Date.now() / 1000) + 30 * 24 * 3600;
      return buildStorageState(origin, entries, { ...(ssr ? { ssr } : {}), refreshExpiresAt });
    },
    latestCode,
    waitForCode,
    async advanceClock(ms, options = {}) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advanceClock: ms must be a finite number ≥ 0');
      services.clock.offsetMs += ms;
      for (const page of options.pages ?? []) await page.clock.fastForward(ms);
    },
    failNext(operation, error, options = {}) {
      if (!Object.hasOwn(USER_POOL_OPERATIONS, operation) && !Object.hasOwn(IDENTITY_OPERATIONS, operation)) {
        const guess = didYouMean(operation, [...Object.keys(USER_POOL_OPERATIONS), ...Object.keys(IDENTITY_OPERATIONS)]);
        throw new TypeError(`failNext: ${JSON.stringify(operation)} is not an operation cognate-local serves${guess ? `; did you mean ${guess}?` : ''}`);
      }
      services.faults.failNext(operation, failure(error), options.times ?? 1);
    },
    async reset() {
      // Alone (Store.exclusive): after the requests under way, before those that come later.
      await store.exclusive(async () => {
        const kept = snapshot(store, ['keys', 'identityKey']);
        store.clear();
        for (const [kind, key, value] of initial) store.put(kind, key, value);
        for (const [kind, key, value] of kept) if (kind !== 'keys' || store.get('pool', key)) store.put(kind, key, value);
        services.keys.clearCache();
        services.clock.offsetMs = 0;
        services.clock.freeze(false);
        services.faults.configure({});
        services.faults.clearQueued();
      });
    },
    exportState: () => exportState(store, services.region),
    stop: () => server.close(),
  };
  return handle;
}
