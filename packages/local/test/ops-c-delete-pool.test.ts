/**
 * DeleteUserPool takes every record of the pool with it: a pool is given one of everything through
 * the AWS SDK (users, aliases, tokens, devices, messages, groups, app clients, a domain, a resource
 * server, an identity provider and a link to it, auth events, risk settings, an import job, terms,
 * session settings, a replica, signing keys, the existence secret of an unknown-user sign-in, an
 * open auth session), deleted, and then the SQLite file under `--data` must hold no row whose key
 * or value names the pool.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminLinkProviderForUserCommand,
  ConfirmDeviceCommand,
  CreateGroupCommand,
  CreateIdentityProviderCommand,
  CreateResourceServerCommand,
  CreateTermsCommand,
  CreateUserImportJobCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  CreateUserPoolReplicaCommand,
  DeleteUserPoolCommand,
  GetSigningCertificateCommand,
  InitiateAuthCommand,
  SetRiskConfigurationCommand,
  SetUserPoolSessionConfigurationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call, sdk, start } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'cognate-opsc-delete-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Row {
  kind: string;
  key: string;
  value: string;
}

function rowsNaming(poolId: string): Row[] {
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (
    path: string,
    options: { readonly: boolean },
  ) => {
    prepare(sql: string): { all(...args: unknown[]): Row[] };
    close(): void;
  };
  const db = new Database(join(dir, 'cognate-local.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT kind, key, value FROM kv WHERE instr(key, ?) > 0 OR instr(value, ?) > 0 ORDER BY kind, key').all(poolId, poolId);
  } finally {
    db.close();
  }
}

describe('DeleteUserPool', () => {
  it('leaves no record of the pool in the store', async () => {
    const server = await start({ dataDir: dir });
    const idp = sdk(server.url);
    const { UserPool } = await idp.send(
      new CreateUserPoolCommand({
        PoolName: 'doomed',
        AliasAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: true },
      }),
    );
    const poolId = UserPool!.Id!;
    const { UserPoolClient } = await idp.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'app',
        PreventUserExistenceErrors: 'ENABLED',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const clientId = UserPoolClient!.ClientId!;
    await idp.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'dora',
        TemporaryPassword: 'Passw0rd!',
        UserAttributes: [
          { Name: 'email', Value: 'dora@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await call(server.url, 'AdminSetUserPassword', { UserPoolId: poolId, Username: 'dora', Password: 'Passw0rd!', Permanent: true });
    const signedIn = await idp.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'dora', PASSWORD: 'Passw0rd!' } }),
    );
    const device = signedIn.AuthenticationResult!.NewDeviceMetadata!;
    await idp.send(
      new ConfirmDeviceCommand({
        AccessToken: signedIn.AuthenticationResult!.AccessToken,
        DeviceKey: device.DeviceKey,
        DeviceName: 'laptop',
        DeviceSecretVerifierConfig: { PasswordVerifier: Buffer.alloc(384, 7).toString('base64'), Salt: Buffer.alloc(16, 3).toString('base64') },
      }),
    );
    // An unknown user on a client that hides existence: the pool's existence secret, and an SRP session.
    await idp.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'ghost', SRP_A: 'ab'.repeat(384) } }));
    await idp.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'staff' }));
    await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'dora', GroupName: 'staff' }));
    await idp.send(
      new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'api', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'r' }] }),
    );
    await idp.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'Corp',
        ProviderType: 'OIDC',
        ProviderDetails: {
          client_id: 'c',
          client_secret: 's',
          oidc_issuer: 'https://idp.example.com',
          authorize_scopes: 'openid',
          attributes_request_method: 'GET',
        },
      }),
    );
    await idp.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: poolId,
        DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'dora' },
        SourceUser: { ProviderName: 'Corp', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'corp-1' },
      }),
    );
    await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'doomed-domain' }));
    await idp.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, RiskExceptionConfiguration: { BlockedIPRangeList: ['192.0.2.0/24'] } }));
    await idp.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'import', CloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/logs' }));
    await idp.send(
      new CreateTermsCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        TermsName: 'terms-of-use',
        TermsSource: 'LINK',
        Enforcement: 'NONE',
        Links: { 'cognito:default': 'https://example.com/terms' },
      }),
    );
    await idp.send(new SetUserPoolSessionConfigurationCommand({ UserPoolId: poolId, UserSessionTracking: 'ENABLED', TokenSession: { MaxPerUser: 5 } }));
    await idp.send(new CreateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: 'eu-west-1' }));
    await idp.send(new GetSigningCertificateCommand({ UserPoolId: poolId }));

    // A second pool, untouched by the deletion.
    const { UserPool: other } = await idp.send(new CreateUserPoolCommand({ PoolName: 'kept' }));
    await idp.send(new AdminCreateUserCommand({ UserPoolId: other!.Id, Username: 'kim', MessageAction: 'SUPPRESS' }));

    const before = new Set(rowsNaming(poolId).map(r => r.kind));
    for (const kind of [
      'pool',
      'client',
      'user',
      'alias',
      'family',
      'refresh',
      'device',
      'message',
      'group',
      'groupMember',
      'userGroup',
      'resourceServer',
      'idp',
    ])
      expect(before, kind).toContain(kind);
    for (const kind of ['providerLink', 'domain', 'authEvent', 'risk', 'importJob', 'poolSetting', 'keys', 'meta', 'session'])
      expect(before, kind).toContain(kind);

    await idp.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
    await server.close();

    expect(rowsNaming(poolId).map(r => `${r.kind} ${r.key}`)).toEqual([]);
    expect(rowsNaming(other!.Id!).map(r => r.kind)).toEqual(expect.arrayContaining(['pool', 'user']));
  });
});
