/**
 * Issuing and checking Cognito tokens. ID and access tokens are RS256 JWTs with Cognito's claim
 * sets; refresh tokens are opaque (JWE-shaped, as Cognito's are) and belong to a family that
 * sign-out and revocation end. Every self-service call verifies its access token here.
 */
import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { signRs256, signRs256Here, verifyParsedRs256 } from './jws.js';
import { checkJwtClaims, checkJwtHeader, parseJwt, type JwtPayload } from '@cognate/protocol';
import { errors } from '../errors.js';
import type { OperationContext, Services } from '../context.js';
import type { Kind } from '../storage/store.js';
import { validitySeconds, type RefreshTokenRecord, type TokenFamily, type UserPool, type UserPoolClient, type UserRecord } from '../model.js';
import { newUuid } from './ids.js';
import { getPool, getClient } from './pools.js';
import { getUser, saveUser, userKey } from './users.js';
import { groupClaims, groupsOfUser } from './groups.js';
import { hasTrigger, preTokenVersion, runTrigger, triggerAttributes } from './triggers.js';
import { pruneUserFamilies } from './prune.js';
import { evictOverLimit } from './session-config.js';

export interface AuthenticationResult {
  AccessToken: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
  IdToken: string;
  RefreshToken?: string;
  NewDeviceMetadata?: { DeviceKey: string; DeviceGroupKey: string };
}

const JWE_HEADER = Buffer.from('{"cty":"JWT","enc":"A256GCM","alg":"RSA-OAEP"}').toString('base64url');

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function familyKey(f: Pick<TokenFamily, 'poolId' | 'username' | 'originJti'>): string {
  return `${f.poolId}/${f.username}/${f.originJti}`;
}

/** A JWE-shaped opaque token: the four random parts (256, 12, 1200 and 16 bytes) from one draw, which costs a third of four. */
function newRefreshToken(): string {
  const bytes = randomBytes(256 + 12 + 1200 + 16);
  const part = (start: number, end: number) => bytes.subarray(start, end).toString('base64url');
  return `${JWE_HEADER}.${part(0, 256)}.${part(256, 268)}.${part(268, 1468)}.${part(1468, 1484)}`;
}

function userClaims(user: UserRecord): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(user.attributes)) {
    if (name === 'sub') continue;
    if (name === 'email_verified' || name === 'phone_number_verified') claims[name] = value === 'true';
    else if (name === 'updated_at') claims[name] = Number(value);
    else if (name === 'identities') {
      try {
        claims[name] = JSON.parse(value);
      } catch {
        claims[name] = value;
      }
    } else claims[name] = value;
  }
  return claims;
}

interface IssueInput {
  pool: UserPool;
  client: UserPoolClient;
  user: UserRecord;
  /** An existing family when refreshing; a new one is made for a sign-in. */
  family?: TokenFamily;
  withRefreshToken: boolean;
  deviceKey?: string;
  scope?: string;
  /** PreTokenGeneration's triggerSource; defaults to TokenGeneration_Authentication. */
  source?: string;
  /** Extra ID token claims (OAuth: nonce). */
  idClaims?: Record<string, unknown>;
  /** Tokens from the OAuth endpoints carry `version: 2` in the access token. */
  oauth?: boolean;
  /** The hosted-UI session's authentication time, for a new family. */
  authTime?: number;
}

/** Claims a PreTokenGeneration trigger may not change (Cognito ignores them too). */
const PROTECTED = new Set([
  'acr',
  'amr',
  'at_hash',
  'auth_time',
  'azp',
  'c_hash',
  'exp',
  'iat',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'sub',
  'token_use',
  'aud',
  'client_id',
  'cognito:username',
  'username',
  'event_id',
  'device_key',
  'version',
  'scope',
]);

function applyOverrides(claims: Record<string, unknown>, override: unknown): void {
  if (typeof override !== 'object' || override === null) return;
  const o = override as { claimsToAddOrOverride?: unknown; claimsToSuppress?: unknown };
  if (typeof o.claimsToAddOrOverride === 'object' && o.claimsToAddOrOverride !== null) {
    for (const [name, value] of Object.entries(o.claimsToAddOrOverride)) if (!PROTECTED.has(name)) claims[name] = value;
  }
  if (Array.isArray(o.claimsToSuppress)) {
    for (const name of o.claimsToSuppress) if (typeof name === 'string' && !PROTECTED.has(name)) delete claims[name];
  }
}

