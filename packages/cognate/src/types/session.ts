/**
 * Session types: the same names and shapes as `@aws-amplify/core`'s (re-exported there by
 * `aws-amplify/auth`), so code typed against Amplify compiles against cognate.
 */

export type ClientMetadata = Record<string, string>;

export type AuthFlowType = 'USER_AUTH' | 'USER_SRP_AUTH' | 'CUSTOM_WITH_SRP' | 'CUSTOM_WITHOUT_SRP' | 'USER_PASSWORD_AUTH';

interface JwtPayloadStandardFields {
  exp?: number;
  iss?: string;
  aud?: string | string[];
  nbf?: number;
  iat?: number;
  scope?: string;
  jti?: string;
  sub?: string;
}
type JsonPrimitive = null | string | number | boolean;
type JsonArray = (JsonPrimitive | JsonObject | JsonArray)[];
interface JsonObject {
  [x: string]: JsonPrimitive | JsonArray | JsonObject;
}

/** The claims of a decoded JWT. */
export type JwtPayload = JwtPayloadStandardFields & JsonObject;

/** A decoded JWT; `toString()` gives the compact token back. */
export interface JWT {
  payload: JwtPayload;
  toString(): string;
}

/** What `getCurrentUser().signInDetails` and `tokens.signInDetails` hold. */
export interface CognitoAuthSignInDetails {
  loginId?: string;
  authFlowType?: AuthFlowType;
}

export interface AuthTokens {
  idToken?: JWT;
  accessToken: JWT;
  signInDetails?: CognitoAuthSignInDetails;
}

export interface AWSCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface AuthSession {
  tokens?: AuthTokens;
  credentials?: AWSCredentials;
  identityId?: string;
  userSub?: string;
}

export interface FetchAuthSessionOptions {
  forceRefresh?: boolean;
  clientMetadata?: ClientMetadata;
}

export interface TokenProvider {
  getTokens(options?: { forceRefresh?: boolean }): Promise<AuthTokens | null>;
}

export interface CredentialsAndIdentityId {
  credentials: AWSCredentials;
  identityId?: string;
}

export type GetCredentialsOptions =
  | { authenticated: true; forceRefresh?: boolean; authConfig: unknown; tokens: AuthTokens }
  | { authenticated: false; forceRefresh?: boolean; authConfig: unknown; tokens?: never };

/**
 * The identity-pool seam: `fetchAuthSession` asks one of these for AWS credentials once tokens are
 * known. Cognate does not ship one yet; pass yours in `Amplify.configure(config, {Auth: {credentialsProvider}})`.
 */
export interface CredentialsAndIdentityIdProvider {
  getCredentialsAndIdentityId(options: GetCredentialsOptions): Promise<CredentialsAndIdentityId | undefined>;
  clearCredentialsAndIdentityId(): void | Promise<void>;
}
