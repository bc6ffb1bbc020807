/**
 * configFromTemplate / `--template` beyond the CDK sample (template-cdk.test.ts): a YAML template
 * with CloudFormation's short-form tags, parameters, mappings and conditions, every Cognito resource
 * type checked through the AWS SDK; Ref / Fn::GetAtt resolution and stable ids; the errors for what
 * cannot be honoured (an unsupported intrinsic function names itself and where it is); and an Amplify
 * Gen 2 amplify_outputs.json given as input, which comes back out with the same ids and settings
 * and works unchanged (plus the endpoint) for aws-amplify.
 */
import {
  CognitoIdentityClient,
  DescribeIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity';
import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  DescribeIdentityProviderCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  GetGroupCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut, signUp } from 'aws-amplify/auth';
import { parseAmplifyConfig } from 'aws-amplify/utils';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, configFromTemplate, type RunningServer, type TemplateResult } from '../src/index.js';
import { BIN, errorOf, sdk, start, startCli, TEST_CREDENTIALS } from './helpers.js';

const data = (name: string) => fileURLToPath(new URL(`./data/template/${name}`, import.meta.url));
const YAML_TEMPLATE = readFileSync(data('stack.yaml'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'cognate-template-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The ConfigError configFromTemplate throws for `template`, as its problem lines. */
async function problems(template: string | Record<string, unknown>): Promise<string[]> {
  try {
    await configFromTemplate(template);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the template was accepted');
}

const pool = (Properties: Record<string, unknown> = {}) => ({ Type: 'AWS::Cognito::UserPool', Properties });

describe('a YAML template with short-form tags, through the AWS SDK', () => {
  let server: RunningServer;
  let result: TemplateResult;
  let poolId: string;
  let webClientId: string;
  let serverClientId: string;

  beforeAll(async () => {
    result = await configFromTemplate(YAML_TEMPLATE, { stackName: 'orders' });
    server = await start({ config: result.config });
    poolId = result.config.userPools![0]!.Id!;
    const clients = await sdk(server.url).send(new ListUserPoolClientsCommand({ UserPoolId: poolId }));
    webClientId = clients.UserPoolClients!.find(c => c.ClientName === 'dev-web')!.ClientId!;
    serverClientId = clients.UserPoolClients!.find(c => c.ClientName === 'ServerClient')!.ClientId!;
  });
  afterAll(() => server?.close());

  it('creates only the pool whose condition holds, named by !Sub with AWS::StackName and a parameter default', async () => {
    const { UserPools } = await sdk(server.url).send(new ListUserPoolsCommand({ MaxResults: 10 }));
    expect(UserPools?.map(p => p.Name)).toEqual(['orders-dev-users']);
    expect(result.skipped).toEqual([{ logicalId: 'SmsRole', type: 'AWS::IAM::Role', referenced: true }]);
    expect(result.notes).toEqual(['MessageAction SUPPRESS: bob gets no temporary password (set one with AdminSetUserPassword)'].map(n => `Bob: ${n}`));
  });

  it('UserPool: policy (a Number parameter, !If on a condition), schema with constraints, aliases, recovery, tags, SMS role placeholder', async () => {
    const { UserPool } = await sdk(server.url).send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool?.Policies?.PasswordPolicy).toMatchObject({
      MinimumLength: 12,
      RequireLowercase: true,
      RequireUppercase: false,
      RequireNumbers: true,
      RequireSymbols: false,
      TemporaryPasswordValidityDays: 2,
    });
    expect(UserPool?.AliasAttributes).toEqual(['email', 'preferred_username']);
    expect(UserPool?.MfaConfiguration).toBe('OFF');
    expect(UserPool?.AccountRecoverySetting).toEqual({ RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] });
    expect(UserPool?.UserPoolTags).toEqual({ stage: 'dev', region: 'us-east-1' });
    expect(UserPool?.SmsConfiguration).toEqual({ ExternalId: 'orders-external', SnsCallerArn: 'arn:aws:iam::000000000000:role/SmsRole' });
    const attribute = (name: string) => UserPool?.SchemaAttributes?.find(a => a.Name === name);
    expect(attribute('custom:plan')).toMatchObject({ AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '2', MaxLength: '20' } });
    expect(attribute('custom:seats')).toMatchObject({ AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '1', MaxValue: '500' } });
  });

  it('UserPoolClient: scopes from !Join over a resource server Ref, the callback from !FindInMap in !Sub, !Select, an IdP by Ref, validity units', async () => {
    const { UserPoolClient } = await sdk(server.url).send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: webClientId }));
    expect(UserPoolClient).toMatchObject({
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'https://api.dev.example.com/orders.read'],
      SupportedIdentityProviders: ['COGNITO', 'Google'],
      CallbackURLs: ['http://localhost:5173/callback'],
      LogoutURLs: ['http://localhost:5173/'],
      AccessTokenValidity: 2,
      IdTokenValidity: 2,
      RefreshTokenValidity: 3,
      TokenValidityUnits: { AccessToken: 'hours', IdToken: 'hours', RefreshToken: 'days' },
    });
  });

  it('GenerateSecret: the client secret is the one Fn::GetAtt ClientSecret gave (in the group description), the client named after its logical id', async () => {
    const { UserPoolClient } = await sdk(server.url).send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: serverClientId }));
    expect(UserPoolClient?.ClientSecret).toMatch(/^[a-z0-9]{51}$/);
    const { Group } = await sdk(server.url).send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'editors' }));
    expect(Group).toMatchObject({
      Precedence: 5,
      RoleArn: 'arn:aws:iam::000000000000:role/SmsRole',
      Description: `Editors of dev-web (provider cognito-idp.us-east-1.amazonaws.com/${poolId}, secret ${UserPoolClient?.ClientSecret})`,
    });
  });

  it('UserPoolIdentityProvider, UserPoolResourceServer and UserPoolDomain', async () => {
    const { IdentityProvider } = await sdk(server.url).send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Google' }));
    expect(IdentityProvider).toMatchObject({
      ProviderType: 'Google',
      ProviderDetails: expect.objectContaining({ client_id: 'google-client', authorize_scopes: 'openid email profile' }),
      AttributeMapping: expect.objectContaining({ email: 'email', name: 'name' }),
    });
    const { ResourceServer } = await sdk(server.url).send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: 'https://api.dev.example.com' }));
    expect(ResourceServer).toMatchObject({ Name: 'Orders API', Scopes: [{ ScopeName: 'orders.read', ScopeDescription: 'Read orders' }] });
    const { DomainDescription } = await sdk(server.url).send(new DescribeUserPoolDomainCommand({ Domain: 'orders-dev' }));
    expect(DomainDescription?.UserPoolId).toBe(poolId);
  });

  it('UserPoolUser (MessageAction SUPPRESS, an attribute from !If) and UserPoolUserToGroupAttachment by Ref', async () => {
    const bob = await sdk(server.url).send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'bob' }));
    expect(bob.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect(Object.fromEntries(bob.UserAttributes!.map(a => [a.Name, a.Value]))).toMatchObject({ email: 'bob@example.com', 'custom:plan': 'trial' });
    const { Groups } = await sdk(server.url).send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'bob' }));
    expect(Groups?.map(g => g.GroupName)).toEqual(['editors']);
    // SUPPRESS: no invitation was delivered.
    const res = await fetch(`${server.url}/_local/messages?userPoolId=${poolId}&username=bob`);
    expect(((await res.json()) as { messages: unknown[] }).messages).toEqual([]);
  });

  it('IdentityPool (providers by Ref and !GetAtt Pool.ProviderName, tags as a map) and IdentityPoolRoleAttachment with its RoleMappings', async () => {
    const identity = new CognitoIdentityClient({ region: 'us-east-1', endpoint: server.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const id = result.config.identityPools![0]!.IdentityPoolId!;
    const described = await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }));
    const provider = `cognito-idp.us-east-1.amazonaws.com/${poolId}`;
    expect(described).toMatchObject({
      IdentityPoolName: 'dev_identities',
      AllowUnauthenticatedIdentities: false,
      CognitoIdentityProviders: [{ ClientId: webClientId, ProviderName: provider, ServerSideTokenCheck: false }],
      IdentityPoolTags: { stage: 'dev' },
    });
    const roles = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }));
    expect(roles.Roles).toEqual({ authenticated: 'arn:aws:iam::000000000000:role/SmsRole' });
    expect(roles.RoleMappings).toEqual({
      [`${provider}:${webClientId}`]: expect.objectContaining({ Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' }),
    });
  });
});

