import { describe, expect, it } from 'vitest';
import { parseAmplifyConfig } from './parse-amplify-config.js';

describe('parseAmplifyConfig', () => {
  it('Gen 2 amplify_outputs.json', () => {
    const config = parseAmplifyConfig({
      version: '1.3',
      auth: {
        aws_region: 'us-east-1',
        user_pool_id: 'us-east-1_abc',
        user_pool_client_id: 'client',
        identity_pool_id: 'us-east-1:id',
        user_pool_endpoint: 'http://127.0.0.1:9229',
        username_attributes: ['email'],
        standard_required_attributes: ['email'],
        password_policy: { min_length: 8, require_numbers: true },
        mfa_configuration: 'OPTIONAL',
        mfa_methods: ['TOTP'],
        unauthenticated_identities_enabled: true,
      },
    });
    expect(config.Auth?.Cognito).toEqual({
      userPoolId: 'us-east-1_abc',
      userPoolClientId: 'client',
      identityPoolId: 'us-east-1:id',
      userPoolEndpoint: 'http://127.0.0.1:9229',
      allowGuestAccess: true,
      loginWith: { email: true, phone: false, username: false },
      userAttributes: { email: { required: true } },
      passwordFormat: { minLength: 8, requireLowercase: false, requireUppercase: false, requireNumbers: true, requireSpecialCharacters: false },
      mfa: { status: 'optional', smsEnabled: false, totpEnabled: true },
    });
  });

  it('Gen 1 aws-exports', () => {
    const config = parseAmplifyConfig({
      aws_project_region: 'us-east-1',
      aws_user_pools_id: 'us-east-1_abc',
      aws_user_pools_web_client_id: 'client',
      aws_cognito_username_attributes: ['EMAIL'],
      aws_cognito_signup_attributes: ['EMAIL'],
      oauth: { domain: 'auth.example.com', scope: ['openid'], redirectSignIn: 'http://a/,http://b/', redirectSignOut: 'http://a/', responseType: 'code' },
    });
    expect(config.Auth?.Cognito).toMatchObject({
      userPoolId: 'us-east-1_abc',
      userPoolClientId: 'client',
      loginWith: {
        email: true,
        phone: false,
        username: false,
        oauth: { domain: 'auth.example.com', scopes: ['openid'], redirectSignIn: ['http://a/', 'http://b/'], responseType: 'code' },
      },
      userAttributes: { email: { required: true } },
    });
  });

  it('Gen 1 without aws_project_region is rejected', () => {
    expect(() => parseAmplifyConfig({ aws_user_pools_id: 'x' })).toThrow(expect.objectContaining({ name: 'InvalidParameterException' }));
  });

  it('ResourcesConfig passes through', () => {
    const resources = { Auth: { Cognito: { userPoolId: 'us-east-1_abc', userPoolClientId: 'c' } } };
    expect(parseAmplifyConfig(resources)).toBe(resources);
  });
});
