/**
 * cognate-local reads access tokens with @cognate/protocol's one JWT parser, as strict as the server
 * verifier: tokens signed with the pool's own key (read from the data directory, as anyone holding
 * it could) are still refused when a segment is padded, the header carries `crit` or `b64: false`,
 * or `nbf` is beyond the clock skew. The same key signing a canonical token is accepted.
 */
import Database from 'better-sqlite3';
import { createPrivateKey, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { call, decodePayload, start } from './helpers.js';

let server: RunningServer;
let dataDir: string;
let accessToken: string;
let poolId: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cognate-jwt-'));
  server = await start({ dataDir });
  poolId = (await call(server.url, 'CreateUserPool', { PoolName: 'strict' })).body.UserPool.Id;
  const clientId = (await call(server.url, 'CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] })).body.UserPoolClient.ClientId;
  await call(server.url, 'AdminCreateUser', { UserPoolId: poolId, Username: 'ursula', MessageAction: 'SUPPRESS' });
  await call(server.url, 'AdminSetUserPassword', { UserPoolId: poolId, Username: 'ursula', Password: 'Passw0rd!', Permanent: true });
  const auth = await call(server.url, 'InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ursula', PASSWORD: 'Passw0rd!' } });
  accessToken = auth.body.AuthenticationResult.AccessToken;
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function poolAccessKey(): { kid: string; pem: string } {
  const db = new Database(join(dataDir, 'cognate-local.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT value FROM kv WHERE kind = 'keys' AND key = ?").get(poolId) as { value: string };
    const stored = JSON.parse(row.value) as { access: { kid: string; privatePem: string } };
    return { kid: stored.access.kid, pem: stored.access.privatePem };
  } finally {
    db.close();
  }
}

/** Signs exactly `<header>.<payload>` (as given, padding and all) with the pool's access key. */
function signed(header: string, payload: string): string {
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), createPrivateKey(poolAccessKey().pem)).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

async function getUser(token: string) {
  const response = await call(server.url, 'GetUser', { AccessToken: token });
  return { status: response.status, body: response.body };
}

const invalid = { status: 400, body: { __type: 'NotAuthorizedException', message: 'Invalid Access Token' } };

it('accepts a canonical token signed with the pool key (the control)', async () => {
  const { kid } = poolAccessKey();
  const token = signed(b64({ kid, alg: 'RS256' }), b64(decodePayload(accessToken)));
  expect((await getUser(token)).body.Username).toBe('ursula');
});

it('refuses a padded payload segment, even when the signature covers it', async () => {
  const { kid } = poolAccessKey();
  let claims = decodePayload(accessToken);
  while (JSON.stringify(claims).length % 3 === 0) claims = { ...claims, pad: `${claims.pad ?? ''}x` };
  const padded = b64(claims) + '='.repeat(3 - (JSON.stringify(claims).length % 3));
  expect(await getUser(signed(b64({ kid, alg: 'RS256' }), padded))).toEqual(invalid);
});

it('refuses crit and b64:false headers (RFC 7515 §4.1.11, RFC 7797)', async () => {
  const { kid } = poolAccessKey();
  const payload = b64(decodePayload(accessToken));
  expect(await getUser(signed(b64({ kid, alg: 'RS256', crit: ['exp'], exp: 1 }), payload))).toEqual(invalid);
  expect(await getUser(signed(b64({ kid, alg: 'RS256', b64: false, crit: ['b64'] }), payload))).toEqual(invalid);
  expect(await getUser(signed(b64({ kid, alg: 'RS256', b64: false }), payload))).toEqual(invalid);
});

it('refuses nbf beyond the clock skew, accepts it within', async () => {
  const { kid } = poolAccessKey();
  const claims = decodePayload(accessToken);
  const header = b64({ kid, alg: 'RS256' });
  expect(await getUser(signed(header, b64({ ...claims, nbf: claims.iat + 3600 })))).toEqual(invalid);
  expect((await getUser(signed(header, b64({ ...claims, nbf: claims.iat })))).body.Username).toBe('ursula');
});
