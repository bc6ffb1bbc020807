/**
 * The differential harness shared by the account test files: one cognate-local server per file,
 * the real aws-amplify v6 and cognate configured against it with `userPoolEndpoint`, each with its
 * own Map storage and Hub listener, and `expectSame` running a scenario through Amplify, then
 * cognate (users `amp-…` and `cog-…`), comparing normalized results and Hub `auth` events.
 * Also an independent RFC 6238 authenticator and the server clock.
 */
import { Amplify as AmplifyReal } from 'aws-amplify';
import * as amplifyAuth from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider as amplifyTokenProvider } from 'aws-amplify/auth/cognito';
import { Hub as AmplifyHub } from 'aws-amplify/utils';
import { startServer, type RunningServer } from 'cognate-local';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import * as cognateAuth from '../src/auth-cognito.js';
import { Amplify as AmplifyCognate } from '../src/index.js';
import { Hub as CognateHub } from '../src/utils.js';
import { call, lastCode, MapStorage, outcome, setClock } from './helpers.js';

export type AuthApi = Omit<typeof cognateAuth, 'cognitoUserPoolsTokenProvider' | 'TokenOrchestrator' | 'AuthError'>;

export interface Lib {
  prefix: 'amp' | 'cog';
  api: AuthApi;
  events: string[];
  storage: MapStorage;
}

export interface Pool {
  userPoolId: string;
  userPoolClientId: string;
}

export const PASSWORD = 'Corr3ct-Horse!';

export const amplify: Lib = { prefix: 'amp', api: amplifyAuth as unknown as AuthApi, events: [], storage: new MapStorage() };
export const cognate: Lib = { prefix: 'cog', api: cognateAuth, events: [], storage: new MapStorage() };

/** The server of this test file (set in beforeAll). */
export const env = { server: undefined as unknown as RunningServer, url: '' };

/** Starts cognate-local for this file (with `options`, e.g. triggers) and listens to both Hubs. */
export function useServer(options: Record<string, unknown> = {}): void {
  beforeAll(async () => {
    env.server = await startServer({ port: 0, host: '127.0.0.1', log: () => {}, ...options } as Parameters<typeof startServer>[0]);
    env.url = env.server.url;
    AmplifyHub.listen('auth', ({ payload }) => amplify.events.push(payload.event));
    CognateHub.listen('auth', ({ payload }) => cognate.events.push(payload.event));
  });
  afterAll(async () => {
    await clock(0);
    await env.server?.close();
  });
}

/** Points both libraries at `pool` (fresh storage each time, as after a reload). */
export function configureBoth(pool: Pool): void {
  const config = { Auth: { Cognito: { ...pool, userPoolEndpoint: env.url } } };
  AmplifyReal.configure(config);
  amplifyTokenProvider.setKeyValueStorage(amplify.storage);
  AmplifyCognate.configure(config);
  cognateAuth.cognitoUserPoolsTokenProvider.setKeyValueStorage(cognate.storage);
}

/** Creates a pool (extra CreateUserPool fields, optional SetUserPoolMfaConfig) and a client allowing every flow. */
export async function createPool(pool: Record<string, unknown> = {}, mfa?: Record<string, unknown>): Promise<Pool> {
  const created = await call(env.url, 'CreateUserPool', { PoolName: 'cognate-accounts', AutoVerifiedAttributes: ['email'], ...pool });
  const userPoolId = created.UserPool.Id as string;
  if (mfa) await call(env.url, 'SetUserPoolMfaConfig', { UserPoolId: userPoolId, ...mfa });
  const app = await call(env.url, 'CreateUserPoolClient', {
    UserPoolId: userPoolId,
    ClientName: 'web',
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_CUSTOM_AUTH'],
    EnableTokenRevocation: true,
  });
  return { userPoolId, userPoolClientId: app.UserPoolClient.ClientId as string };
}

/** A confirmed user with PASSWORD and a verified email (and any extra attributes), for both libraries. */
export async function createUsers(pool: Pool, name: string, attributes: Record<string, string> = {}): Promise<void> {
  for (const prefix of ['amp', 'cog']) {
    const username = `${prefix}-${name}`;
    await call(env.url, 'AdminCreateUser', {
      UserPoolId: pool.userPoolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: Object.entries({ email: `${username}@example.com`, email_verified: 'true', ...attributes }).map(([Name, Value]) => ({ Name, Value })),
    });
    await call(env.url, 'AdminSetUserPassword', { UserPoolId: pool.userPoolId, Username: username, Password: PASSWORD, Permanent: true });
  }
}

export function code(pool: Pool, username: string): Promise<string> {
  return lastCode(env.url, pool.userPoolId, username);
}

/** A code that is not `right`. */
export function wrong(right: string): string {
  return right === '000000' ? '111111' : '000000';
}

/** Shifts cognate-local's clock (0 puts it back). */
export async function clock(offsetSeconds: number): Promise<void> {
  if (!env.url) return;
  await setClock(env.url, { offsetSeconds });
}

/** An authenticator app: RFC 4648 base32 and RFC 6238 TOTP (HMAC-SHA1, 30 s steps, 6 digits). */
export function totp(secret: string, stepOffset = 0, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map(b => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000) + stepOffset));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const PER_USER = ['userId', 'destination', 'username', 'sub', 'loginId', 'id', 'sharedSecret', 'deviceKey'];

/** Replaces values that differ per user or per run by their kind, recursively. */
export function normalize(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map(v => normalize(v));
  if (value instanceof Date) return '<date>';
  if (typeof value === 'function') return '<function>';
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, normalize(v, k)]),
    );
  }
  if (typeof value === 'string' && PER_USER.includes(key)) return `<${key}>`;
  if (typeof value === 'string') return value.replace(/(?<![a-z])(amp|cog)-/g, '<lib>-');
  return value;
}

/** Runs one scenario through Amplify, then cognate; returns both normalized results with their Hub events. */
export async function both(scenario: (lib: Lib, user: string) => Promise<unknown>, user = 'user'): Promise<[unknown, unknown]> {
  const results: unknown[] = [];
  for (const lib of [amplify, cognate]) {
    lib.events.length = 0;
    const result = await outcome(scenario(lib, `${lib.prefix}-${user}`));
    await new Promise(r => setTimeout(r, 10));
    results.push(normalize({ result, events: [...lib.events] }));
  }
  return results as [unknown, unknown];
}

/** `both`, expecting the two to be equal; returns Amplify's. */
// biome-ignore lint/suspicious/noExplicitAny: the normalised outcome is a JSON tree that each test reads by path
export async function expectSame(scenario: (lib: Lib, user: string) => Promise<unknown>, user?: string): Promise<any> {
  const [a, c] = await both(scenario, user);
  expect(c).toEqual(a);
  return a;
}

/** The rejection's `{error: name}`, or the value. */
export { outcome };

/** Signs out whatever session `lib` has, without events mattering. */
export async function reset(lib: Lib): Promise<void> {
  await lib.api.signOut().catch(() => {});
}
