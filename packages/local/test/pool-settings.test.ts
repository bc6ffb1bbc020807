/**
 * Pool settings that are stored and returned, through the AWS SDK: SetUICustomization /
 * GetUICustomization (CSS checked against the documented classes, the logo, per client or ALL, and
 * the stored CSS on the hosted /login page), managed login branding (one style per client), terms,
 * and log delivery configuration, each with Cognito's validation.
 */
import {
  CreateManagedLoginBrandingCommand,
  CreateTermsCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserImportJobCommand,
  CreateUserPoolDomainCommand,
  DeleteManagedLoginBrandingCommand,
  DeleteUserPoolCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolCommand,
  DeleteTermsCommand,
  DescribeManagedLoginBrandingByClientCommand,
  DescribeManagedLoginBrandingCommand,
  DescribeTermsCommand,
  GetLogDeliveryConfigurationCommand,
  GetUICustomizationCommand,
  ListTermsCommand,
  SetLogDeliveryConfigurationCommand,
  SetUICustomizationCommand,
  UpdateManagedLoginBrandingCommand,
  UpdateTermsCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { errorOf, sdk, start } from './helpers.js';

let server: RunningServer;
let client: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;
let otherClientId: string;

/** The smallest PNG: signature, IHDR, IDAT, IEND. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  server = await start();
  client = sdk(server.url);
  poolId = (await client.send(new CreateUserPoolCommand({ PoolName: 'settings' }))).UserPool!.Id!;
  const web = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'web',
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid'],
      CallbackURLs: ['https://app.example.com/callback'],
      SupportedIdentityProviders: ['COGNITO'],
    }),
  );
  clientId = web.UserPoolClient!.ClientId!;
  otherClientId = (await client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'other' }))).UserPoolClient!.ClientId!;
});
afterAll(() => server?.close());

describe('UI customization', () => {
  it('needs a domain, then stores CSS and a logo per client or for ALL, and the client setting wins', async () => {
    const noDomain = await errorOf(client.send(new SetUICustomizationCommand({ UserPoolId: poolId, CSS: '.banner-customizable { color: red; }' })));
    expect(noDomain.name).toBe('InvalidParameterException');
    await client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `settings-${Date.now()}` }));

    const all = await client.send(
      new SetUICustomizationCommand({ UserPoolId: poolId, CSS: '.banner-customizable { background-color: #123456; }', ImageFile: PNG }),
    );
    expect(all.UICustomization).toMatchObject({ UserPoolId: poolId, ClientId: 'ALL', CSS: '.banner-customizable { background-color: #123456; }' });
    expect(all.UICustomization!.ImageUrl).toBe(`data:image/png;base64,${PNG.toString('base64')}`);
    expect(all.UICustomization!.CSSVersion).toBeTruthy();
    expect(all.UICustomization!.CreationDate).toBeInstanceOf(Date);

    // A client without its own settings gets ALL's; with its own, only its own.
    expect((await client.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: otherClientId }))).UICustomization!.CSS).toBe(
      '.banner-customizable { background-color: #123456; }',
    );
    const css = '/* brand */ .submitButton-customizable { background-color: rgb(1, 2, 3); }\n.submitButton-customizable:hover { color: white; }';
    await client.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId, CSS: css }));
    const own = (await client.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId }))).UICustomization!;
    expect(own).toMatchObject({ ClientId: clientId, CSS: css });
    expect(own.ImageUrl).toBeUndefined();

    const unknownClient = await errorOf(client.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: 'nosuchclient0000000000000a', CSS: '' })));
    expect(unknownClient.name).toBe('ResourceNotFoundException');
  });

  it.each([
    ['a class outside the allow-list', '.mybutton { color: red; }'],
    ['an element selector', 'body { color: red; }'],
    ['@import', "@import 'https://evil.example/x.css';"],
    ['@media', '@media (min-width: 1px) { .banner-customizable { color: red; } }'],
    ['a style element break-out', '.banner-customizable { color: red; } </style><script>alert(1)</script>'],
    ['url()', '.banner-customizable { background-image: url(https://evil.example/x.png); }'],
    ['expression()', '.banner-customizable { width: expression(alert(1)); }'],
    ['javascript:', '.banner-customizable { background: javascript:alert(1); }'],
    ['a brace in a value', '.banner-customizable { color: red } } body { color: blue; }'],
    ['escapes', '.banner-customizable { color: \\72 ed; }'],
  ])('refuses CSS with %s', async (_name, css) => {
    const error = await errorOf(client.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: otherClientId, CSS: css })));
    expect(error.name).toBe('InvalidParameterException');
  });

  it('refuses a logo that is not a PNG or JPEG, or is over 100 KB', async () => {
    const gif = await errorOf(client.send(new SetUICustomizationCommand({ UserPoolId: poolId, ImageFile: Buffer.from('GIF89a......') })));
    expect(gif.name).toBe('InvalidParameterException');
    const big = Buffer.concat([PNG, Buffer.alloc(100 * 1024)]);
    expect((await errorOf(client.send(new SetUICustomizationCommand({ UserPoolId: poolId, ImageFile: big })))).name).toBe('InvalidParameterException');
  });

  it("the hosted /login page carries the client's CSS as parsed rules", async () => {
    const query = new URLSearchParams({ client_id: clientId, redirect_uri: 'https://app.example.com/callback', response_type: 'code', scope: 'openid' });
    const page = await (await fetch(`${server.url}/login?${query}`)).text();
    expect(page).toContain('{background-color:rgb(1, 2, 3)}');
    expect(page).toContain(':hover{color:white}');
    expect(page).not.toContain('/* brand */');
  });
});

