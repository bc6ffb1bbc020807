/**
 * The read path's shortcuts, each against a real server over loopback with the AWS SDK: derived
 * SigV4 signing keys are kept per (secret, date, region, service), and the read calls
 * (AdminGetUser, ListUsers, DescribeUserPoolClient) answer from the store's shared, frozen pool
 * and client records. Whatever they keep, the very next request sees a change: another secret or
 * another server's credentials are refused, an updated or deleted client or pool is seen at once.
 */
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  AdminCreateUserCommand,
  AddUserPoolClientSecretCommand,
  AdminSetUserSettingsCommand,
  AdminSetUserMFAPreferenceCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolClientCommand,
  ListUserPoolsCommand,
  ListUsersCommand,
  UpdateUserPoolClientCommand,
  AdminUpdateUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminSetUserPasswordCommand,
  AdminDisableUserCommand,
  GetUserCommand,
  InitiateAuthCommand,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { errorName, sdk, signedHeaders, start } from './helpers.js';

describe('SigV4 with configured credentials: kept signing keys never let another secret in', () => {
  const a = { accessKeyId: 'AKIDSERVERA', secretAccessKey: 'secret-of-a' };
  const b = { accessKeyId: 'AKIDSERVERB', secretAccessKey: 'secret-of-b' };
  let serverA: RunningServer;
  let serverB: RunningServer;
  beforeAll(async () => {
    // Two servers in one process share the module, and so any cache of derived keys.
    [serverA, serverB] = await Promise.all([start({ credentials: a }), start({ credentials: b })]);
  });
  afterAll(() => {
    serverA?.close();
    serverB?.close();
  });
  const client = (url: string, credentials: { accessKeyId: string; secretAccessKey: string }, region = 'us-east-1') =>
    new CognitoIdentityProviderClient({ region, endpoint: url, credentials, maxAttempts: 1 });
  const list = (c: CognitoIdentityProviderClient) => c.send(new ListUserPoolsCommand({ MaxResults: 5 }));

  it('each server takes its own secret, again and again, and refuses the other one and a wrong one in between', async () => {
    for (let round = 0; round < 3; round++) {
      expect((await list(client(serverA.url, a))).UserPools).toEqual([]);
      expect((await list(client(serverB.url, b))).UserPools).toEqual([]);
      // Server B's key id with server A's secret: the key derived from A's secret must not verify it.
      expect(await errorName(list(client(serverB.url, { accessKeyId: b.accessKeyId, secretAccessKey: a.secretAccessKey })))).toBe('InvalidSignatureException');
      expect(await errorName(list(client(serverA.url, { accessKeyId: a.accessKeyId, secretAccessKey: `${a.secretAccessKey}x` })))).toBe(
        'InvalidSignatureException',
      );
      expect(await errorName(list(client(serverA.url, b)))).toBe('UnrecognizedClientException');
    }
  });

  it('the region is part of the derived key: a request signed for another region verifies with its own key, a wrong secret there does not', async () => {
    expect((await list(client(serverA.url, a, 'eu-west-1'))).UserPools).toEqual([]);
    expect((await list(client(serverA.url, a, 'us-east-1'))).UserPools).toEqual([]);
    expect(await errorName(list(client(serverA.url, { ...a, secretAccessKey: b.secretAccessKey }, 'eu-west-1')))).toBe('InvalidSignatureException');
  });
});

