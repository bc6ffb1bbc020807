/**
 * Hostile input for every operation cognate-local implements: wrong types, huge strings, unicode
 * edge cases, prototype-pollution keys, deep nesting and truncated JSON, on top of real ids so the
 * requests reach past the first check. Every answer must be a Cognito-shaped error or a success,
 * never a 5xx; a request refused as invalid must not change anything; the server keeps serving.
 * The generator is seeded, so a failure replays exactly.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_IDENTITY_OPERATIONS } from '../src/identity/registry.js';
import { USER_POOL_OPERATIONS } from '../src/index.js';
import type { Kind, RunningServer } from '../src/index.js';
import { call, start, seededRandom } from './helpers.js';

let server: RunningServer;
const ids: Record<string, string> = {};

const KINDS: Kind[] = [
  'pool',
  'client',
  'user',
  'alias',
  'family',
  'refresh',
  'session',
  'message',
  'keys',
  'device',
  'meta',
  'identityPool',
  'identity',
  'identityIndex',
  'identityKey',
  'webauthn',
  'webauthnIndex',
  'domain',
  'resourceServer',
  'idp',
  'oauth',
];

function snapshot(): string {
  const store = server.local.services.store;
  return JSON.stringify(KINDS.map(k => [k, store.list(k, '')]));
}

const MEMBERS = [
  'ClientId',
  'UserPoolId',
  'Username',
  'Password',
  'AccessToken',
  'RefreshToken',
  'Session',
  'ConfirmationCode',
  'Code',
  'UserCode',
  'Token',
  'AuthFlow',
  'AuthParameters',
  'ChallengeName',
  'ChallengeResponses',
  'UserAttributes',
  'ClientMetadata',
  'PoolName',
  'ClientName',
  'ExplicitAuthFlows',
  'Filter',
  'Limit',
  'MaxResults',
  'DeviceKey',
  'AttributeName',
  'UserAttributeNames',
  'ProposedPassword',
  'PreviousPassword',
  'IdentityPoolId',
  'IdentityId',
  'Logins',
  'Credential',
  'CredentialId',
  'Domain',
  'Identifier',
  'ProviderName',
  'SecretHash',
  'Policies',
  'Schema',
];

const deep = (n: number): unknown => (n === 0 ? 'x' : [deep(n - 1)]);

function nasty(r: () => number): unknown {
  const values: unknown[] = [
    null,
    true,
    0,
    -1,
    1e308,
    Number.MAX_SAFE_INTEGER + 2,
    '',
    ' ',
    'x'.repeat(200_000),
    '\u0000',
    '\ud800',
    '\u202e\u200b',
    '𝒳'.repeat(100),
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '${jndi:ldap://x}',
    [],
    [null],
    {},
    { __proto__: { polluted: true } },
    JSON.parse('{"__proto__":{"polluted":true}}'),
    { constructor: { prototype: { polluted: true } } },
    deep(200),
    [{ Name: 5, Value: {} }],
    { USERNAME: ['a'], PASSWORD: { a: 1 } },
    ids.clientId,
    ids.poolId,
    'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
  ];
  return values[Math.floor(r() * values.length)];
}

function bodies(operation: string, r: () => number): string[] {
  const base: Record<string, unknown> = { ClientId: ids.clientId, UserPoolId: ids.poolId, Username: 'fuzz-user', IdentityPoolId: ids.identityPoolId };
  const out: string[] = ['', '{', '{"ClientId":', 'null', '[]', '"str"', '{}', JSON.stringify(base), '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}'];
  for (let i = 0; i < 24; i++) {
    const body: Record<string, unknown> = { ...base };
    const n = 1 + Math.floor(r() * 3);
    for (let j = 0; j < n; j++) body[MEMBERS[Math.floor(r() * MEMBERS.length)]!] = nasty(r);
    out.push(JSON.stringify(body));
  }
  out.push(JSON.stringify(base).slice(0, -3)); // truncated
  out.push('{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"isAdmin": true}}}');
  void operation;
  return out;
}

beforeAll(async () => {
  server = await start();
  const pool = await call(server.url, 'CreateUserPool', { PoolName: 'fuzz' });
  ids.poolId = pool.body.UserPool.Id;
  ids.clientId = (
    await call(server.url, 'CreateUserPoolClient', {
      UserPoolId: ids.poolId,
      ClientName: 'fuzz',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_AUTH'],
    })
  ).body.UserPoolClient.ClientId;
  await call(server.url, 'AdminCreateUser', { UserPoolId: ids.poolId, Username: 'fuzz-user', TemporaryPassword: 'Temp-Passw0rd!', MessageAction: 'SUPPRESS' });
  const identity = await call(
    server.url,
    'CreateIdentityPool',
    { IdentityPoolName: 'fuzz', AllowUnauthenticatedIdentities: true },
    'AWSCognitoIdentityService.CreateIdentityPool',
  );
  ids.identityPoolId = identity.body.IdentityPoolId;
});
afterAll(() => server?.close());

it('answers every malformed request with a Cognito-shaped 4xx or a success, and changes nothing when it refuses', async () => {
  const r = seededRandom(20261123);
  const operations = [
    ...Object.keys(USER_POOL_OPERATIONS).map(op => ({ op, target: `AWSCognitoIdentityProviderService.${op}` })),
    ...ALL_IDENTITY_OPERATIONS.map(op => ({ op, target: `AWSCognitoIdentityService.${op}` })),
  ];
  let tried = 0;
  const problems: string[] = [];
  for (const { op, target } of operations) {
    for (const body of bodies(op, r)) {
      const before = snapshot();
      const res = await call(server.url, op, body, target);
      tried++;
      const where = `${op} ${body.slice(0, 120)}`;
      if (res.status >= 500) problems.push(`${res.status} from ${where}`);
      if (res.status !== 200) {
        if (typeof res.body?.__type !== 'string' || typeof res.body?.message !== 'string')
          problems.push(`unshaped error from ${where}: ${JSON.stringify(res.body).slice(0, 200)}`);
        if (
          ['InvalidParameterException', 'ValidationException', 'SerializationException', 'UnknownOperationException'].includes(res.body?.__type) &&
          snapshot() !== before
        ) {
          problems.push(`state changed by refused ${where}`);
        }
      }
    }
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  expect(problems).toEqual([]);
  expect(tried).toBeGreaterThan(2000);
  // Still serving. (Valid bodies with the real ids may legitimately have deleted the fuzz pool.)
  const fresh = await call(server.url, 'CreateUserPool', { PoolName: 'after-fuzz' });
  expect(fresh.status).toBe(200);
  const client = await call(server.url, 'CreateUserPoolClient', {
    UserPoolId: fresh.body.UserPool.Id,
    ClientName: 'c',
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
  });
  const signUp = await call(server.url, 'SignUp', { ClientId: client.body.UserPoolClient.ClientId, Username: 'after', Password: 'Passw0rd!' });
  expect(signUp.status).toBe(200);
  console.log(`fuzz: ${tried} requests over ${operations.length} operations, no 5xx, no change from refused requests`);
}, 120_000);
