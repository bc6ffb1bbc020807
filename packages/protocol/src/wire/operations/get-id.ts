/** GetId: (identity pools) the identity id for a set of logins, or a new guest identity. */

export interface GetIdRequest {
  IdentityPoolId: string;
  AccountId?: string;
  Logins?: Record<string, string>;
}

export interface GetIdResponse {
  IdentityId: string;
}
