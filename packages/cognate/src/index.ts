/**
 * `cognate-auth`: the `Amplify` object (configure / getConfig), as `aws-amplify` exports it.
 */
export { Amplify, AmplifyClass, configure } from './config/amplify.js';
export { createAmplifyContext } from './context/create-amplify-context.js';
export type { AmplifyContext } from './context/with-context.js';
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