/** A trigger's `groupOverrideDetails`; the roles claims are ID-token claims only. */
function applyGroups(claims: Record<string, unknown>, groups: unknown, roles = false): void {
  const g = groups as { groupsToOverride?: unknown; iamRolesToOverride?: unknown; preferredRole?: unknown } | undefined;
  const setList = (name: string, list: unknown) => {
    if (!Array.isArray(list)) return;
    if (list.length) claims[name] = list;
    else delete claims[name];
  };
  setList('cognito:groups', g?.groupsToOverride);
  if (!roles) return;
  setList('cognito:roles', g?.iamRolesToOverride);
  if (typeof g?.preferredRole === 'string' && g.preferredRole) claims['cognito:preferred_role'] = g.preferredRole;
  else if (g?.preferredRole === null || g?.preferredRole === '') delete claims['cognito:preferred_role'];
}

let lastOrder = 0;
/** Strictly increasing within a process, and across restarts as long as the wall clock moves forward. */
function nextCreatedOrder(): number {
  lastOrder = Math.max(lastOrder + 1, Date.now());
  return lastOrder;
}

/**
 * Per store, per user (`pool/username`): when the user's last sign-in pruned their families, and
 * the earliest time one of them can be over next (pruneUserFamilies). Until then a sign-in need
 * not read the user's families at all: a user with hundreds of live sessions paid a parse of every
 * one of them on each sign-in. The clock set since (a test's reset or offset: it may have moved
 * back and forward again) makes the entry void. Whatever it skips, the background sweep still forgets; bounded by emptying it when full.
 */
const PRUNE_MEMO_SIZE = 100_000;
const pruneMemos = new WeakMap<object, Map<string, { at: number; due: number; clock: number }>>();
function pruneFamiliesWhenDue(ctx: Services, poolId: string, username: string, now: number): void {
  let memo = pruneMemos.get(ctx.store);
  if (!memo) {
    memo = new Map();
    pruneMemos.set(ctx.store, memo);
  }
  const key = `${poolId}/${username}`;
  const entry = memo.get(key);
  // Void once the clock was set since (back and forward again, families revoked or begun back then can be over sooner).
  if (entry && entry.clock === ctx.clock.changes && entry.at <= now && now < entry.due) {
    // Nothing to forget yet; the session limit is still applied to every new session.
    evictOverLimit(ctx, poolId, username);
    return;
  }
  if (memo.size >= PRUNE_MEMO_SIZE) memo.clear();
  memo.set(key, { at: now, due: pruneUserFamilies(ctx, poolId, username), clock: ctx.clock.changes });
}

/** The stored user's last GlobalSignOut (0 for none): only read, so from the shared record (Store.peek). */
function signedOutAt(ctx: Services, pool: UserPool, username: string): number {
  return ctx.store.peek<UserRecord>('user', userKey(pool, username))?.globalSignOutAt ?? 0;
}