describe('an identity pool without an IdentityPoolRoleAttachment', () => {
  it('is created, and refused credentials as AWS refuses them; the pool with an attachment gets them', async () => {
    const { config } = await configFromTemplate({
      Resources: {
        Guests: { Type: 'AWS::Cognito::IdentityPool', Properties: { AllowUnauthenticatedIdentities: true } },
        WithRoles: { Type: 'AWS::Cognito::IdentityPool', Properties: { AllowUnauthenticatedIdentities: true } },
        Attachment: {
          Type: 'AWS::Cognito::IdentityPoolRoleAttachment',
          Properties: { IdentityPoolId: { Ref: 'WithRoles' }, Roles: { unauthenticated: 'arn:aws:iam::000000000000:role/Guests' } },
        },
      },
    });
    const server = await start({ config });
    try {
      const identity = new CognitoIdentityClient({ region: 'us-east-1', endpoint: server.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
      const [bare, withRoles] = config.identityPools!.map(p => p.IdentityPoolId!);
      const credentials = async (IdentityPoolId: string) => {
        const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId }));
        return identity.send(new GetCredentialsForIdentityCommand({ IdentityId: IdentityId! }));
      };
      const refused = await errorOf(credentials(bare!));
      expect(refused.name).toBe('InvalidIdentityPoolConfigurationException');
      expect(refused.message).toBe('Invalid identity pool configuration. Check assigned IAM roles for this pool.');
      expect((await credentials(withRoles!)).Credentials?.AccessKeyId).toMatch(/^ASIA/);
    } finally {
      await server.close();
    }
  });
});

