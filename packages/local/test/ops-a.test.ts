/**
 * Operations of issue 17 (first half), through the AWS SDK v3 against a real cognate-local:
 * tags on user pools, client secret rotation, the signing certificate, the legacy MFAOptions
 * settings and GetUserAuthFactors.
 */
import {
  AddUserPoolClientSecretCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserSettingsCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolClientSecretCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetSigningCertificateCommand,
  GetUserAuthFactorsCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListTagsForResourceCommand,
  ListUserPoolClientSecretsCommand,
  SetUserSettingsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { createHmac, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { call, errorName, errorOf, sdk, start } from './helpers.js';

let server: RunningServer;
let idp: CognitoIdentityProviderClient;

beforeAll(async () => {
  server = await start();
  idp = sdk(server.url);
});
afterAll(() => server?.close());

async function newPool(extra: Record<string, unknown> = {}) {
  const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'opsa', ...extra }));
  return UserPool!;
}

async function newUser(poolId: string, username: string, attributes: Record<string, string> = {}, password = 'Passw0rd!') {
  await idp.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      TemporaryPassword: password,
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
  await call(server.url, 'AdminSetUserPassword', { UserPoolId: poolId, Username: username, Password: password, Permanent: true });
}

describe('tags on user pools', () => {
  it('creates with UserPoolTags, tags, untags and lists by ARN', async () => {
    const pool = await newPool({ UserPoolTags: { team: 'auth', stage: 'dev' } });
    expect(pool.UserPoolTags).toEqual({ team: 'auth', stage: 'dev' });
    const arn = pool.Arn!;
    expect(arn).toMatch(/^arn:aws:cognito-idp:us-east-1:\d{12}:userpool\/us-east-1_\w+$/);
    await idp.send(new TagResourceCommand({ ResourceArn: arn, Tags: { stage: 'prod', cost: '' } }));
    expect((await idp.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({ team: 'auth', stage: 'prod', cost: '' });
    await idp.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['team', 'absent'] }));
    expect((await idp.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({ stage: 'prod', cost: '' });
    const described = (await idp.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id! }))).UserPool!;
    expect(described.UserPoolTags).toEqual({ stage: 'prod', cost: '' });
    await idp.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id!, UserPoolTags: { only: 'this' } }));
    expect((await idp.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({ only: 'this' });
  });

  it('keeps the limits: 50 tags, keys 1-128, values up to 256; unknown ARNs are not found', async () => {
    const pool = await newPool();
    const arn = pool.Arn!;
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    await idp.send(new TagResourceCommand({ ResourceArn: arn, Tags: fifty }));
    expect(await errorName(idp.send(new TagResourceCommand({ ResourceArn: arn, Tags: { one: 'more' } })))).toBe('InvalidParameterException');
    // Replacing an existing key stays within the limit.
    await idp.send(new TagResourceCommand({ ResourceArn: arn, Tags: { k0: 'changed' } }));
    expect((await idp.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags!.k0).toBe('changed');
    const other = await newPool();
    expect(await errorName(idp.send(new TagResourceCommand({ ResourceArn: other.Arn!, Tags: { ['k'.repeat(129)]: 'v' } })))).toBe('InvalidParameterException');
    expect(await errorName(idp.send(new TagResourceCommand({ ResourceArn: other.Arn!, Tags: { k: 'v'.repeat(257) } })))).toBe('InvalidParameterException');
    expect(await errorName(idp.send(new TagResourceCommand({ ResourceArn: other.Arn!, Tags: { '': 'v' } })))).toBe('InvalidParameterException');
    expect(await errorName(newPool({ UserPoolTags: { ...fifty, extra: 'x' } }))).toBe('InvalidParameterException');
    const unknown = arn.replace(/userpool\/.*$/, 'userpool/us-east-1_Nope12345');
    const error = await errorOf(idp.send(new ListTagsForResourceCommand({ ResourceArn: unknown })));
    expect(error.name).toBe('ResourceNotFoundException');
    expect(await errorName(idp.send(new ListTagsForResourceCommand({ ResourceArn: 'arn:aws:s3:::some-bucket-name' })))).toBe('InvalidParameterException');
  });
});

