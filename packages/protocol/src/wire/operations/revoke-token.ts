/** RevokeToken: revokes a refresh token and the tokens issued with it. */

export interface RevokeTokenRequest {
  ClientId: string;
  Token: string;
  ClientSecret?: string;
}
