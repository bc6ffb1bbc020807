/**
 * `cognate-local start --template cdk.out/CognateSample.template.json`: a template synthesised by
 * the CDK (test/data/cdk/app.cjs, checked in as `cdk synth` wrote it, with its BootstrapVersion
 * parameter and Rules) creates the pool it describes. The AWS SDK sees the template's settings,
 * and aws-amplify, configured from the written amplify_outputs.json, signs users in: the user of
 * the template's AWS::Cognito::UserPoolUser (with the temporary password its invitation carried)
 * and a user who signs up.
 */
import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  GetGroupCommand,
  GetUserPoolMfaConfigCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityClient, DescribeIdentityPoolCommand, GetIdentityPoolRolesCommand } from '@aws-sdk/client-cognito-identity';
import { Amplify } from 'aws-amplify';
import { confirmSignIn, confirmSignUp, fetchAuthSession, signIn, signOut, signUp } from 'aws-amplify/auth';
import { parseAmplifyConfig } from 'aws-amplify/utils';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastCode, sdk, startCli, TEST_CREDENTIALS } from './helpers.js';

const TEMPLATE = fileURLToPath(new URL('./data/cdk/cdk.out/CognateSample.template.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cognate-template-cdk-'));
const outputsFile = join(dir, 'amplify_outputs.json');

let child: ChildProcess;
let url: string;
let out: string;
// biome-ignore lint/suspicious/noExplicitAny: amplify_outputs.json as written
let outputs: { auth: Record<string, any> };

beforeAll(async () => {
  ({ child, url, out } = await startCli(['--in-memory', '--template', TEMPLATE, '--outputs', outputsFile]));
  outputs = JSON.parse(readFileSync(outputsFile, 'utf8'));
});
afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

it('names the skipped IAM roles in one start-up line: the role attachment got placeholder ARNs for them', () => {
  const line = out.split('\n').find(l => l.includes('skipped'));
  expect(line).toBe(
    `${TEMPLATE}: skipped 2 resources cognate-local does not emulate: IdentityPoolAuthenticatedRole42131CF5 (AWS::IAM::Role, referenced: placeholder ARN), IdentityPoolUnauthenticatedRole68AEFF8B (AWS::IAM::Role, referenced: placeholder ARN)`,
  );
});

describe('the AWS SDK sees the template', () => {
  const client = () => sdk(url);
  const poolId = () => outputs.auth.user_pool_id as string;

  it('one user pool, as amplify_outputs.json names it, with the password policy, the custom attribute, MFA and recovery', async () => {
    const { UserPools } = await client().send(new ListUserPoolsCommand({ MaxResults: 10 }));
    expect(UserPools?.map(p => [p.Id, p.Name])).toEqual([[poolId(), 'cognate-sample']]);
    const { UserPool } = await client().send(new DescribeUserPoolCommand({ UserPoolId: poolId() }));
    expect(UserPool?.Policies?.PasswordPolicy).toMatchObject({
      MinimumLength: 10,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: false,
      TemporaryPasswordValidityDays: 3,
    });
    expect(UserPool?.UsernameAttributes).toEqual(['email']);
    expect(UserPool?.AutoVerifiedAttributes).toEqual(['email']);
    expect(UserPool?.MfaConfiguration).toBe('OPTIONAL');
    expect(UserPool?.AdminCreateUserConfig?.AllowAdminCreateUserOnly).toBe(false);
    expect(UserPool?.AccountRecoverySetting).toEqual({ RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] });
    expect(UserPool?.VerificationMessageTemplate?.DefaultEmailOption).toBe('CONFIRM_WITH_CODE');
    expect(UserPool?.SchemaAttributes?.find(a => a.Name === 'custom:tenant')).toMatchObject({
      AttributeDataType: 'String',
      Mutable: true,
      StringAttributeConstraints: { MinLength: '1', MaxLength: '64' },
    });
    expect(UserPool?.SchemaAttributes?.find(a => a.Name === 'email')).toMatchObject({ Required: true });
    // EnabledMfas: [SOFTWARE_TOKEN_MFA] offers TOTP and not SMS.
    const mfa = await client().send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId() }));
    expect(mfa.SoftwareTokenMfaConfiguration).toEqual({ Enabled: true });
    expect(mfa.SmsMfaConfiguration).toBeUndefined();
  });

  it('the app client: flows, OAuth (with the resource server scope from Fn::Join), token validity and units', async () => {
    const { UserPoolClient } = await client().send(new DescribeUserPoolClientCommand({ UserPoolId: poolId(), ClientId: outputs.auth.user_pool_client_id }));
    expect(UserPoolClient).toMatchObject({
      ClientName: 'web',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile', 'api/read'],
      CallbackURLs: ['http://localhost:3000/'],
      LogoutURLs: ['http://localhost:3000/signed-out'],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      AccessTokenValidity: 30,
      IdTokenValidity: 30,
      RefreshTokenValidity: 10080,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    });
    expect(UserPoolClient?.ClientSecret).toBeUndefined();
  });

  it('the resource server, the domain, the group, and the UserPoolUser in it (FORCE_CHANGE_PASSWORD)', async () => {
    const { ResourceServer } = await client().send(new DescribeResourceServerCommand({ UserPoolId: poolId(), Identifier: 'api' }));
    expect(ResourceServer).toMatchObject({ Name: 'Sample API', Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read access' }] });
    const { DomainDescription } = await client().send(new DescribeUserPoolDomainCommand({ Domain: 'cognate-sample' }));
    expect(DomainDescription?.UserPoolId).toBe(poolId());
    const { Group } = await client().send(new GetGroupCommand({ UserPoolId: poolId(), GroupName: 'admins' }));
    expect(Group).toMatchObject({ Description: 'Administrators', Precedence: 1 });
    const alice = await client().send(new AdminGetUserCommand({ UserPoolId: poolId(), Username: 'alice@example.com' }));
    expect(alice.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect(Object.fromEntries(alice.UserAttributes!.map(a => [a.Name, a.Value]))).toMatchObject({
      email: 'alice@example.com',
      email_verified: 'true',
      'custom:tenant': 'acme',
    });
    const { Groups } = await client().send(new AdminListGroupsForUserCommand({ UserPoolId: poolId(), Username: 'alice@example.com' }));
    expect(Groups?.map(g => g.GroupName)).toEqual(['admins']);
  });

  it('the identity pool trusts the client (ProviderName from Fn::Join with AWS::URLSuffix), with the placeholder role ARNs', async () => {
    const identity = new CognitoIdentityClient({ region: 'us-east-1', endpoint: url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const pool = await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: outputs.auth.identity_pool_id }));
    expect(pool).toMatchObject({
      IdentityPoolName: 'cognate_sample',
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: [
        { ClientId: outputs.auth.user_pool_client_id, ProviderName: `cognito-idp.us-east-1.amazonaws.com/${poolId()}`, ServerSideTokenCheck: true },
      ],
    });
    const roles = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: outputs.auth.identity_pool_id }));
    expect(roles.Roles).toEqual({
      authenticated: 'arn:aws:iam::000000000000:role/IdentityPoolAuthenticatedRole42131CF5',
      unauthenticated: 'arn:aws:iam::000000000000:role/IdentityPoolUnauthenticatedRole68AEFF8B',
    });
  });
});