/** Signs ID and access tokens (and a refresh token when asked), recording the family. */
export async function issueTokens(ctx: OperationContext, input: IssueInput): Promise<AuthenticationResult> {
  const { pool, client, user } = input;
  const now = ctx.clock.now();
  // Issued after a GlobalSignOut, even within its second: `iat` at or past its cut-off.
  const iat = Math.max(now, signedOutAt(ctx, pool, user.username));
  const family: TokenFamily = input.family ?? {
    poolId: pool.Id,
    clientId: client.ClientId,
    username: user.username,
    originJti: newUuid(),
    authTime: input.authTime ?? now,
    createdAt: now,
    createdOrder: nextCreatedOrder(),
    expiresAt: now + validitySeconds(client.RefreshTokenValidity, client.TokenValidityUnits.RefreshToken),
    revoked: false,
    ...(input.deviceKey ? { deviceKey: input.deviceKey } : {}),
    ...(input.scope ? { scope: input.scope } : {}),
  };
  const accessTtl = validitySeconds(client.AccessTokenValidity, client.TokenValidityUnits.AccessToken);
  const idTtl = validitySeconds(client.IdTokenValidity, client.TokenValidityUnits.IdToken);
  const eventId = newUuid();
  const iss = ctx.issuer(pool.Id);
  const revocable = client.EnableTokenRevocation ? { origin_jti: family.originJti } : {};
  const deviceKey = input.deviceKey ?? family.deviceKey;
  // Read at every issue, refreshes included: a membership change shows in the next tokens.
  const groups = groupClaims(groupsOfUser(ctx, pool.Id, user.username));
  const groupsClaim = groups.groups.length ? { 'cognito:groups': groups.groups } : {};
  const access = {
    sub: user.attributes.sub,
    ...groupsClaim,
    ...(input.oauth ? { version: 2 } : {}),
    ...(deviceKey ? { device_key: deviceKey } : {}),
    iss,
    client_id: client.ClientId,
    ...revocable,
    event_id: eventId,
    token_use: 'access',
    scope: input.scope ?? family.scope ?? 'aws.cognito.signin.user.admin',
    auth_time: family.authTime,
    exp: iat + accessTtl,
    iat,
    jti: newUuid(),
    username: user.username,
  };
  const id = {
    sub: user.attributes.sub,
    ...groupsClaim,
    ...(groups.roles.length ? { 'cognito:roles': groups.roles } : {}),
    ...(groups.preferredRole ? { 'cognito:preferred_role': groups.preferredRole } : {}),
    ...userClaims(user),
    iss,
    'cognito:username': user.username,
    ...revocable,
    aud: client.ClientId,
    event_id: eventId,
    token_use: 'id',
    ...(input.idClaims ?? {}),
    auth_time: family.authTime,
    exp: iat + idTtl,
    iat,
    jti: newUuid(),
  };
  const accessClaims: Record<string, unknown> = access;
  const idClaims: Record<string, unknown> = id;
  const version = preTokenVersion(pool);
  // Without the trigger, no event to build (the user's attributes copied) on every sign-in and refresh.
  const response = !hasTrigger(pool, 'PreTokenGeneration')
    ? undefined
    : await runTrigger(ctx, pool, 'PreTokenGeneration', {
        triggerSource: input.source ?? 'TokenGeneration_Authentication',
        userName: user.username,
        clientId: client.ClientId,
        request: {
          userAttributes: triggerAttributes(user),
          groupConfiguration: { groupsToOverride: groups.groups, iamRolesToOverride: groups.roles, preferredRole: groups.preferredRole },
          clientMetadata: {},
          ...(version !== 'V1_0' ? { scopes: String(access.scope).split(' ') } : {}),
        },
        response: version === 'V1_0' ? { claimsOverrideDetails: null } : { claimsAndScopeOverrideDetails: null },
      });
  if (response) {
    if (version === 'V1_0') {
      const details = response.claimsOverrideDetails as Record<string, unknown> | null | undefined;
      applyOverrides(idClaims, details);
      applyGroups(idClaims, details?.groupOverrideDetails, true);
    } else {
      const details = response.claimsAndScopeOverrideDetails as
        | { idTokenGeneration?: unknown; accessTokenGeneration?: { scopesToAdd?: unknown; scopesToSuppress?: unknown }; groupOverrideDetails?: unknown }
        | null
        | undefined;
      applyOverrides(idClaims, details?.idTokenGeneration);
      applyOverrides(accessClaims, details?.accessTokenGeneration);
      applyGroups(idClaims, details?.groupOverrideDetails, true);
      applyGroups(accessClaims, details?.groupOverrideDetails);
      const scopes = new Set(String(access.scope).split(' '));
      const add = details?.accessTokenGeneration?.scopesToAdd;
      const drop = details?.accessTokenGeneration?.scopesToSuppress;
      if (Array.isArray(add)) for (const scope of add) if (typeof scope === 'string') scopes.add(scope);
      if (Array.isArray(drop)) for (const scope of drop) scopes.delete(scope);
      accessClaims.scope = [...scopes].join(' ');
    }
  }
  // The access token on the threadpool and the ID token here meanwhile: in parallel, one handoff.
  const keys = await ctx.keys.forPool(pool.Id);
  const accessSigned = signRs256(accessClaims, keys.access.kid, keys.access.privateKey);
  let IdToken: string;
  try {
    IdToken = signRs256Here(idClaims, keys.id.kid, keys.id.privateKey);
  } catch (error) {
    await accessSigned.catch(() => {});
    throw error;
  }
  const AccessToken = await accessSigned;
  const result: AuthenticationResult = { AccessToken, ExpiresIn: accessTtl, TokenType: 'Bearer', IdToken };
  try {
    ctx.store.transaction(() => {
      // A user disabled while this was under way (AdminDisableUser during a trigger, say) gets no
      // tokens: the sign-in or refresh read the user before the awaits, the store is read again here.
      if (ctx.store.peek<UserRecord>('user', userKey(pool, user.username))?.enabled === false) throw errors.notAuthorized('User is disabled.');
      // A GlobalSignOut while this was being signed: its tokens were issued before it, and end with it.
      const signedOut = signedOutAt(ctx, pool, user.username) > iat;
      // A sign-in forgets the user's own families that are long over (a prefix of the user's rows),
      // when one can be: not again before the soonest time one of them can be over.
      if (!input.family) pruneFamiliesWhenDue(ctx, pool.Id, user.username, now);
      if (!input.family) ctx.store.put('family', familyKey(family), signedOut ? { ...family, revoked: true, revokedAt: now } : family);
      if (input.withRefreshToken) {
        const token = newRefreshToken();
        const record: RefreshTokenRecord = { family: familyKey(family), expiresAt: family.expiresAt };
        ctx.store.put('refresh', hashToken(token), record);
        result.RefreshToken = token;
      }
    });
  } catch (error) {
    // Rolled back: what the prune forgot is back, so its memo must not say there is nothing to forget.
    pruneMemos.get(ctx.store)?.delete(`${pool.Id}/${user.username}`);
    throw error;
  }
  return result;
}