describe('SigV4 against hostile headers: every altered or malformed signature is a Cognito-shaped 4xx, and good ones still verify', () => {
  const creds = { accessKeyId: 'AKIDHOSTILE', secretAccessKey: 'secret-hostile' };
  let server: RunningServer;
  beforeAll(async () => {
    server = await start({ credentials: creds });
  });
  afterAll(() => server?.close());
  const target = 'AWSCognitoIdentityProviderService.ListUserPools';
  const body = JSON.stringify({ MaxResults: 5 });
  const base = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target };
  async function send(headers: Record<string, string>) {
    const res = await fetch(server.url, { method: 'POST', headers, body });
    return { status: res.status, body: (await res.json()) as { __type?: string; message?: string } };
  }

  it('a signature moved to another date, region, service or key, or garbled, is refused; then a good one verifies', async () => {
    const good = await signedHeaders(server.url, target, body, base, creds);
    const auth = good.authorization!;
    const date = good['x-amz-date']!;
    const day = date.slice(0, 8);
    const sig = /Signature=([0-9a-f]{64})/.exec(auth)![1]!;
    const nextSecond = new Date(
      Date.parse(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`) + 1000,
    )
      .toISOString()
      .replace(/[-:]|\.\d{3}/g, '');
    const variants: Array<[Record<string, string>, number, string]> = [
      // Signed at another second (same day): the string to sign changed.
      [{ ...good, 'x-amz-date': nextSecond }, 400, 'InvalidSignatureException'],
      [{ ...good, authorization: auth.replace('/us-east-1/', '/eu-west-1/') }, 400, 'InvalidSignatureException'],
      [{ ...good, authorization: auth.replace('/cognito-idp/', '/cognito-identity/') }, 400, 'IncompleteSignatureException'],
      [
        {
          ...good,
          authorization: auth.replace(
            sig,
            sig.replace(/^./, c => (c === '0' ? '1' : '0')),
          ),
        },
        400,
        'InvalidSignatureException',
      ],
      [{ ...good, authorization: auth.replace('AKIDHOSTILE', 'AKIDOTHER') }, 400, 'UnrecognizedClientException'],
      // The target is signed: another operation under the same signature.
      [{ ...good, 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUsers' }, 400, 'InvalidSignatureException'],
      // Malformed headers.
      [{ ...good, authorization: 'AWS4-HMAC-SHA256' }, 400, 'IncompleteSignatureException'],
      [{ ...good, authorization: `${auth}\u00e9` }, 400, 'IncompleteSignatureException'],
      [{ ...good, authorization: auth.replace(/SignedHeaders=[^,]+/, 'SignedHeaders=host;host;x-amz-date') }, 400, 'InvalidSignatureException'],
      [{ ...good, authorization: auth.replace(/SignedHeaders=[^,]+/, 'SignedHeaders=x-amz-date;host') }, 400, 'InvalidSignatureException'],
      [{ ...good, authorization: auth.replace(/SignedHeaders=[^,]+/, 'SignedHeaders=constructor;host;x-amz-date') }, 400, 'InvalidSignatureException'],
      [{ ...good, authorization: auth.replace(/SignedHeaders=[^,]+/, 'SignedHeaders=content-type;x-amz-date') }, 400, 'IncompleteSignatureException'],
      [{ ...good, 'x-amz-date': 'yesterday' }, 400, 'IncompleteSignatureException'],
      [{ ...good, 'x-amz-date': `${day}T999999Z` }, 400, 'InvalidSignatureException'],
      [{ ...good, 'x-amz-date': '99991399T000000Z', authorization: auth.replace(`/${day}/`, '/99991399/') }, 400, 'InvalidSignatureException'],
      [{ ...good, 'x-amz-date': '19700101T000000Z', authorization: auth.replace(`/${day}/`, '/19700101/') }, 400, 'InvalidSignatureException'],
    ];
    for (const [headers, status, type] of variants) {
      const res = await send(headers);
      expect([JSON.stringify(headers), res.status, res.body.__type, typeof res.body.message]).toEqual([JSON.stringify(headers), status, type, 'string']);
    }
    // Many regions (each a derived key) in between: the right one still verifies, a wrong one is still refused.
    for (let i = 0; i < 100; i++) {
      const res = await send({ ...good, authorization: auth.replace('/us-east-1/', `/r${i}/`) });
      expect(res.body.__type).toBe('InvalidSignatureException');
    }
    expect((await send(good)).status).toBe(200);
  });
});

describe('read calls over frozen shared records with every optional part a record can have', () => {
  let server: RunningServer;
  let c: CognitoIdentityProviderClient;
  beforeAll(async () => {
    server = await start();
    c = sdk(server.url);
  });
  afterAll(() => server?.close());

  it('AdminGetUser, GetUser, ListUsers (projected and filtered) and DescribeUserPoolClient answer MFA settings and client secrets, again and again', async () => {
    const id = (await c.send(new CreateUserPoolCommand({ PoolName: 'frozen-rich', MfaConfiguration: 'OPTIONAL', AliasAttributes: ['email'] }))).UserPool!.Id!;
    const publicClient = (
      await c.send(
        new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
      )
    ).UserPoolClient!.ClientId!;
    const secretClient = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: 'server', GenerateSecret: true }))).UserPoolClient!
      .ClientId!;
    await c.send(new AddUserPoolClientSecretCommand({ UserPoolId: id, ClientId: secretClient }));
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: id,
        Username: 'rich',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'rich@example.com' },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'phone_number', Value: '+15555550100' },
        ],
      }),
    );
    await c.send(new AdminSetUserPasswordCommand({ UserPoolId: id, Username: 'rich', Password: 'Passw0rd!', Permanent: true }));
    const signedIn = await c.send(
      new InitiateAuthCommand({ ClientId: publicClient, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'rich', PASSWORD: 'Passw0rd!' } }),
    );
    const accessToken = signedIn.AuthenticationResult!.AccessToken!;
    await c.send(new AdminSetUserSettingsCommand({ UserPoolId: id, Username: 'rich', MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }));
    await c.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: id, Username: 'rich', SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const mfa = { MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }], UserMFASettingList: ['SMS_MFA'], PreferredMfaSetting: 'SMS_MFA' };
    for (let round = 0; round < 3; round++) {
      for (const username of ['rich', 'rich@example.com']) {
        const admin = await c.send(new AdminGetUserCommand({ UserPoolId: id, Username: username }));
        expect(admin).toMatchObject({ Username: 'rich', ...mfa });
      }
      expect(await c.send(new GetUserCommand({ AccessToken: accessToken }))).toMatchObject({ Username: 'rich', ...mfa });
      const projected = await c.send(new ListUsersCommand({ UserPoolId: id, AttributesToGet: ['email'], Limit: 1 }));
      expect(projected.Users!.map(u => [u.Username, u.Attributes])).toEqual([['rich', [{ Name: 'email', Value: 'rich@example.com' }]]]);
      const filtered = await c.send(new ListUsersCommand({ UserPoolId: id, Filter: 'email ^= "rich"' }));
      expect(filtered.Users!.map(u => u.Username)).toEqual(['rich']);
      const client = (await c.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: secretClient }))).UserPoolClient!;
      expect([client.ClientName, typeof client.ClientSecret]).toEqual(['server', 'string']);
    }
  });
});

describe('two servers on one --data folder: the read calls of one see the writes of the other at once', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cognate-read-path-'));
  let one: RunningServer;
  let two: RunningServer;
  let a: CognitoIdentityProviderClient;
  let b: CognitoIdentityProviderClient;
  beforeAll(async () => {
    one = await start({ dataDir });
    two = await start({ dataDir });
    a = sdk(one.url);
    b = sdk(two.url);
  });
  afterAll(async () => {
    a?.destroy();
    b?.destroy();
    await one?.close();
    await two?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('AdminGetUser, ListUsers, GetUser and DescribeUserPoolClient on one show updates, disables and deletes made on the other', async () => {
    const id = (await a.send(new CreateUserPoolCommand({ PoolName: 'shared' }))).UserPool!.Id!;
    const clientId = (
      await a.send(
        new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
      )
    ).UserPoolClient!.ClientId!;
    await a.send(new AdminCreateUserCommand({ UserPoolId: id, Username: 'sam', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'name', Value: 'Sam' }] }));
    await a.send(new AdminSetUserPasswordCommand({ UserPoolId: id, Username: 'sam', Password: 'Passw0rd!', Permanent: true }));
    const token = (
      await a.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'sam', PASSWORD: 'Passw0rd!' } }))
    ).AuthenticationResult!.AccessToken!;
    const name = (attributes: Array<{ Name?: string; Value?: string }> | undefined) => attributes?.find(x => x.Name === 'name')?.Value;
    // Read on two (kept or not), changed on one, read on two again.
    expect(name((await b.send(new AdminGetUserCommand({ UserPoolId: id, Username: 'sam' }))).UserAttributes)).toBe('Sam');
    expect(name((await b.send(new GetUserCommand({ AccessToken: token }))).UserAttributes)).toBe('Sam');
    expect(name((await b.send(new ListUsersCommand({ UserPoolId: id }))).Users![0]!.Attributes)).toBe('Sam');
    expect((await b.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: clientId }))).UserPoolClient!.ClientName).toBe('app');
    await a.send(new AdminUpdateUserAttributesCommand({ UserPoolId: id, Username: 'sam', UserAttributes: [{ Name: 'name', Value: 'Samuel' }] }));
    await a.send(new UpdateUserPoolClientCommand({ UserPoolId: id, ClientId: clientId, ClientName: 'renamed' }));
    expect(name((await b.send(new AdminGetUserCommand({ UserPoolId: id, Username: 'sam' }))).UserAttributes)).toBe('Samuel');
    expect(name((await b.send(new GetUserCommand({ AccessToken: token }))).UserAttributes)).toBe('Samuel');
    expect(name((await b.send(new ListUsersCommand({ UserPoolId: id }))).Users![0]!.Attributes)).toBe('Samuel');
    expect((await b.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: clientId }))).UserPoolClient!.ClientName).toBe('renamed');
    await a.send(new AdminDisableUserCommand({ UserPoolId: id, Username: 'sam' }));
    expect(await errorName(b.send(new GetUserCommand({ AccessToken: token })))).toBe('NotAuthorizedException');
    expect((await b.send(new AdminGetUserCommand({ UserPoolId: id, Username: 'sam' }))).Enabled).toBe(false);
    await a.send(new AdminDeleteUserCommand({ UserPoolId: id, Username: 'sam' }));
    await a.send(new DeleteUserPoolClientCommand({ UserPoolId: id, ClientId: clientId }));
    expect(await errorName(b.send(new AdminGetUserCommand({ UserPoolId: id, Username: 'sam' })))).toBe('UserNotFoundException');
    expect((await b.send(new ListUsersCommand({ UserPoolId: id }))).Users).toEqual([]);
    expect(await errorName(b.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: clientId })))).toBe('ResourceNotFoundException');
  });
});

describe('read calls answer from shared pool and client records, and see every change at once', () => {
  let server: RunningServer;
  let c: CognitoIdentityProviderClient;
  beforeAll(async () => {
    server = await start();
    c = sdk(server.url);
  });
  afterAll(() => server?.close());

  async function pool(name: string) {
    const id = (await c.send(new CreateUserPoolCommand({ PoolName: name }))).UserPool!.Id!;
    const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: 'app' }))).UserPoolClient!.ClientId!;
    await c.send(
      new AdminCreateUserCommand({ UserPoolId: id, Username: 'ada', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'ada@example.com' }] }),
    );
    return { id, clientId };
  }

  it('DescribeUserPoolClient shows an update on the next call, and a deleted client is gone at once', async () => {
    const { id, clientId } = await pool('describe');
    const first = (await c.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: clientId }))).UserPoolClient!;
    expect(first.ClientName).toBe('app');
    await c.send(
      new UpdateUserPoolClientCommand({ UserPoolId: id, ClientId: clientId, ClientName: 'renamed', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }),
    );
    const second = (await c.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: clientId }))).UserPoolClient!;
    expect(second.ClientName).toBe('renamed');
    expect(second.ExplicitAuthFlows).toEqual(['ALLOW_USER_PASSWORD_AUTH']);
    // A second read of the same record answers the same (a shared record was not changed by the first answer).
    expect((await c.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: clientId }))).UserPoolClient).toEqual(second);
    await c.send(new DeleteUserPoolClientCommand({ UserPoolId: id, ClientId: clientId }));
    expect(await errorName(c.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: clientId })))).toBe('ResourceNotFoundException');
  });

  it('AdminGetUser and ListUsers show a changed attribute and a deleted user on the next call', async () => {
    const { id } = await pool('users');
    expect((await c.send(new AdminGetUserCommand({ UserPoolId: id, Username: 'ada' }))).UserAttributes).toContainEqual({
      Name: 'email',
      Value: 'ada@example.com',
    });
    await c.send(new AdminUpdateUserAttributesCommand({ UserPoolId: id, Username: 'ada', UserAttributes: [{ Name: 'email', Value: 'lovelace@example.com' }] }));
    expect((await c.send(new AdminGetUserCommand({ UserPoolId: id, Username: 'ada' }))).UserAttributes).toContainEqual({
      Name: 'email',
      Value: 'lovelace@example.com',
    });
    const listed = (await c.send(new ListUsersCommand({ UserPoolId: id, Limit: 10 }))).Users!;
    expect(listed.map(u => u.Attributes?.find(a => a.Name === 'email')?.Value)).toEqual(['lovelace@example.com']);
    await c.send(new AdminDeleteUserCommand({ UserPoolId: id, Username: 'ada' }));
    expect(await errorName(c.send(new AdminGetUserCommand({ UserPoolId: id, Username: 'ada' })))).toBe('UserNotFoundException');
    expect((await c.send(new ListUsersCommand({ UserPoolId: id, Limit: 10 }))).Users).toEqual([]);
  });

  it('GetUser and AdminGetUser (by username and by alias) see a change on the next call, and a disabled user is refused', async () => {
    const id = (await c.send(new CreateUserPoolCommand({ PoolName: 'get-user', AliasAttributes: ['email'] }))).UserPool!.Id!;
    const clientId = (
      await c.send(
        new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
      )
    ).UserPoolClient!.ClientId!;
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: id,
        Username: 'grace',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'grace@example.com' },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: 'Grace' },
        ],
      }),
    );
    await c.send(new AdminSetUserPasswordCommand({ UserPoolId: id, Username: 'grace', Password: 'Passw0rd!', Permanent: true }));
    const { AccessToken } = (
      await c.send(
        new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'grace', PASSWORD: 'Passw0rd!' } }),
      )
    ).AuthenticationResult!;
    const nameOf = (attributes: Array<{ Name?: string; Value?: string }> | undefined) => attributes?.find(a => a.Name === 'name')?.Value;
    expect(nameOf((await c.send(new GetUserCommand({ AccessToken }))).UserAttributes)).toBe('Grace');
    expect(nameOf((await c.send(new AdminGetUserCommand({ UserPoolId: id, Username: 'grace@example.com' }))).UserAttributes)).toBe('Grace');
    await c.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'name', Value: 'Grace Hopper' }] }));
    expect(nameOf((await c.send(new GetUserCommand({ AccessToken }))).UserAttributes)).toBe('Grace Hopper');
    expect(nameOf((await c.send(new AdminGetUserCommand({ UserPoolId: id, Username: 'grace' }))).UserAttributes)).toBe('Grace Hopper');
    const byAlias = await c.send(new AdminGetUserCommand({ UserPoolId: id, Username: 'grace@example.com' }));
    expect([byAlias.Username, nameOf(byAlias.UserAttributes)]).toEqual(['grace', 'Grace Hopper']);
    await c.send(new AdminDisableUserCommand({ UserPoolId: id, Username: 'grace' }));
    expect(await errorName(c.send(new GetUserCommand({ AccessToken })))).toBe('NotAuthorizedException');
    expect((await c.send(new AdminGetUserCommand({ UserPoolId: id, Username: 'grace' }))).Enabled).toBe(false);
  });

  it('a deleted pool refuses AdminGetUser, ListUsers and DescribeUserPoolClient on the very next call', async () => {
    const { id, clientId } = await pool('deleted');
    // Read everything once, so that whatever is kept is kept.
    await c.send(new AdminGetUserCommand({ UserPoolId: id, Username: 'ada' }));
    await c.send(new ListUsersCommand({ UserPoolId: id }));
    await c.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: clientId }));
    await c.send(new DeleteUserPoolCommand({ UserPoolId: id }));
    expect(await errorName(c.send(new AdminGetUserCommand({ UserPoolId: id, Username: 'ada' })))).toBe('ResourceNotFoundException');
    expect(await errorName(c.send(new ListUsersCommand({ UserPoolId: id })))).toBe('ResourceNotFoundException');
    expect(await errorName(c.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: clientId })))).toBe('ResourceNotFoundException');
  });
});

describe('POST /_local/clock and /_local/faults read their body once', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(() => server?.close());
  const post = (path: string, body: string) => fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('a JSON body is applied, garbage is a 400 that changes nothing, an empty body reads the state', async () => {
    const set = await post('/_local/clock', JSON.stringify({ offsetSeconds: 90 }));
    expect(set.status).toBe(200);
    expect(((await set.json()) as { offsetSeconds: number }).offsetSeconds).toBe(90);
    const garbage = await post('/_local/clock', '{"offsetSeconds":');
    expect(garbage.status).toBe(400);
    expect(((await garbage.json()) as { message: string }).message).toContain('JSON');
    const empty = await post('/_local/clock', '');
    expect(((await empty.json()) as { offsetSeconds: number }).offsetSeconds).toBe(90);

    const faults = await post('/_local/faults', JSON.stringify({ throttle: 0.5 }));
    expect(faults.status).toBe(200);
    expect(((await faults.json()) as { settings: { throttle?: number } }).settings.throttle).toBe(0.5);
    const bad = await post('/_local/faults', 'not json');
    expect(bad.status).toBe(400);
    const unchanged = await fetch(`${server.url}/_local/faults`);
    expect(((await unchanged.json()) as { settings: { throttle?: number } }).settings.throttle).toBe(0.5);
    await post('/_local/faults', '{}');
  });

  it('a body over the limit is refused in Cognito shape, not a 500', async () => {
    const big = await post('/_local/clock', JSON.stringify({ offsetSeconds: 1, pad: 'x'.repeat(200_000) }));
    expect(big.status).toBe(400);
    const body = (await big.json()) as { __type?: string; message?: string };
    expect(body.__type).toBe('InvalidParameterException');
  });
});