describe('Ref, Fn::GetAtt, parameters and ids', () => {
  it('a parameter given overrides its Default; the condition it drives creates the other pool and flips !If', async () => {
    const { config } = await configFromTemplate(YAML_TEMPLATE, { stackName: 'orders', parameters: { Stage: 'prod' } });
    expect(config.userPools!.map(p => p.PoolName)).toEqual(['never-created', 'orders-prod-users']);
    const main = config.userPools![1]!;
    expect((main.Policies as { PasswordPolicy: { RequireSymbols: boolean } }).PasswordPolicy.RequireSymbols).toBe(true);
    expect(main.users![0]!.Attributes).toContainEqual({ Name: 'custom:plan', Value: 'paid' });
    expect(main.clients![0]!.CallbackURLs).toEqual(['https://app.example.com/callback']);
  });

  it('ids have AWS shapes and are the same for the same stack and logical id (so --data keeps its users), different for another stack', async () => {
    const a = await configFromTemplate(YAML_TEMPLATE, { stackName: 'orders' });
    const b = await configFromTemplate(YAML_TEMPLATE, { stackName: 'orders' });
    const c = await configFromTemplate(YAML_TEMPLATE, { stackName: 'billing', region: 'eu-west-1' });
    const ids = (r: TemplateResult) => [r.config.userPools![0]!.Id, r.config.userPools![0]!.clients![0]!.ClientId, r.config.identityPools![0]!.IdentityPoolId];
    expect(ids(a)).toEqual(ids(b));
    expect(ids(a)[0]).toMatch(/^us-east-1_[A-Za-z0-9]{9}$/);
    expect(ids(a)[1]).toMatch(/^[a-z0-9]{26}$/);
    expect(ids(a)[2]).toMatch(/^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids(c)[0]).toMatch(/^eu-west-1_/);
    expect(ids(c)).not.toContain(ids(a)[1]);
  });

  it('Fn::GetAtt attributes of a user pool, client and identity pool, in both JSON forms, and the pseudo parameters', async () => {
    const { config } = await configFromTemplate({
      Resources: {
        Pool: pool({ UserPoolName: 'p' }),
        Client: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Pool' }, ClientName: 'c' } },
        Ids: { Type: 'AWS::Cognito::IdentityPool', Properties: { AllowUnauthenticatedIdentities: true, IdentityPoolName: 'ids' } },
        Group: {
          Type: 'AWS::Cognito::UserPoolGroup',
          Properties: {
            UserPoolId: { 'Fn::GetAtt': ['Pool', 'UserPoolId'] },
            GroupName: 'g',
            Description: {
              'Fn::Join': [
                ' ',
                [
                  { 'Fn::GetAtt': 'Pool.Arn' },
                  { 'Fn::GetAtt': ['Pool', 'ProviderURL'] },
                  { 'Fn::GetAtt': ['Client', 'Name'] },
                  { 'Fn::GetAtt': ['Ids', 'Name'] },
                  { 'Fn::Sub': '${Ids.Id} ${AWS::AccountId} ${AWS::Partition} ${AWS::URLSuffix} ${!Literal}' },
                ],
              ],
            },
          },
        },
      },
    });
    const poolId = config.userPools![0]!.Id!;
    expect(config.userPools![0]!.groups![0]!.Description).toBe(
      `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${poolId} https://cognito-idp.us-east-1.amazonaws.com/${poolId} c ids ${config.identityPools![0]!.IdentityPoolId} 000000000000 aws amazonaws.com \${Literal}`,
    );
  });

  it('a template that names another region than the ids are made in says so, and the region option matches it', async () => {
    const cdk = readFileSync(fileURLToPath(new URL('./data/cdk/cdk.out/CognateSample.template.json', import.meta.url)), 'utf8');
    const elsewhere = cdk.replaceAll('cognito-idp.us-east-1.', 'cognito-idp.eu-west-1.');
    expect((await configFromTemplate(elsewhere)).notes).toEqual([
      'the template names the region eu-west-1, but ids are made in us-east-1: start with --region eu-west-1 (or the region option)',
    ]);
    const matched = await configFromTemplate(elsewhere, { region: 'eu-west-1' });
    expect(matched.notes).toEqual([]);
    expect(matched.config.identityPools![0]!.CognitoIdentityProviders![0]!.ProviderName).toBe(
      `cognito-idp.eu-west-1.amazonaws.com/${matched.config.userPools![0]!.Id}`,
    );
  });

  it('a CDK template: its BootstrapVersion parameter (from SSM) and Rules are ignored unless referenced, and then refused clearly', async () => {
    const cdk = JSON.parse(readFileSync(fileURLToPath(new URL('./data/cdk/cdk.out/CognateSample.template.json', import.meta.url)), 'utf8'));
    // What `cdk synth` adds for a stack without a fixed region: metadata under a condition on AWS::Region.
    cdk.Conditions = { CDKMetadataAvailable: { 'Fn::Or': [{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }] } };
    cdk.Resources.CDKMetadata = { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:H4sI' }, Condition: 'CDKMetadataAvailable' };
    const loaded = await configFromTemplate(cdk);
    expect(loaded.config.userPools).toHaveLength(1);
    expect(loaded.skipped.map(r => r.type)).toEqual(['AWS::IAM::Role', 'AWS::IAM::Role']);
    cdk.Resources.UserPool6BA7E5F2.Properties.UserPoolName = { Ref: 'BootstrapVersion' };
    expect(await problems(cdk)).toEqual([
      'Resources.UserPool6BA7E5F2.Properties.UserPoolName.Ref: the parameter BootstrapVersion is read from SSM Parameter Store at deploy time; give it a value',
    ]);
  });
});

describe('what cannot be honoured is named, with where it is', () => {
  it('an unsupported intrinsic function (here in YAML short form) names itself and the resource/property path', async () => {
    const yaml = 'Resources:\n  Pool:\n    Type: AWS::Cognito::UserPool\n    Properties:\n      UserPoolName: !ImportValue shared-pool-name\n';
    expect(await problems(yaml)).toEqual([
      'Resources.Pool.Properties.UserPoolName.Fn::ImportValue: Fn::ImportValue is not supported by cognate-local (it resolves Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap, Fn::Base64, Fn::If, Condition)',
    ]);
    expect(
      await problems({
        Resources: { P: pool({ Policies: { PasswordPolicy: { MinimumLength: { 'Fn::Length': [1, 2] } } }, UserPoolTags: { az: { 'Fn::GetAZs': '' } } }) },
      }),
    ).toEqual([
      expect.stringMatching(/^Resources\.P\.Properties\.Policies\.PasswordPolicy\.MinimumLength\.Fn::Length: Fn::Length is not supported by cognate-local/),
    ]);
  });

  it('the CLI: exit code 2 and the problem on stderr after the file name; nothing listens', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'Resources:\n  Pool:\n    Type: AWS::Cognito::UserPool\n    Properties:\n      UserPoolName: !GetAZs ""\n');
    const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--template', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', c => (out += c));
    child.stderr.on('data', c => (err += c));
    const code = await new Promise(resolve => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toBe(
      `cognate-local: ${file}: Resources.Pool.Properties.UserPoolName.Fn::GetAZs: Fn::GetAZs is not supported by cognate-local (it resolves Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap, Fn::Base64, Fn::If, Condition)\n`,
    );
    expect(out).not.toContain('listening');
  });

  it('a value the operation refuses while seeding is reported against the resource it came from', async () => {
    const file = join(dir, 'refused.json');
    const Properties = { UserPoolId: { Ref: 'Pool' }, ExplicitAuthFlows: ['ALLOW_MAGIC'] };
    writeFileSync(file, JSON.stringify({ Resources: { Pool: pool(), Web: { Type: 'AWS::Cognito::UserPoolClient', Properties } } }));
    const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--in-memory', '--template', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', c => (err += c));
    const code = await new Promise(resolve => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(err.startsWith(`cognate-local: ${file}: could not create Resources.Web (userPools[0].clients[0]): InvalidParameterException: `)).toBe(true);
    expect(err).toContain('explicitAuthFlows');
  });

  it('Ref and Fn::GetAtt to what is not there, a misspelt property, a pool that is not the template’s, a transform: every problem, each with its path', async () => {
    expect(
      await problems({
        Transform: 'AWS::LanguageExtensions',
        Resources: {
          Pool: pool({ UserPoolNme: 'x' }),
          Other: pool({ UserPoolName: { Ref: 'Missing' } }),
          Third: pool({ UserPoolName: { 'Fn::GetAtt': ['Other', 'Colour'] } }),
          Fourth: pool({ UserPoolName: { 'Fn::GetAtt': 'Other' } }),
          Client: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: 'us-east-1_NotHere00' } },
        },
      }),
    ).toEqual([
      'Transform: AWS::LanguageExtensions cannot be honoured: a transform rewrites the template at deploy time; give cognate-local the processed template (e.g. from the CloudFormation console\'s "View processed template")',
      'Resources.Pool.Properties.UserPoolNme: AWS::Cognito::UserPool has no property UserPoolNme; did you mean UserPoolName?',
      'Resources.Other.Properties.UserPoolName.Ref: Ref to Missing, which is not a parameter, pseudo parameter or resource of this template',
      'Resources.Third.Properties.UserPoolName.Fn::GetAtt: Fn::GetAtt Other.Colour: Other has no attribute Colour that cognate-local knows',
      'Resources.Fourth.Properties.UserPoolName.Fn::GetAtt: Fn::GetAtt takes [LogicalId, Attribute] (or "LogicalId.Attribute")',
      'Resources.Client.Properties.UserPoolId: "us-east-1_NotHere00" is not a user pool of this template (use Ref to an AWS::Cognito::UserPool resource)',
    ]);
  });

  it('a trigger on a skipped Lambda function is left out with a note (triggers run from local modules); a local module path stays', async () => {
    const { config, skipped, notes } = await configFromTemplate({
      Resources: {
        PreSignUpFn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x' } },
        Pool: pool({ LambdaConfig: { PreSignUp: { 'Fn::GetAtt': ['PreSignUpFn', 'Arn'] }, PostConfirmation: 'triggers/post-confirmation.mjs' } }),
      },
    });
    expect(skipped).toEqual([{ logicalId: 'PreSignUpFn', type: 'AWS::Lambda::Function', referenced: true }]);
    expect(config.userPools![0]!.LambdaConfig).toEqual({ PostConfirmation: 'triggers/post-confirmation.mjs' });
    expect(notes).toEqual(['Pool: LambdaConfig.PreSignUp (PreSignUpFn) is left out: cognate-local runs triggers from local modules (--triggers)']);
  });

  it('Fn::GetAtt ClientSecret of a client without a secret; a group attachment for a user the template does not create', async () => {
    expect(
      await problems({
        Resources: {
          Pool: pool(),
          Client: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Pool' } } },
          Group: {
            Type: 'AWS::Cognito::UserPoolGroup',
            Properties: { UserPoolId: { Ref: 'Pool' }, Description: { 'Fn::GetAtt': ['Client', 'ClientSecret'] } },
          },
          Member: { Type: 'AWS::Cognito::UserPoolUserToGroupAttachment', Properties: { UserPoolId: { Ref: 'Pool' }, GroupName: 'g', Username: 'carol' } },
        },
      }),
    ).toEqual([
      'Resources.Group.Properties.Description.Fn::GetAtt: Client has no secret (GenerateSecret is not true)',
      'Resources.Member.Properties.Username: "carol" is not a user of this template\'s pool (add an AWS::Cognito::UserPoolUser)',
    ]);
  });

  it('neither a template nor amplify_outputs.json; YAML that does not parse (with its line)', async () => {
    expect(await problems({ hello: 'world' })).toEqual(['not a CloudFormation template (no Resources) nor an amplify_outputs.json (no auth.user_pool_id)']);
    expect((await problems('Resources:\n  Pool: [unclosed\n'))[0]).toMatch(/^\d+:\d+: invalid YAML: /);
  });
});

