/**
 * cognate-local reads access tokens with @cognate/protocol's one JWT parser, as strict as the server
 * verifier: tokens signed with the pool's own key (read from the data directory, as anyone holding
 * it could) are still refused when a segment is padded, the header carries `crit` or `b64: false`,
 * or `nbf` is beyond the clock skew; so are such ID tokens in an identity pool's `Logins`. The same
 * key signing a canonical token is accepted.
 */
import Database from 'better-sqlite3';
import { createPrivateKey, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityClient, CreateIdentityPoolCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { call, decodePayload, start } from './helpers.js';

let server: RunningServer;
let dataDir: string;
let accessToken: string;
let poolId: string;
let clientId: string;
let idToken: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cognate-jwt-'));
  server = await start({ dataDir });
  poolId = (await call(server.url, 'CreateUserPool', { PoolName: 'strict' })).body.UserPool.Id;
  clientId = (await call(server.url, 'CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] })).body
    .UserPoolClient.ClientId;
  await call(server.url, 'AdminCreateUser', { UserPoolId: poolId, Username: 'ursula', MessageAction: 'SUPPRESS' });
  await call(server.url, 'AdminSetUserPassword', { UserPoolId: poolId, Username: 'ursula', Password: 'Passw0rd!', Permanent: true });
  const auth = await call(server.url, 'InitiateAuth', {
    ClientId: clientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'ursula', PASSWORD: 'Passw0rd!' },
  });
  accessToken = auth.body.AuthenticationResult.AccessToken;
  idToken = auth.body.AuthenticationResult.IdToken;
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function poolAccessKey(use: 'access' | 'id' = 'access'): { kid: string; pem: string } {
  const db = new Database(join(dataDir, 'cognate-local.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT value FROM kv WHERE kind = 'keys' AND key = ?").get(poolId) as { value: string };
    const stored = JSON.parse(row.value) as Record<'access' | 'id', { kid: string; privatePem: string }>;
    return { kid: stored[use].kid, pem: stored[use].privatePem };
  } finally {
    db.close();
  }
}

/** Signs exactly `<header>.<payload>` (as given, padding and all) with the pool's access key. */
function signed(header: string, payload: string, use: 'access' | 'id' = 'access'): string {
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), createPrivateKey(poolAccessKey(use).pem)).toString('base64url');
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

it("refuses a padded or crit ID token in an identity pool's Logins", async () => {
  const ci = new CognitoIdentityClient({
    region: 'us-east-1',
    endpoint: server.url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const provider = `cognito-idp.us-east-1.amazonaws.com/${poolId}`;
  const { IdentityPoolId } = await ci.send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: 'strict',
      AllowUnauthenticatedIdentities: false,
      CognitoIdentityProviders: [{ ProviderName: provider, ClientId: clientId }],
    }),
  );
  const getId = (token: string) =>
    ci.send(new GetIdCommand({ IdentityPoolId, Logins: { [provider]: token } })).then(
      r => r.IdentityId,
      (e: Error) => e.name,
    );
  const { kid } = poolAccessKey('id');
  let claims = decodePayload(idToken);
  expect(await getId(signed(b64({ kid, alg: 'RS256' }), b64(claims), 'id'))).toMatch(/^us-east-1:/);
  while (JSON.stringify(claims).length % 3 === 0) claims = { ...claims, pad: `${claims.pad ?? ''}x` };
  const padded = b64(claims) + '='.repeat(3 - (JSON.stringify(claims).length % 3));
  expect(await getId(signed(b64({ kid, alg: 'RS256' }), padded, 'id'))).toBe('NotAuthorizedException');
  expect(await getId(signed(b64({ kid, alg: 'RS256', crit: ['exp'], exp: 1 }), b64(claims), 'id'))).toBe('NotAuthorizedException');
});
