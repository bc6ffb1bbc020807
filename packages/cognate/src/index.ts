/**
 * `cognate-auth`: the `Amplify` object (configure / getConfig), as `aws-amplify` exports it.
 */
export { Amplify, AmplifyClass, configure } from './config/amplify.js';
export { createConfigurationBuilder } from './config/create-configuration-builder.js';
export type { ConfigurationBuilder } from './config/create-configuration-builder.js';
export type {
  ResourcesConfig,
  LibraryOptions,
  AuthConfig,
  CognitoUserPoolConfig,
  CognitoIdentityPoolConfig,
  OAuthConfig,
  LegacyConfig,
  AmplifyOutputs,
} from './types/config.js';