it("the written amplify_outputs.json carries the template's settings", () => {
  expect(outputs.auth).toMatchObject({
    aws_region: 'us-east-1',
    user_pool_endpoint: url,
    identity_pool_endpoint: url,
    password_policy: { min_length: 10, require_lowercase: true, require_numbers: true, require_symbols: false, require_uppercase: true },
    username_attributes: ['email'],
    standard_required_attributes: ['email'],
    user_verification_types: ['email'],
    unauthenticated_identities_enabled: true,
    mfa_configuration: 'OPTIONAL',
    mfa_methods: ['TOTP'],
    groups: [{ admins: { precedence: 1 } }],
    oauth: { scopes: ['openid', 'email', 'profile', 'api/read'], redirect_sign_in_uri: ['http://localhost:3000/'], response_type: 'code' },
  });
  expect(outputs.auth.user_pool_id).toMatch(/^us-east-1_[A-Za-z0-9]{9}$/);
  expect(outputs.auth.user_pool_client_id).toMatch(/^[a-z0-9]{26}$/);
});

describe('aws-amplify, configured from the written amplify_outputs.json', () => {
  beforeAll(() => {
    const config = parseAmplifyConfig(outputs);
    Amplify.configure({
      ...config,
      Auth: {
        Cognito: { ...config.Auth!.Cognito, userPoolEndpoint: outputs.auth.user_pool_endpoint, identityPoolEndpoint: outputs.auth.identity_pool_endpoint },
      },
    });
  });

  it("signs in the template's UserPoolUser with the invitation's temporary password, sets a new one, and gets the group, the custom attribute and AWS credentials", async () => {
    const temporary = await lastCode(url, outputs.auth.user_pool_id, 'alice@example.com');
    const first = await signIn({ username: 'alice@example.com', password: temporary });
    expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
    const done = await confirmSignIn({ challengeResponse: 'Alice-Passw0rd' });
    expect(done).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    const session = await fetchAuthSession();
    expect(session.tokens?.idToken?.payload['cognito:groups']).toEqual(['admins']);
    expect(session.tokens?.idToken?.payload['custom:tenant']).toBe('acme');
    expect(session.identityId).toMatch(/^us-east-1:/);
    expect(session.credentials?.accessKeyId).toBeTruthy();
    await signOut();
  });

  it("signs up under the template's password policy and custom attribute, confirms and signs in", async () => {
    const email = 'new-user@example.com';
    await expect(signUp({ username: email, password: 'Short1a', options: { userAttributes: { email } } })).rejects.toMatchObject({
      name: 'InvalidPasswordException',
    });
    // Upper case is required by the template's policy.
    await expect(signUp({ username: email, password: 'lowercase-only-1', options: { userAttributes: { email } } })).rejects.toMatchObject({
      name: 'InvalidPasswordException',
    });
    const up = await signUp({ username: email, password: 'Longer-Passw0rd', options: { userAttributes: { email, 'custom:tenant': 'globex' } } });
    expect(up.nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
    await confirmSignUp({ username: email, confirmationCode: await lastCode(url, outputs.auth.user_pool_id, email) });
    expect(await signIn({ username: email, password: 'Longer-Passw0rd' })).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    const session = await fetchAuthSession();
    expect(session.tokens?.idToken?.payload['custom:tenant']).toBe('globex');
    await signOut();
  });
});