export interface VerifiedAccess {
  pool: UserPool;
  user: UserRecord;
  claims: JwtPayload;
  family?: TokenFamily;
}

/**
 * Access tokens whose RS256 signature has been verified, per token string: the pool it names and
 * the very public key that verified it. A signature over a fixed string never changes validity, so
 * a token sent again (every GetUser of a session) skips the signature check, and nothing else: its
 * claims (expiry against the server's clock), its pool, user, token family and global sign-out are
 * read and checked on every call, so a sign-out, a revocation, a disabled or deleted user refuse
 * the very next call. A new key for the pool (a reset, a deleted pool) is not the remembered key
 * object, so the token is verified again. Bounded: the oldest entry makes room, and a token whose
 * claims fail (expired) is forgotten. One memo per server (keyed by its key service), so servers in
 * one process share nothing.
 */
const SIGNATURE_MEMO_SIZE = 10_000;
interface VerifiedSignature {
  poolId: string;
  key: KeyObject;
  payloadJson: string;
}
const signatureMemos = new WeakMap<object, Map<string, VerifiedSignature>>();
function signatureMemo(ctx: Services): Map<string, VerifiedSignature> {
  let memo = signatureMemos.get(ctx.keys);
  if (!memo) {
    memo = new Map();
    signatureMemos.set(ctx.keys, memo);
  }
  return memo;
}

/**
 * Verifies an access token as Cognito does on every self-service call: signature with the pool's
 * access key, `token_use`, expiry, revocation of its family (or a global sign-out after it was
 * issued), and that the user still exists and is enabled.
 */
