// The CDK app behind cdk.out/CognateSample.template.json (test data for template.test.ts), synthesised with
// aws-cdk-lib installed outside the repo: `NODE_PATH=<that folder>/node_modules node app.cjs`.
const path = require('node:path');
const { App, Duration, Stack } = require('aws-cdk-lib');
const cognito = require('aws-cdk-lib/aws-cognito');
const { IdentityPool, UserPoolAuthenticationProvider } = require('aws-cdk-lib/aws-cognito-identitypool');

const app = new App({ outdir: path.join(__dirname, 'cdk.out') });
const stack = new Stack(app, 'CognateSample', { env: { region: 'us-east-1' } });

const userPool = new cognito.UserPool(stack, 'UserPool', {
  userPoolName: 'cognate-sample',
  selfSignUpEnabled: true,
  signInAliases: { email: true },
  autoVerify: { email: true },
  standardAttributes: { email: { required: true, mutable: true } },
  customAttributes: { tenant: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
  passwordPolicy: {
    minLength: 10,
    requireLowercase: true,
    requireUppercase: true,
    requireDigits: true,
    requireSymbols: false,
    tempPasswordValidity: Duration.days(3),
  },
  mfa: cognito.Mfa.OPTIONAL,
  mfaSecondFactor: { otp: true, sms: false },
  accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
});

const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read access' });
const api = userPool.addResourceServer('Api', { identifier: 'api', userPoolResourceServerName: 'Sample API', scopes: [read] });

const client = userPool.addClient('WebClient', {
  userPoolClientName: 'web',
  authFlows: { userSrp: true, userPassword: true },
  accessTokenValidity: Duration.minutes(30),
  idTokenValidity: Duration.minutes(30),
  refreshTokenValidity: Duration.days(7),
  oAuth: {
    flows: { authorizationCodeGrant: true },
    scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE, cognito.OAuthScope.resourceServer(api, read)],
    callbackUrls: ['http://localhost:3000/'],
    logoutUrls: ['http://localhost:3000/signed-out'],
  },
  preventUserExistenceErrors: true,
});

userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: 'cognate-sample' } });

const admins = new cognito.CfnUserPoolGroup(stack, 'AdminsGroup', {
  userPoolId: userPool.userPoolId,
  groupName: 'admins',
  description: 'Administrators',
  precedence: 1,
});

const alice = new cognito.CfnUserPoolUser(stack, 'Alice', {
  userPoolId: userPool.userPoolId,
  username: 'alice@example.com',
  userAttributes: [
    { name: 'email', value: 'alice@example.com' },
    { name: 'email_verified', value: 'true' },
    { name: 'custom:tenant', value: 'acme' },
  ],
  desiredDeliveryMediums: ['EMAIL'],
});

new cognito.CfnUserPoolUserToGroupAttachment(stack, 'AliceIsAdmin', { userPoolId: userPool.userPoolId, groupName: admins.ref, username: alice.ref });

new IdentityPool(stack, 'IdentityPool', {
  identityPoolName: 'cognate_sample',
  allowUnauthenticatedIdentities: true,
  authenticationProviders: { userPools: [new UserPoolAuthenticationProvider({ userPool, userPoolClient: client })] },
});

app.synth();