describe('an Amplify Gen 2 amplify_outputs.json as input', () => {
  const input = JSON.parse(readFileSync(data('amplify_outputs.json'), 'utf8'));
  let child: ReturnType<typeof spawn>;
  let url: string;
  // biome-ignore lint/suspicious/noExplicitAny: amplify_outputs.json as written
  let written: { auth: Record<string, any> };

  beforeAll(async () => {
    const file = join(dir, 'out.json');
    ({ child, url } = await startCli(['--in-memory', '--template', data('amplify_outputs.json'), '--outputs', file]));
    written = JSON.parse(readFileSync(file, 'utf8'));
  });
  afterAll(() => child?.kill('SIGTERM'));

  it('comes back out of --outputs with the same ids and settings (plus the endpoints; the hosted UI on this server)', () => {
    const { oauth, standard_required_attributes, ...auth } = input.auth;
    const { standard_required_attributes: required, ...rest } = written.auth;
    // The required attributes are a set (written in the pool's schema order).
    expect([...required].sort()).toEqual([...standard_required_attributes].sort());
    expect(rest).toEqual({
      ...auth,
      user_pool_endpoint: url,
      identity_pool_endpoint: url,
      oauth: { ...oauth, domain: new URL(url).host },
    });
  });

  it('the pool behind it, through the AWS SDK: the Google provider is the built-in mock one', async () => {
    const client = sdk(url);
    const { UserPool } = await client.send(new DescribeUserPoolCommand({ UserPoolId: input.auth.user_pool_id }));
    expect(UserPool?.SchemaAttributes?.filter(a => a.Required).map(a => a.Name)).toEqual(['sub', 'name', 'email']);
    const { DomainDescription } = await client.send(new DescribeUserPoolDomainCommand({ Domain: 'ampgen2-sample' }));
    expect(DomainDescription?.UserPoolId).toBe(input.auth.user_pool_id);
    const { IdentityProvider } = await client.send(new DescribeIdentityProviderCommand({ UserPoolId: input.auth.user_pool_id, ProviderName: 'Google' }));
    expect(IdentityProvider?.ProviderType).toBe('Google');
  });

  it("aws-amplify works with the app's own file unchanged, plus the endpoints: sign-up under its policy, sign-in, identity pool credentials", async () => {
    const config = parseAmplifyConfig(input);
    Amplify.configure({ ...config, Auth: { Cognito: { ...config.Auth!.Cognito, userPoolEndpoint: url, identityPoolEndpoint: url } } });
    const email = 'gen2-user@example.com';
    await expect(signUp({ username: email, password: 'nosymbols1', options: { userAttributes: { email, name: 'Gen Two' } } })).rejects.toMatchObject({
      name: 'InvalidPasswordException',
    });
    await signUp({ username: email, password: 'with-symbol!', options: { userAttributes: { email, name: 'Gen Two' } } });
    await sdk(url).send(
      new (await import('@aws-sdk/client-cognito-identity-provider')).AdminConfirmSignUpCommand({ UserPoolId: input.auth.user_pool_id, Username: email }),
    );
    expect(await signIn({ username: email, password: 'with-symbol!' })).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    const session = await fetchAuthSession();
    expect(session.tokens?.idToken?.payload.aud).toBe(input.auth.user_pool_client_id);
    expect(session.identityId?.startsWith('eu-west-1:')).toBe(true);
    expect(session.credentials?.accessKeyId).toBeTruthy();
    await signOut();
  });
});