describe('client secrets', () => {
  const hash = (secret: string, username: string, clientId: string) =>
    createHmac('sha256', secret)
      .update(username + clientId)
      .digest('base64');

  it('adds a second secret, accepts both, lists without values, refuses a third and the last delete', async () => {
    const pool = await newPool();
    const poolId = pool.Id!;
    const { UserPoolClient: client } = await idp.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'backend',
        GenerateSecret: true,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const clientId = client!.ClientId!;
    const first = client!.ClientSecret!;
    await newUser(poolId, 'sam');
    const signIn = (secret: string) =>
      idp.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'sam', PASSWORD: 'Passw0rd!', SECRET_HASH: hash(secret, 'sam', clientId) },
        }),
      );
    const before = (await idp.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId }))).ClientSecrets!;
    expect(before).toHaveLength(1);
    expect(before[0]!.ClientSecretId).toMatch(new RegExp(`^${clientId}--\\d+$`));
    expect(before[0]!.ClientSecretValue).toBeUndefined();

    const added = (await idp.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId }))).ClientSecretDescriptor!;
    expect(added.ClientSecretValue).toMatch(/^\w{24,64}$/);
    expect(added.ClientSecretCreateDate).toBeInstanceOf(Date);
    const second = added.ClientSecretValue!;
    expect((await signIn(first)).AuthenticationResult?.AccessToken).toBeTruthy();
    expect((await signIn(second)).AuthenticationResult?.AccessToken).toBeTruthy();
    expect(await errorName(signIn('x'.repeat(40)))).toBe('NotAuthorizedException');
    // An update of the client keeps both secrets.
    await idp.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ClientName: 'backend2',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    expect((await signIn(first)).AuthenticationResult?.AccessToken).toBeTruthy();
    expect((await signIn(second)).AuthenticationResult?.AccessToken).toBeTruthy();

    // Both secrets authenticate the client at /oauth2/token too (a refresh grant here).
    const refresh = (await signIn(second)).AuthenticationResult!.RefreshToken!;
    for (const secret of [first, second]) {
      const res = await fetch(`${server.url}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refresh }),
      });
      expect(res.status).toBe(200);
    }
    const wrong = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${clientId}:${'y'.repeat(40)}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refresh }),
    });
    expect(wrong.status).toBe(401);

    const listed = (await idp.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId }))).ClientSecrets!;
    expect(listed.map(s => s.ClientSecretId)).toEqual([before[0]!.ClientSecretId, added.ClientSecretId]);
    expect(listed.every(s => s.ClientSecretValue === undefined)).toBe(true);
    // Describe shows one ClientSecret, never the list kept for rotation.
    const described = (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }))).UserPoolClient!;
    expect(described.ClientSecret).toBe(first);
    expect(Object.keys(described)).not.toContain('ClientSecrets');

    expect(await errorName(idp.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId })))).toBe('LimitExceededException');

    // Rotating out the first secret: it stops working, the second goes on.
    await idp.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecretId: before[0]!.ClientSecretId! }));
    expect(await errorName(signIn(first))).toBe('NotAuthorizedException');
    expect((await signIn(second)).AuthenticationResult?.AccessToken).toBeTruthy();
    const last = await errorOf(
      idp.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecretId: added.ClientSecretId! })),
    );
    expect(last.name).toBe('InvalidParameterException');
    expect(await errorName(idp.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecretId: 'nope' })))).toBe(
      'ResourceNotFoundException',
    );

    // A secret of one's own: accepted, and its value is not echoed back.
    const own = 'OwnSecretValue_0123456789abcdef';
    const mine = (await idp.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecret: own }))).ClientSecretDescriptor!;
    expect(mine.ClientSecretValue).toBeUndefined();
    expect((await signIn(own)).AuthenticationResult?.AccessToken).toBeTruthy();
    expect(await errorName(idp.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecret: 'short' })))).toBe(
      'InvalidParameterException',
    );
  });

  it('refuses a secret for a public client', async () => {
    const pool = await newPool();
    const { UserPoolClient: client } = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: pool.Id!, ClientName: 'spa' }));
    expect(await errorName(idp.send(new AddUserPoolClientSecretCommand({ UserPoolId: pool.Id!, ClientId: client!.ClientId! })))).toBe(
      'InvalidParameterException',
    );
    expect((await idp.send(new ListUserPoolClientSecretsCommand({ UserPoolId: pool.Id!, ClientId: client!.ClientId! }))).ClientSecrets).toEqual([]);
  });
});

describe('GetSigningCertificate', () => {
  it("returns a self-signed X.509 certificate for the pool's signing key, the same on every call", async () => {
    const pool = await newPool();
    const { Certificate } = await idp.send(new GetSigningCertificateCommand({ UserPoolId: pool.Id! }));
    const cert = new X509Certificate(Buffer.from(Certificate!, 'base64'));
    expect(cert.subject).toBe(`CN=${pool.Id}`);
    expect(cert.issuer).toBe(`CN=${pool.Id}`);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(new Date(cert.validFrom).getTime()).toBeLessThanOrEqual(Date.now());
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now() + 365 * 86400_000);
    // The key is the pool's token-signing key, as published in its JWKS.
    const jwks = (await (await fetch(`${server.url}/${pool.Id}/.well-known/jwks.json`)).json()) as { keys: Array<{ n: string }> };
    const n = (cert.publicKey.export({ format: 'jwk' }) as { n: string }).n;
    expect(jwks.keys.map(k => k.n)).toContain(n);
    expect(cert.publicKey.asymmetricKeyType).toBe('rsa');
    expect((await idp.send(new GetSigningCertificateCommand({ UserPoolId: pool.Id! }))).Certificate).toBe(Certificate);
    expect(await errorName(idp.send(new GetSigningCertificateCommand({ UserPoolId: 'us-east-1_Missing99' })))).toBe('ResourceNotFoundException');
  });
});

describe('legacy MFAOptions and GetUserAuthFactors', () => {
  it('AdminSetUserSettings / SetUserSettings turn SMS MFA on and off, and GetUser / AdminGetUser show it', async () => {
    const pool = await newPool({ MfaConfiguration: 'OPTIONAL', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } });
    const poolId = pool.Id!;
    const { UserPoolClient: client } = await idp.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'c',
        ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    await newUser(poolId, 'pat', { phone_number: '+15555550100', email: 'pat@example.com', email_verified: 'true' });
    const tokens = (
      await idp.send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: client!.ClientId!,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'pat', PASSWORD: 'Passw0rd!' },
        }),
      )
    ).AuthenticationResult!;

    const factors = await idp.send(new GetUserAuthFactorsCommand({ AccessToken: tokens.AccessToken! }));
    expect(factors.Username).toBe('pat');
    expect(factors.ConfiguredUserAuthFactors).toEqual(['PASSWORD', 'EMAIL_OTP']);
    expect(factors.UserMFASettingList).toBeUndefined();

    await idp.send(
      new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: 'pat', MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }),
    );
    const admin = await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'pat' }));
    expect(admin.MFAOptions).toEqual([{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
    expect(admin.UserMFASettingList).toEqual(['SMS_MFA']);
    expect((await idp.send(new GetUserAuthFactorsCommand({ AccessToken: tokens.AccessToken! }))).UserMFASettingList).toEqual(['SMS_MFA']);
    // The setting is applied: the next sign-in asks for the SMS code.
    const next = await idp.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: client!.ClientId!,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'pat', PASSWORD: 'Passw0rd!' },
      }),
    );
    expect(next.ChallengeName).toBe('SMS_MFA');

    await idp.send(new SetUserSettingsCommand({ AccessToken: tokens.AccessToken!, MFAOptions: [] }));
    const user = await idp.send(new GetUserCommand({ AccessToken: tokens.AccessToken! }));
    expect(user.MFAOptions).toBeUndefined();
    expect(user.UserMFASettingList).toBeUndefined();
    await idp.send(new SetUserSettingsCommand({ AccessToken: tokens.AccessToken!, MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }));
    expect((await idp.send(new GetUserCommand({ AccessToken: tokens.AccessToken! }))).MFAOptions).toEqual([
      { DeliveryMedium: 'SMS', AttributeName: 'phone_number' },
    ]);

    expect(
      await errorName(
        idp.send(new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: 'pat', MFAOptions: [{ DeliveryMedium: 'EMAIL', AttributeName: 'email' }] })),
      ),
    ).toBe('InvalidParameterException');
    expect(await errorName(idp.send(new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: 'nobody', MFAOptions: [] })))).toBe(
      'UserNotFoundException',
    );
    await newUser(poolId, 'nophone');
    expect(
      await errorName(
        idp.send(
          new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: 'nophone', MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }),
        ),
      ),
    ).toBe('InvalidParameterException');
    expect(await errorName(idp.send(new GetUserAuthFactorsCommand({ AccessToken: 'not.a.token' })))).toBe('NotAuthorizedException');
  });
});
