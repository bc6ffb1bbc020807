/**
 * `cognate`: the `Amplify` object (configure / getConfig), as `aws-amplify` exports it.
 */
export { Amplify, AmplifyClass, configure } from './config/amplify.js';
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