describe('the CLI around it', () => {
  async function run(args: string[]): Promise<{ code: number | null; out: string }> {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', c => (out += c));
    const code = await new Promise<number | null>(resolve => child.once('exit', resolve));
    return { code, out };
  }

  it('start --help documents --template', async () => {
    const { code, out } = await run(['start', '--help']);
    expect(code).toBe(0);
    expect(out).toMatch(
      /--template FILE +create pools from a CloudFormation template \(JSON or YAML; cdk\.out\/\*\.template\.json\n +too\) or an Amplify Gen 2/,
    );
  });

  it('the yaml parser is loaded for a YAML template only, never by the server itself', async () => {
    // A resolve hook that records every import of `yaml`.
    const hook = `data:text/javascript,${encodeURIComponent('export async function resolve(s, c, next) { if (s === "yaml") process.stdout.write("yaml loaded\\n"); return next(s, c); }')}`;
    const script = (body: string) =>
      `import { register } from 'node:module'; register(${JSON.stringify(hook)}); const local = await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)}); ${body}`;
    const exec = async (body: string) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script(body)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', c => (out += c));
      await new Promise(resolve => child.once('exit', resolve));
      return out;
    };
    const server = await exec(
      `const s = await local.startServer({ port: 0, log: () => {}, config: (await local.configFromTemplate({ Resources: { P: { Type: 'AWS::Cognito::UserPool' } } })).config }); await s.close(); console.log('done');`,
    );
    expect(server).toBe('done\n');
    const yaml = await exec(`await local.configFromTemplate('Resources: {}'); console.log('done');`);
    // The hook runs on the loader's thread, so its line and the script's may come in either order.
    expect(yaml.trim().split('\n').sort()).toEqual(['done', 'yaml loaded']);
  });

  it('with --data, the same template at the next start keeps the pool, its ids and its users (no second invitation)', async () => {
    const data = join(dir, 'state');
    const outputs = join(dir, 'restart.json');
    const template = fileURLToPath(new URL('./data/cdk/cdk.out/CognateSample.template.json', import.meta.url));
    const first = await startCli(['--data', data, '--template', template, '--outputs', outputs]);
    const before = JSON.parse(readFileSync(outputs, 'utf8')).auth;
    first.child.kill('SIGTERM');
    await new Promise(resolve => first.child.once('exit', resolve));
    const second = await startCli(['--data', data, '--template', template, '--outputs', outputs]);
    try {
      const after = JSON.parse(readFileSync(outputs, 'utf8')).auth;
      expect([after.user_pool_id, after.user_pool_client_id, after.identity_pool_id]).toEqual([
        before.user_pool_id,
        before.user_pool_client_id,
        before.identity_pool_id,
      ]);
      const { UserPools } = await sdk(second.url).send(new ListUserPoolsCommand({ MaxResults: 10 }));
      expect(UserPools).toHaveLength(1);
      const res = await fetch(`${second.url}/_local/messages?userPoolId=${after.user_pool_id}&username=alice@example.com`);
      expect(((await res.json()) as { messages: unknown[] }).messages).toHaveLength(1);
    } finally {
      second.child.kill('SIGTERM');
    }
  });
});
