/**
 * The seed file given to `--config`: user pools with their app clients and users. Seeding is
 * idempotent, so a `--data` directory keeps its state across restarts with the same config.
 *
 * {
 *   "userPools": [{
 *     "Id": "us-east-1_Example01", "PoolName": "example", ...CreateUserPool fields,
 *     "clients": [{ "ClientId": "...", "ClientName": "web", ...CreateUserPoolClient fields }],
 *     "users": [{ "Username": "alice", "Password": "Passw0rd!", "Attributes": { "email": "a@example.com" }, "Status": "CONFIRMED" }]
 *   }]
 * }
 */
import type { Json, OperationContext } from './context.js';
import { CognitoError } from './errors.js';
import type { UserPoolClient, UserStatus } from './model.js';
import { adminCreateUser, adminSetUserPassword } from './operations/admin-users.js';
import { createUserPoolClient } from './operations/user-pool-clients.js';
import { createIdentityProvider, createResourceServer, createUserPoolDomain } from './operations/oauth-setup.js';
import { createUserPool } from './operations/user-pools.js';
import { setUserPoolMfaConfig } from './operations/mfa-preferences.js';
import { adminAddUserToGroup, createGroup } from './operations/groups.js';
import { groupKey } from './services/groups.js';
import { findUser, saveUser } from './services/users.js';
import { getPool } from './services/pools.js';
import { seedIdentityPools, type SeedIdentityPool } from './identity/seed.js';
import { parseConfigJson, validateConfig } from './config-validate.js';

export interface SeedUser {
  Username: string;
  Password?: string;
  Attributes?: Record<string, string> | Array<{ Name: string; Value: string }>;
  Status?: UserStatus;
  Enabled?: boolean;
  /** Groups (of this pool's `groups`) the user is added to. */
  Groups?: string[];
  /** As AdminCreateUser without MessageAction: a temporary password delivered to the user (no `Password`). */
  Invite?: boolean;
  /** Where an `Invite` goes (AdminCreateUser's `DesiredDeliveryMediums`). */
  DesiredDeliveryMediums?: string[];
}

export interface SeedPool extends Json {
  Id?: string;
  PoolName: string;
  /** A hosted-UI domain prefix (CreateUserPoolDomain). */
  Domain?: string;
  clients?: Json[];
  users?: SeedUser[];
  /** CreateResourceServer inputs (without UserPoolId). */
  resourceServers?: Json[];
  /** CreateIdentityProvider inputs (without UserPoolId); served by the built-in mock provider. */
  identityProviders?: Json[];
  /** CreateGroup inputs (without UserPoolId); users join them with their `Groups`. */
  groups?: Json[];
  /** SetUserPoolMfaConfig inputs (without UserPoolId), applied when the pool is created. */
  mfaConfig?: Json;
}

export interface LocalConfig {
  region?: string;
  userPools?: SeedPool[];
  /** Users the built-in mock identity provider lists on its sign-in page. */
  mockIdentityProviderUsers?: Array<{ provider?: string; sub: string; email?: string; name?: string; [claim: string]: string | undefined }>;
  /** Identity pools; without CognitoIdentityProviders, the seeded user pools' clients are linked. */
  identityPools?: SeedIdentityPool[];
  /** Browser origins (e.g. `http://localhost:3000`) that may call admin operations and `/_local/*` too. */
  cors?: { allowedOrigins?: string[] };
  /** More names the Host header may carry (e.g. a LAN name with `--host 0.0.0.0`); `name` or `name:port`. */
  allowedHosts?: string[];
  /** With these, admin operations' SigV4 signatures are verified; without, only their shape is checked. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Local API Gateway routes: `/_api/<name>/…` is authorised, then forwarded to `target` (gateway/gateway.ts). */
  apis?: ApiConfig[];
}

/** One API behind the local API Gateway. */
export interface ApiConfig {
  name: string;
  /** Where authorised requests go, e.g. `http://127.0.0.1:3000`. */
  target: string;
  authorizer: 'COGNITO_USER_POOLS' | 'AWS_IAM' | 'NONE';
  /** The user pool whose tokens COGNITO_USER_POOLS accepts. */
  userPoolId?: string;
  /** With COGNITO_USER_POOLS: only access tokens carrying one of these scopes pass (the method's AuthorizationScopes). */
  scopes?: string[];
}

/** Parses and checks config JSON (see config-validate.ts); throws a ConfigError naming each problem. */
export function parseConfig(text: string): LocalConfig {
  return validateConfig(parseConfigJson(text) as LocalConfig);
}

function seedError(where: string, error: unknown): Error {
  const detail = error instanceof CognitoError ? `${error.type}: ${error.message}` : String(error);
  return new Error(`config ${where}: ${detail}`);
}