export async function verifyAccessToken(
  ctx: Services,
  token: string,
  requiredScope: string | null = 'aws.cognito.signin.user.admin',
  options: { readOnly?: boolean } = {},
): Promise<VerifiedAccess> {
  // A caller that only reads what it is given (GetUser) gets the store's shared, frozen records (Store.peek).
  const read = options.readOnly ? <T>(kind: Kind, key: string) => ctx.store.peek<T>(kind, key) : <T>(kind: Kind, key: string) => ctx.store.get<T>(kind, key);
  const invalid = () => errors.notAuthorized('Invalid Access Token');
  const memo = signatureMemo(ctx);
  const remembered = memo.get(token);
  let claims: JwtPayload;
  let poolId: string;
  if (remembered && ctx.keys.cached(remembered.poolId)?.access.publicKey === remembered.key) {
    // This exact string's signature was verified with the pool's current access key: only the
    // signature check is skipped; every claim and every stored state below is checked again.
    claims = JSON.parse(remembered.payloadJson) as JwtPayload;
    poolId = remembered.poolId;
  } else {
    if (remembered) memo.delete(token);
    const parsed = parseJwt(token);
    if (!parsed || checkJwtHeader(parsed.header)) throw invalid();
    claims = parsed.payload;
    poolId = typeof claims.iss === 'string' ? claims.iss.slice(claims.iss.lastIndexOf('/') + 1) : '';
    const keys = poolId ? ctx.keys.cached(poolId) : undefined;
    if (!keys || keys.access.kid !== parsed.header.kid) throw invalid();
    if (!verifyParsedRs256(parsed, keys.access.publicKey)) throw invalid();
    if (memo.size >= SIGNATURE_MEMO_SIZE) memo.delete(memo.keys().next().value!);
    memo.set(token, { poolId, key: keys.access.publicKey, payloadJson: parsed.payloadJson });
  }
  // token_use, exp (past it: expired), nbf, and iat not beyond clock skew (else not this server's clock).
  const failure = checkJwtClaims(claims, { now: ctx.clock.now(), tokenUse: 'access', rejectExpired: true, iatSkew: 300 });
  if (failure) memo.delete(token);
  if (failure === 'exp' || failure === 'expired') throw errors.notAuthorized('Access Token has expired');
  if (failure) throw invalid();
  if (
    requiredScope &&
    !String(claims.scope ?? '')
      .split(' ')
      .includes(requiredScope)
  )
    throw errors.notAuthorized('Access Token does not have required scopes');
  const pool = read<UserPool>('pool', poolId);
  if (!pool) throw invalid();
  const username = typeof claims.username === 'string' ? claims.username : '';
  const user = read<UserRecord>('user', userKey(pool, username));
  if (!user || user.attributes.sub !== claims.sub) throw errors.notAuthorized('Access Token has been revoked');
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');
  let family: TokenFamily | undefined;
  const originJti = typeof claims.origin_jti === 'string' ? claims.origin_jti : undefined;
  if (originJti) {
    family = read<TokenFamily>('family', familyKey({ poolId, username: user.username, originJti }));
    if (!family || family.revoked) throw errors.notAuthorized('Access Token has been revoked');
  }
  const signedOutAt = user.globalSignOutAt;
  if (signedOutAt !== undefined && typeof claims.iat === 'number' && claims.iat < signedOutAt) {
    throw errors.notAuthorized('Access Token has been revoked');
  }
  return { pool, user, claims, ...(family ? { family } : {}) };
}

/** Resolves a refresh token to its live family, or throws Cognito's refresh errors. */
export function resolveRefreshToken(
  ctx: Services,
  token: string,
  clientId: string,
): { record: RefreshTokenRecord; hash: string; family: TokenFamily; pool: UserPool; client: UserPoolClient } {
  const hash = hashToken(token);
  const record = ctx.store.get<RefreshTokenRecord>('refresh', hash);
  if (!record) throw errors.notAuthorized('Invalid Refresh Token');
  const family = ctx.store.get<TokenFamily>('family', record.family);
  if (!family || family.revoked) throw errors.notAuthorized('Refresh Token has been revoked');
  if (family.clientId !== clientId) throw errors.notAuthorized('Invalid Refresh Token');
  const now = ctx.clock.now();
  if (record.expiresAt <= now) throw errors.notAuthorized('Refresh Token has expired');
  const pool = getPool(ctx, family.poolId);
  const client = getClient(ctx, clientId, pool.Id);
  return { record, hash, family, pool, client };
}