describe('managed login branding', () => {
  it('one style per client, stored and returned faithfully, updated, deleted', async () => {
    const settings = {
      components: { primaryButton: { lightMode: { defaults: { backgroundColor: '0972d3ff' } } } },
      categories: { global: { colorSchemeMode: 'LIGHT' } },
    };
    const created = (
      await client.send(
        new CreateManagedLoginBrandingCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          Settings: settings,
          Assets: [{ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: PNG }],
        }),
      )
    ).ManagedLoginBranding!;
    expect(created.ManagedLoginBrandingId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created).toMatchObject({ UserPoolId: poolId, UseCognitoProvidedValues: false, Settings: settings });
    expect(Buffer.from(created.Assets![0]!.Bytes!).equals(PNG)).toBe(true);

    const again = await errorOf(client.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, UseCognitoProvidedValues: true })));
    expect(again.name).toBe('ManagedLoginBrandingExistsException');

    const byClient = (
      await client.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: clientId, ReturnMergedResources: true }))
    ).ManagedLoginBranding!;
    expect(byClient.ManagedLoginBrandingId).toBe(created.ManagedLoginBrandingId);
    expect(byClient.Settings).toEqual(settings);

    const both = await errorOf(
      client.send(
        new UpdateManagedLoginBrandingCommand({
          UserPoolId: poolId,
          ManagedLoginBrandingId: created.ManagedLoginBrandingId,
          UseCognitoProvidedValues: true,
          Settings: {},
        }),
      ),
    );
    expect(both.name).toBe('InvalidParameterException');
    const reset = (
      await client.send(
        new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: created.ManagedLoginBrandingId, UseCognitoProvidedValues: true }),
      )
    ).ManagedLoginBranding!;
    expect(reset.UseCognitoProvidedValues).toBe(true);
    expect(reset.Settings).toBeUndefined();
    expect(reset.Assets).toEqual([]);

    const badAsset = await errorOf(
      client.send(
        new CreateManagedLoginBrandingCommand({
          UserPoolId: poolId,
          ClientId: otherClientId,
          Assets: [{ Category: 'NOT_A_CATEGORY' as 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG' }],
        }),
      ),
    );
    expect(badAsset.name).toBe('InvalidParameterException');

    await client.send(new DeleteManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: created.ManagedLoginBrandingId }));
    const gone = await errorOf(
      client.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: created.ManagedLoginBrandingId })),
    );
    expect(gone.name).toBe('ResourceNotFoundException');
    expect((await errorOf(client.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: clientId })))).name).toBe(
      'ResourceNotFoundException',
    );
    // The client may have a style again once its old one is gone.
    await client.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, UseCognitoProvidedValues: true }));
  });
});