/**
 * Creates what the config lists and the store lacks; keeps what exists. This runs in one exclusive
 * section (Store.exclusive): requests to this server wait for it, two processes starting at once on
 * a shared `--data` folder each check and create under the lock, so the second sees the first's
 * whole seed, and a seed that fails leaves nothing of itself behind.
 */
export async function seed(ctx: OperationContext, config: LocalConfig): Promise<void> {
  return ctx.store.exclusive(() => seedAll(ctx, config));
}

/** `seed` without taking the write lock itself: for a caller already inside `Store.exclusive` (POST /_local/reset). */
export async function seedAll(ctx: OperationContext, config: LocalConfig): Promise<void> {
  const seededPoolIds: string[] = [];
  for (const [i, entry] of (config.userPools ?? []).entries()) {
    const { clients = [], users = [], resourceServers = [], identityProviders = [], groups = [], Domain, mfaConfig, ...poolInput } = entry;
    let poolId = entry.Id;
    if (!poolId || !ctx.store.get('pool', poolId)) {
      try {
        // With mfaConfig, MFA is turned on by SetUserPoolMfaConfig, so only the listed factors are offered.
        const created = (await createUserPool(mfaConfig ? { ...poolInput, MfaConfiguration: 'OFF' } : poolInput, ctx)) as { UserPool: { Id: string } };
        poolId = created.UserPool.Id;
        if (mfaConfig) await setUserPoolMfaConfig({ MfaConfiguration: poolInput.MfaConfiguration ?? 'OFF', ...mfaConfig, UserPoolId: poolId }, ctx);
      } catch (error) {
        throw seedError(`userPools[${i}]`, error);
      }
    }
    for (const [j, clientInput] of clients.entries()) {
      const { ClientSecret: secret, ...input } = clientInput;
      const id = input.ClientId;
      if (typeof id === 'string' && ctx.store.get('client', id)) continue;
      try {
        const created = (await createUserPoolClient({ ...input, UserPoolId: poolId }, ctx)) as { UserPoolClient: UserPoolClient };
        // A fixed secret (a template's GetAtt ClientSecret was resolved to it) replaces the generated one.
        if (typeof secret === 'string' && created.UserPoolClient.ClientSecret)
          ctx.store.put('client', created.UserPoolClient.ClientId, { ...created.UserPoolClient, ClientSecret: secret });
      } catch (error) {
        throw seedError(`userPools[${i}].clients[${j}]`, error);
      }
    }
    try {
      if (Domain && !ctx.store.get('domain', Domain)) await createUserPoolDomain({ Domain, UserPoolId: poolId }, ctx);
      for (const server of resourceServers) {
        if (!ctx.store.get('resourceServer', `${poolId}/${String(server.Identifier)}`)) await createResourceServer({ ...server, UserPoolId: poolId }, ctx);
      }
      for (const idp of identityProviders) {
        if (!ctx.store.get('idp', `${poolId}/${String(idp.ProviderName)}`)) await createIdentityProvider({ ...idp, UserPoolId: poolId }, ctx);
      }
      for (const group of groups) {
        if (!ctx.store.get('group', groupKey(poolId, String(group.GroupName)))) await createGroup({ ...group, UserPoolId: poolId }, ctx);
      }
    } catch (error) {
      throw seedError(`userPools[${i}]`, error);
    }
    const pool = getPool(ctx, poolId);
    seededPoolIds.push(pool.Id);
    for (const [j, user] of users.entries()) {
      const existing = findUser(ctx, pool, user.Username);
      try {
        // Memberships are (re)applied to a kept user too: adding one twice is a no-op.
        if (existing) {
          for (const group of user.Groups ?? []) await adminAddUserToGroup({ UserPoolId: poolId, Username: existing.username, GroupName: group }, ctx);
          continue;
        }
        const attributes = Array.isArray(user.Attributes)
          ? user.Attributes
          : Object.entries(user.Attributes ?? {}).map(([Name, Value]) => ({ Name, Value: String(Value) }));
        const status = user.Invite ? 'FORCE_CHANGE_PASSWORD' : (user.Status ?? 'CONFIRMED');
        const verified =
          status === 'CONFIRMED'
            ? ['email', 'phone_number']
                .filter(a => attributes.some(x => x.Name === a) && !attributes.some(x => x.Name === `${a}_verified`))
                .map(a => ({ Name: `${a}_verified`, Value: 'true' }))
            : [];
        await adminCreateUser(
          {
            UserPoolId: poolId,
            Username: user.Username,
            UserAttributes: [...attributes, ...verified],
            ...(user.Invite ? (user.DesiredDeliveryMediums ? { DesiredDeliveryMediums: user.DesiredDeliveryMediums } : {}) : { MessageAction: 'SUPPRESS' }),
            ...(user.Password && status === 'FORCE_CHANGE_PASSWORD' ? { TemporaryPassword: user.Password } : {}),
          },
          ctx,
        );
        if (user.Password && status !== 'FORCE_CHANGE_PASSWORD') {
          await adminSetUserPassword({ UserPoolId: poolId, Username: user.Username, Password: user.Password, Permanent: true }, ctx);
        }
        const record = findUser(ctx, pool, user.Username)!;
        const before = structuredClone(record);
        record.status = status;
        record.enabled = user.Enabled ?? true;
        saveUser(ctx, pool, record, before);
        for (const group of user.Groups ?? []) await adminAddUserToGroup({ UserPoolId: poolId, Username: record.username, GroupName: group }, ctx);
      } catch (error) {
        throw seedError(`userPools[${i}].users[${j}]`, error);
      }
    }
  }
  await seedIdentityPools(ctx, config.identityPools ?? [], seededPoolIds);
}

