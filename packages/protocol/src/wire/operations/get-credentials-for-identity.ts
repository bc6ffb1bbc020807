/** GetCredentialsForIdentity: (identity pools) temporary AWS credentials; `Expiration` in epoch seconds. */

export interface CredentialsType {
  AccessKeyId?: string;
  SecretKey?: string;
  SessionToken?: string;
  /** Epoch seconds. */
  Expiration?: number;
}

export interface GetCredentialsForIdentityRequest {
  IdentityId: string;
  Logins?: Record<string, string>;
  CustomRoleArn?: string;
}

export interface GetCredentialsForIdentityResponse {
  IdentityId?: string;
  Credentials?: CredentialsType;
}