describe('terms', () => {
  it('creates, lists, describes, updates and deletes terms; names are unique per client', async () => {
    const links = { 'cognito:default': 'https://example.com/terms', 'cognito:spanish': 'https://example.com/es/terms' };
    const terms = (
      await client.send(
        new CreateTermsCommand({ UserPoolId: poolId, ClientId: clientId, TermsName: 'terms-of-use', TermsSource: 'LINK', Enforcement: 'NONE', Links: links }),
      )
    ).Terms!;
    expect(terms).toMatchObject({ UserPoolId: poolId, ClientId: clientId, TermsName: 'terms-of-use', TermsSource: 'LINK', Enforcement: 'NONE', Links: links });
    const privacy = (
      await client.send(
        new CreateTermsCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          TermsName: 'privacy-policy',
          TermsSource: 'LINK',
          Enforcement: 'NONE',
          Links: { 'cognito:default': 'https://example.com/privacy' },
        }),
      )
    ).Terms!;
    const duplicate = await errorOf(
      client.send(
        new CreateTermsCommand({ UserPoolId: poolId, ClientId: clientId, TermsName: 'terms-of-use', TermsSource: 'LINK', Enforcement: 'NONE', Links: links }),
      ),
    );
    expect(duplicate.name).toBe('TermsExistsException');
    const badLanguage = await errorOf(
      client.send(
        new CreateTermsCommand({
          UserPoolId: poolId,
          ClientId: otherClientId,
          TermsName: 'terms-of-use',
          TermsSource: 'LINK',
          Enforcement: 'NONE',
          Links: { klingon: 'https://x.example' },
        }),
      ),
    );
    expect(badLanguage.name).toBe('InvalidParameterException');
    const badEnforcement = await errorOf(
      client.send(
        new CreateTermsCommand({
          UserPoolId: poolId,
          ClientId: otherClientId,
          TermsName: 'terms-of-use',
          TermsSource: 'LINK',
          Enforcement: 'STRICT' as 'NONE',
          Links: links,
        }),
      ),
    );
    expect(badEnforcement.name).toBe('InvalidParameterException');

    const page1 = await client.send(new ListTermsCommand({ UserPoolId: poolId, MaxResults: 1 }));
    expect(page1.Terms!.map(t => t.TermsName)).toEqual(['terms-of-use']);
    const page2 = await client.send(new ListTermsCommand({ UserPoolId: poolId, MaxResults: 1, NextToken: page1.NextToken! }));
    expect(page2.Terms!.map(t => t.TermsId)).toEqual([privacy.TermsId]);
    expect(page2.NextToken).toBeUndefined();

    const renamed = await errorOf(client.send(new UpdateTermsCommand({ UserPoolId: poolId, TermsId: privacy.TermsId, TermsName: 'terms-of-use' })));
    expect(renamed.name).toBe('TermsExistsException');
    const updated = (
      await client.send(new UpdateTermsCommand({ UserPoolId: poolId, TermsId: terms.TermsId, Links: { 'cognito:default': 'https://example.com/v2' } }))
    ).Terms!;
    expect(updated.Links).toEqual({ 'cognito:default': 'https://example.com/v2' });
    expect((await client.send(new DescribeTermsCommand({ UserPoolId: poolId, TermsId: terms.TermsId }))).Terms!.Links).toEqual({
      'cognito:default': 'https://example.com/v2',
    });

    await client.send(new DeleteTermsCommand({ UserPoolId: poolId, TermsId: terms.TermsId }));
    expect((await errorOf(client.send(new DescribeTermsCommand({ UserPoolId: poolId, TermsId: terms.TermsId })))).name).toBe('ResourceNotFoundException');
  });
});