/** Where the hosted UI sends the demo app back to, on the console's origin (see `allowDemoOrigin`). */
export const DEMO_REDIRECT_PATH = '/_local/console/demo';

/**
 * Where the hosted UI may send an app of yours back to with the demo client (amplify_outputs.json's
 * redirect URLs): the Next.js and Vite dev servers' default origins.
 */
export const DEMO_APP_REDIRECTS = ['http://localhost:3000/', 'http://localhost:5173/'];

/** The pools, client and user `npm start` creates. Fixed ids keep amplify_outputs.json stable. */
export const DEMO_CONFIG: LocalConfig = {
  userPools: [
    {
      Id: 'us-east-1_CognateD1',
      PoolName: 'cognate-demo',
      // The hosted UI: the demo app's "Continue with the hosted UI" signs in there (code flow, PKCE).
      Domain: 'cognate-demo',
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      // Users may turn on an authenticator app (the console's demo page offers it).
      MfaConfiguration: 'OPTIONAL',
      Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }],
      clients: [
        {
          ClientId: 'cognatedemo0000000000web01',
          ClientName: 'cognate-demo-web',
          ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'],
          PreventUserExistenceErrors: 'ENABLED',
          EnableTokenRevocation: true,
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
          SupportedIdentityProviders: ['COGNITO'],
          CallbackURLs: [...DEMO_APP_REDIRECTS, `http://localhost:9229${DEMO_REDIRECT_PATH}`],
          LogoutURLs: [...DEMO_APP_REDIRECTS, `http://localhost:9229${DEMO_REDIRECT_PATH}`],
        },
      ],
      // A group, so the demo user's tokens carry cognito:groups (the demo app shows the claims).
      groups: [{ GroupName: 'admins', Description: 'Demo administrators', Precedence: 0 }],
      users: [{ Username: 'demo@example.com', Password: 'Passw0rd!', Attributes: { email: 'demo@example.com', name: 'Demo User' }, Groups: ['admins'] }],
    },
  ],
  // Cognito issues credentials only for a role the pool has, so the demo pool has both.
  identityPools: [
    {
      IdentityPoolId: 'us-east-1:00000000-0000-4000-8000-00000000c0de',
      IdentityPoolName: 'cognate-demo',
      AllowUnauthenticatedIdentities: true,
      Roles: {
        authenticated: 'arn:aws:iam::000000000000:role/cognate-local-demo-authenticated',
        unauthenticated: 'arn:aws:iam::000000000000:role/cognate-local-demo-unauthenticated',
      },
    },
  ],
};

/**
 * Lets the demo app use the hosted UI from `origin` (the console's, e.g. `http://localhost:9229`):
 * Cognito matches callback and sign-out URLs exactly, and the port is only known once the server
 * listens. Also brings a demo client seeded before the hosted UI was part of the demo (a kept
 * `--data` folder) up to date. Does nothing when the demo client is not there.
 */
export function allowDemoOrigin(ctx: Pick<OperationContext, 'store'>, origin: string): void {
  const clientId = DEMO_CONFIG.userPools?.[0]?.clients?.[0]?.ClientId;
  const client = typeof clientId === 'string' ? ctx.store.get<UserPoolClient>('client', clientId) : undefined;
  if (!client) return;
  const url = `${origin}${DEMO_REDIRECT_PATH}`;
  const add = (list: unknown) => [...new Set([...(Array.isArray(list) ? (list as string[]) : DEMO_APP_REDIRECTS), url])];
  const seed = DEMO_CONFIG.userPools![0]!.clients![0]!;
  ctx.store.put('client', client.ClientId, {
    ...client,
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: client.AllowedOAuthFlows ?? seed.AllowedOAuthFlows,
    AllowedOAuthScopes: client.AllowedOAuthScopes ?? seed.AllowedOAuthScopes,
    SupportedIdentityProviders: client.SupportedIdentityProviders ?? seed.SupportedIdentityProviders,
    CallbackURLs: add(client.CallbackURLs),
    LogoutURLs: add(client.LogoutURLs),
  });
}
