/**
 * Developer-authenticated identities through `@aws-sdk/client-cognito-identity`:
 * GetOpenIdTokenForDeveloperIdentity (one identity per developer user, linking to a given identity,
 * TokenDuration), the token presented to GetCredentialsForIdentity as the
 * `cognito-identity.amazonaws.com` login, LookupDeveloperIdentity, MergeDeveloperIdentities and
 * UnlinkDeveloperIdentity, with the pool's DeveloperProviderName and Cognito-shaped errors.
 */
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  DescribeIdentityCommand,
  GetCredentialsForIdentityCommand,
  GetOpenIdTokenForDeveloperIdentityCommand,
  LookupDeveloperIdentityCommand,
  MergeDeveloperIdentitiesCommand,
  SetIdentityPoolRolesCommand,
  UnlinkDeveloperIdentityCommand,
} from '@aws-sdk/client-cognito-identity';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { errorOf, start } from './helpers.js';

const DEV = 'login.example.app';
const AUTH = 'arn:aws:iam::123456789012:role/Authenticated';

let server: RunningServer;
let ci: CognitoIdentityClient;
let poolId: string;
let plainPoolId: string;

beforeAll(async () => {
  server = await start();
  ci = new CognitoIdentityClient({
    region: 'us-east-1',
    endpoint: server.url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  poolId = (await ci.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'dev', AllowUnauthenticatedIdentities: false, DeveloperProviderName: DEV })))
    .IdentityPoolId!;
  await ci.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { authenticated: AUTH } }));
  plainPoolId = (await ci.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'plain', AllowUnauthenticatedIdentities: true }))).IdentityPoolId!;
});
afterAll(() => server?.close());

const tokenFor = (user: string, extra: { IdentityId?: string; TokenDuration?: number } = {}) =>
  ci.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { [DEV]: user }, ...extra }));