export function revokeFamily(ctx: Services, family: TokenFamily): void {
  ctx.store.put('family', familyKey(family), { ...family, revoked: true, revokedAt: ctx.clock.now() });
}

/**
 * GlobalSignOut and AdminUserGlobalSignOut, in one transaction on the user as stored now: every
 * family is revoked, and the cut-off `globalSignOutAt` moves past every token issued so far (tokens
 * with an `iat` below it are refused). Tokens issued afterwards get an `iat` at the cut-off or later
 * (issueTokens), so the line is exact even within one second, and a sign-out repeated within one
 * second moves it again.
 */
export function signOutEverywhere(ctx: Services, pool: UserPool, username: string): void {
  ctx.store.transaction(() => {
    const user = getUser(ctx, pool, username);
    if (!user) return;
    const before = structuredClone(user);
    revokeAllForUser(ctx, pool, user);
    user.globalSignOutAt = Math.max(ctx.clock.now(), user.globalSignOutAt ?? 0) + 1;
    saveUser(ctx, pool, user, before);
  });
}

/** Every family of the user is revoked (GlobalSignOut, with the cut-off signOutEverywhere sets). */
export function revokeAllForUser(ctx: Services, pool: UserPool, user: UserRecord): void {
  ctx.store.transaction(() => {
    for (const family of ctx.store.list<TokenFamily>('family', `${pool.Id}/${user.username}/`)) {
      if (!family.revoked) ctx.store.put('family', familyKey(family), { ...family, revoked: true, revokedAt: ctx.clock.now() });
    }
  });
}

/** Rotation replaced this token: it stays usable for `graceSeconds` (0: not at all). Millisecond precision. */
export function markRotated(ctx: Services, hash: string, record: RefreshTokenRecord, graceSeconds: number): void {
  const nowMs = ctx.clock.nowMs();
  ctx.store.put('refresh', hash, { ...record, rotatedAt: Math.floor(nowMs / 1000), graceUntilMs: nowMs + graceSeconds * 1000 });
}

/**
 * Rotation's write, after the new tokens were issued: in one write transaction (IMMEDIATE, so
 * against other processes on the `--data` folder too), the presented token (`hash`) is read again.
 * Not rotated yet: it is marked rotated now, and this refresh stands. Rotated meanwhile by another
 * request, whose grace period is over (or the token gone): this refresh lost the race, and the
 * refresh token it issued (`issued`) is deleted; false. Within the grace period: a retry, it stands.
 */
export function claimRotation(ctx: Services, hash: string, graceSeconds: number, issued: string | undefined): boolean {
  return ctx.store.transaction(() => {
    const stored = ctx.store.get<RefreshTokenRecord>('refresh', hash);
    if (stored && stored.rotatedAt === undefined) {
      markRotated(ctx, hash, stored, graceSeconds);
      return true;
    }
    if (stored && !reusedAfterRotation(ctx, stored)) return true;
    if (issued) ctx.store.delete('refresh', hashToken(issued));
    return false;
  });
}

/** True when a rotated-away token is presented after its grace period: RefreshTokenReuseException. */
export function reusedAfterRotation(ctx: Services, record: RefreshTokenRecord): boolean {
  return record.rotatedAt !== undefined && (record.graceUntilMs ?? 0) <= ctx.clock.nowMs();
}

/**
 * How long after a rotation a reuse of the rotated-away token is taken for a request that was
 * already under way when the rotation happened (parallel requests carrying the same cookies, tabs
 * sharing one storage): refused, but the family lives on in the winner's new token. Later, the reuse
 * is a replay, and ends the family.
 */
export const ROTATION_RACE_SECONDS = 10;

/** A reuse past its grace period and past the race window: reuse detection ends the family. */
export function replayedAfterRotation(ctx: Services, record: RefreshTokenRecord): boolean {
  return reusedAfterRotation(ctx, record) && ctx.clock.nowMs() >= (record.rotatedAt! + ROTATION_RACE_SECONDS) * 1000;
}

export { hashToken, familyKey };
