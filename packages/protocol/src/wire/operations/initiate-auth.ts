/** InitiateAuth: starts a sign-in (USER_SRP_AUTH, USER_PASSWORD_AUTH, CUSTOM_AUTH, USER_AUTH, REFRESH_TOKEN_AUTH). */
import type { AuthFlow } from '../names.js';
import type { ChallengeOrTokensResponse, UserContextDataType, ClientMetadata } from '../shapes.js';

export interface InitiateAuthRequest {
  AuthFlow: AuthFlow;
  ClientId: string;
  AuthParameters: Record<string, string>;
  ClientMetadata?: ClientMetadata;
  Session?: string;
  UserContextData?: UserContextDataType;
}

export type InitiateAuthResponse = ChallengeOrTokensResponse;