describe('log delivery configuration', () => {
  const group = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/cognito/settings';
  it('stores and returns a valid configuration', async () => {
    expect((await client.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: poolId }))).LogDeliveryConfiguration).toEqual({
      UserPoolId: poolId,
      LogConfigurations: [],
    });
    const LogConfigurations = [
      { EventSource: 'userNotification' as const, LogLevel: 'ERROR' as const, CloudWatchLogsConfiguration: { LogGroupArn: group } },
      { EventSource: 'userAuthEvents' as const, LogLevel: 'INFO' as const, S3Configuration: { BucketArn: 'arn:aws:s3:::cognito-logs' } },
    ];
    const set = await client.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: poolId, LogConfigurations }));
    expect(set.LogDeliveryConfiguration).toEqual({ UserPoolId: poolId, LogConfigurations });
    expect((await client.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: poolId }))).LogDeliveryConfiguration).toEqual({
      UserPoolId: poolId,
      LogConfigurations,
    });
  });

  it.each([
    ['userNotification at INFO', [{ EventSource: 'userNotification', LogLevel: 'INFO', CloudWatchLogsConfiguration: { LogGroupArn: group } }]],
    ['userNotification to S3', [{ EventSource: 'userNotification', LogLevel: 'ERROR', S3Configuration: { BucketArn: 'arn:aws:s3:::b' } }]],
    ['userAuthEvents at ERROR', [{ EventSource: 'userAuthEvents', LogLevel: 'ERROR', CloudWatchLogsConfiguration: { LogGroupArn: group } }]],
    ['no destination', [{ EventSource: 'userAuthEvents', LogLevel: 'INFO' }]],
    ['an unknown source', [{ EventSource: 'everything', LogLevel: 'INFO', CloudWatchLogsConfiguration: { LogGroupArn: group } }]],
    ['a malformed ARN', [{ EventSource: 'userNotification', LogLevel: 'ERROR', CloudWatchLogsConfiguration: { LogGroupArn: 'log-group-please' } }]],
    [
      'the same source twice',
      [
        { EventSource: 'userNotification', LogLevel: 'ERROR', CloudWatchLogsConfiguration: { LogGroupArn: group } },
        { EventSource: 'userNotification', LogLevel: 'ERROR', CloudWatchLogsConfiguration: { LogGroupArn: group } },
      ],
    ],
  ])('refuses %s', async (_name, LogConfigurations) => {
    const error = await errorOf(client.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: poolId, LogConfigurations: LogConfigurations as never })));
    expect(error.name).toBe('InvalidParameterException');
  });
});

describe('DeleteUserPool', () => {
  it("forgets the pool's settings and import jobs with it", async () => {
    const doomed = (await client.send(new CreateUserPoolCommand({ PoolName: 'doomed' }))).UserPool!.Id!;
    const app = (await client.send(new CreateUserPoolClientCommand({ UserPoolId: doomed, ClientName: 'app' }))).UserPoolClient!.ClientId!;
    await client.send(new CreateUserPoolDomainCommand({ UserPoolId: doomed, Domain: `doomed-${Date.now()}` }));
    await client.send(new SetUICustomizationCommand({ UserPoolId: doomed, CSS: '.banner-customizable { color: red; }' }));
    await client.send(new CreateManagedLoginBrandingCommand({ UserPoolId: doomed, ClientId: app, UseCognitoProvidedValues: true }));
    await client.send(
      new CreateTermsCommand({
        UserPoolId: doomed,
        ClientId: app,
        TermsName: 'terms-of-use',
        TermsSource: 'LINK',
        Enforcement: 'NONE',
        Links: { 'cognito:default': 'https://x.example' },
      }),
    );
    await client.send(
      new SetLogDeliveryConfigurationCommand({
        UserPoolId: doomed,
        LogConfigurations: [
          {
            EventSource: 'userNotification',
            LogLevel: 'ERROR',
            CloudWatchLogsConfiguration: { LogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:x' },
          },
        ],
      }),
    );
    await client.send(new CreateUserImportJobCommand({ UserPoolId: doomed, JobName: 'j', CloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/x' }));
    const store = server.local.services.store;
    expect(store.count('poolSetting', `${doomed}/`)).toBeGreaterThan(0);
    expect(store.count('importJob', `${doomed}/`)).toBe(1);
    await client.send(
      new DeleteUserPoolDomainCommand({
        UserPoolId: doomed,
        Domain: (await client.send(new DescribeUserPoolCommand({ UserPoolId: doomed }))).UserPool!.Domain!,
      }),
    );
    await client.send(new DeleteUserPoolCommand({ UserPoolId: doomed }));
    expect(store.count('poolSetting', `${doomed}/`)).toBe(0);
    expect(store.count('importJob', `${doomed}/`)).toBe(0);
  });
});
