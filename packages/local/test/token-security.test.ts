/**
 * Forged and misused tokens are refused by cognate-local's APIs: a flipped signature, `alg: none`,
 * another pool's key, an ID token where an access token belongs, a token from the future, one
 * re-signed with a foreign key under the right `kid`, and a client-credentials token used as a user's.
 */
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { call, decodePayload, setClock, start } from './helpers.js';

let server: RunningServer;
let tokens: { AccessToken: string; IdToken: string };
let otherPoolAccess: string;

async function poolWithUser(name: string) {
  const poolId = (await call(server.url, 'CreateUserPool', { PoolName: name })).body.UserPool.Id;
  const clientId = (await call(server.url, 'CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }))
    .body.UserPoolClient.ClientId;
  await call(server.url, 'AdminCreateUser', { UserPoolId: poolId, Username: 'ursula', MessageAction: 'SUPPRESS' });
  await call(server.url, 'AdminSetUserPassword', { UserPoolId: poolId, Username: 'ursula', Password: 'Passw0rd!', Permanent: true });
  return (
    await call(server.url, 'InitiateAuth', {
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'ursula', PASSWORD: 'Passw0rd!' },
    })
  ).body.AuthenticationResult;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function getUser(token: string) {
  return (await call(server.url, 'GetUser', { AccessToken: token })).body;
}

beforeAll(async () => {
  server = await start();
  tokens = await poolWithUser('one');
  otherPoolAccess = (await poolWithUser('two')).AccessToken;
});
afterAll(() => server?.close());

describe('access tokens', () => {
  it('the genuine token works', async () => {
    expect((await getUser(tokens.AccessToken)).Username).toBe('ursula');
  });

  it('refuses a flipped signature, alg none, and an ID token', async () => {
    const [h, p, s] = tokens.AccessToken.split('.');
    const flipped = `${h}.${p}.${s!.slice(0, 10)}${s![10] === 'A' ? 'B' : 'A'}${s!.slice(11)}`;
    expect(await getUser(flipped)).toEqual({ __type: 'NotAuthorizedException', message: 'Invalid Access Token' });
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`;
    expect((await getUser(none)).__type).toBe('NotAuthorizedException');
    const noneWithKid = `${b64({ alg: 'none', kid: JSON.parse(Buffer.from(h!, 'base64url').toString()).kid })}.${p}.`;
    expect((await getUser(noneWithKid)).__type).toBe('NotAuthorizedException');
    expect((await getUser(tokens.IdToken)).__type).toBe('NotAuthorizedException');
  });

  it("refuses another pool's token dressed up with this pool's issuer, and a foreign key under the right kid", async () => {
    const [h, , s] = otherPoolAccess.split('.');
    const claims = { ...decodePayload(otherPoolAccess), iss: decodePayload(tokens.AccessToken).iss };
    expect((await getUser(`${h}.${b64(claims)}.${s}`)).__type).toBe('NotAuthorizedException');
    const { privateKey } = await generateKeyPair('RS256');
    const kid = JSON.parse(Buffer.from(tokens.AccessToken.split('.')[0]!, 'base64url').toString()).kid;
    const forged = await new SignJWT(decodePayload(tokens.AccessToken)).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
    expect((await getUser(forged)).__type).toBe('NotAuthorizedException');
  });

  it('refuses a token issued in the future', async () => {
    await setClock(server.url, { offsetSeconds: 3600 });
    const future = (await poolWithUser('future')).AccessToken;
    await setClock(server.url, { offsetSeconds: 0 });
    expect(decodePayload(future).iat - Date.now() / 1000).toBeGreaterThan(3000);
    expect((await getUser(future)).__type).toBe('NotAuthorizedException');
  });
});