describe('developer-authenticated identities', () => {
  it('one identity per developer user; the OpenID token is verifiable and lasts TokenDuration', async () => {
    const first = await tokenFor('user-1', { TokenDuration: 3600 });
    const again = await tokenFor('user-1');
    expect(again.IdentityId).toBe(first.IdentityId);
    expect((await tokenFor('user-other')).IdentityId).not.toBe(first.IdentityId);
    const jwks = createRemoteJWKSet(new URL(`${server.url}/identity/.well-known/jwks.json`));
    const { payload } = await jwtVerify(first.Token!, jwks, { audience: poolId });
    expect(payload.sub).toBe(first.IdentityId);
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(payload.amr).toContain('authenticated');
    expect((await ci.send(new DescribeIdentityCommand({ IdentityId: first.IdentityId! }))).Logins).toEqual([DEV]);
  });

  it('the token gets credentials for its identity through the cognito-identity.amazonaws.com login, and no other identity', async () => {
    const { IdentityId, Token } = await tokenFor('user-1');
    const creds = await ci.send(new GetCredentialsForIdentityCommand({ IdentityId: IdentityId!, Logins: { 'cognito-identity.amazonaws.com': Token! } }));
    expect(creds.IdentityId).toBe(IdentityId);
    expect(creds.Credentials!.AccessKeyId).toMatch(/^ASIA/);
    const session = JSON.parse(Buffer.from(creds.Credentials!.SessionToken!.slice('IQoJb3JpZ2luX2VjE'.length).split('.')[0]!, 'base64url').toString('utf8'));
    expect(session.roleArn).toBe(AUTH);
    const other = (await tokenFor('user-other')).IdentityId!;
    const wrong = await errorOf(ci.send(new GetCredentialsForIdentityCommand({ IdentityId: other, Logins: { 'cognito-identity.amazonaws.com': Token! } })));
    expect(wrong.name).toBe('NotAuthorizedException');
    const tampered = await errorOf(
      ci.send(new GetCredentialsForIdentityCommand({ IdentityId: IdentityId!, Logins: { 'cognito-identity.amazonaws.com': `${Token!.slice(0, -4)}AAAA` } })),
    );
    expect(tampered.name).toBe('NotAuthorizedException');
  });

  it('a pool without an authenticated role gives a developer identity no credentials: InvalidIdentityPoolConfigurationException', async () => {
    const bare = (
      await ci.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'dev-bare', AllowUnauthenticatedIdentities: true, DeveloperProviderName: DEV }))
    ).IdentityPoolId!;
    const refused = async () => {
      const { IdentityId, Token } = await ci.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: bare, Logins: { [DEV]: 'bare-user' } }));
      return errorOf(ci.send(new GetCredentialsForIdentityCommand({ IdentityId: IdentityId!, Logins: { 'cognito-identity.amazonaws.com': Token! } })));
    };
    const check = (error: Error) => {
      expect(error.name).toBe('InvalidIdentityPoolConfigurationException');
      expect(error.message).toBe('Invalid identity pool configuration. Check assigned IAM roles for this pool.');
    };
    check(await refused());
    // An unauthenticated role alone does not serve an authenticated identity.
    await ci.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: bare, Roles: { unauthenticated: 'arn:aws:iam::123456789012:role/Unauthenticated' } }));
    check(await refused());
  });

  it('links a second developer user to an existing identity; LookupDeveloperIdentity finds both ways', async () => {
    const { IdentityId } = await tokenFor('user-1');
    expect((await tokenFor('user-2', { IdentityId: IdentityId! })).IdentityId).toBe(IdentityId);
    const byUser = await ci.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, DeveloperUserIdentifier: 'user-2', MaxResults: 10 }));
    expect(byUser.IdentityId).toBe(IdentityId);
    expect(byUser.DeveloperUserIdentifierList!.sort()).toEqual(['user-1', 'user-2']);
    const paged = await ci.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: IdentityId!, MaxResults: 1 }));
    expect(paged.DeveloperUserIdentifierList).toHaveLength(1);
    const rest = await ci.send(
      new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: IdentityId!, MaxResults: 1, NextToken: paged.NextToken! }),
    );
    expect([...paged.DeveloperUserIdentifierList!, ...rest.DeveloperUserIdentifierList!].sort()).toEqual(['user-1', 'user-2']);
    expect(rest.NextToken).toBeUndefined();
    // A developer user already linked elsewhere cannot be linked to this identity.
    expect((await errorOf(tokenFor('user-other', { IdentityId: IdentityId! }))).name).toBe('ResourceConflictException');
    expect(
      (await errorOf(ci.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, DeveloperUserIdentifier: 'nobody', MaxResults: 1 })))).name,
    ).toBe('ResourceNotFoundException');
  });

  it("MergeDeveloperIdentities moves the source's identity into the destination's; UnlinkDeveloperIdentity removes one user", async () => {
    const destination = (await tokenFor('user-1')).IdentityId!;
    const source = (await tokenFor('user-3')).IdentityId!;
    expect(source).not.toBe(destination);
    const merged = await ci.send(
      new MergeDeveloperIdentitiesCommand({
        IdentityPoolId: poolId,
        DeveloperProviderName: DEV,
        SourceUserIdentifier: 'user-3',
        DestinationUserIdentifier: 'user-1',
      }),
    );
    expect(merged.IdentityId).toBe(destination);
    expect((await tokenFor('user-3')).IdentityId).toBe(destination);
    expect((await errorOf(ci.send(new DescribeIdentityCommand({ IdentityId: source })))).name).toBe('ResourceNotFoundException');
    const wrongProvider = await errorOf(
      ci.send(
        new MergeDeveloperIdentitiesCommand({
          IdentityPoolId: poolId,
          DeveloperProviderName: 'other.app',
          SourceUserIdentifier: 'user-3',
          DestinationUserIdentifier: 'user-1',
        }),
      ),
    );
    expect(wrongProvider.name).toBe('ResourceNotFoundException');

    await ci.send(
      new UnlinkDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: destination, DeveloperProviderName: DEV, DeveloperUserIdentifier: 'user-2' }),
    );
    const lookup = await ci.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: destination, MaxResults: 10 }));
    expect(lookup.DeveloperUserIdentifierList!.sort()).toEqual(['user-1', 'user-3']);
    // Unlinked, user-2 is a new identity next time.
    expect((await tokenFor('user-2')).IdentityId).not.toBe(destination);
    const notLinked = await errorOf(
      ci.send(
        new UnlinkDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: destination, DeveloperProviderName: DEV, DeveloperUserIdentifier: 'user-2' }),
      ),
    );
    expect(notLinked.name).toBe('ResourceNotFoundException');
  });

  it("needs the pool's DeveloperProviderName in Logins, and a pool that has one", async () => {
    const missing = await errorOf(ci.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { 'other.app': 'user-1' } })));
    expect(missing.name).toBe('NotAuthorizedException');
    const noDeveloper = await errorOf(ci.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: plainPoolId, Logins: { [DEV]: 'user-1' } })));
    expect(noDeveloper.name).toBe('NotAuthorizedException');
    const tooLong = await errorOf(
      ci.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { [DEV]: 'u' }, TokenDuration: 86401 })),
    );
    expect(tooLong.name).toBe('ValidationException');
  });
});
