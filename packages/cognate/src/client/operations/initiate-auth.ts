/** InitiateAuth: starts USER_SRP_AUTH, USER_PASSWORD_AUTH, CUSTOM_AUTH and USER_AUTH sign-ins. */
import { userPoolOperation } from '../transport.js';
import { parseChallengeOrTokens, type ChallengeOrTokensResponse } from '../wire-types.js';

export interface InitiateAuthRequest {
  AuthFlow: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'CUSTOM_AUTH' | 'USER_AUTH' | 'REFRESH_TOKEN_AUTH';
  ClientId: string;
  AuthParameters: Record<string, string>;
  ClientMetadata?: Record<string, string>;
  Session?: string;
  UserContextData?: { EncodedData?: string };
}
export type InitiateAuthResponse = ChallengeOrTokensResponse;

export const initiateAuth = userPoolOperation<InitiateAuthRequest, InitiateAuthResponse>('InitiateAuth', parseChallengeOrTokens);
