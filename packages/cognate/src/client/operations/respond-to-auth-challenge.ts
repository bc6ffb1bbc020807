/** RespondToAuthChallenge: answers PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED, CUSTOM_CHALLENGE, MFA, … */
import { userPoolOperation } from '../transport.js';
import { parseChallengeOrTokens, type ChallengeOrTokensResponse } from '../wire-types.js';

export interface RespondToAuthChallengeRequest {
  ChallengeName: string;
  ClientId: string;
  ChallengeResponses: Record<string, string>;
  Session?: string;
  ClientMetadata?: Record<string, string>;
  UserContextData?: { EncodedData?: string };
}
export type RespondToAuthChallengeResponse = ChallengeOrTokensResponse;

export const respondToAuthChallenge = userPoolOperation<RespondToAuthChallengeRequest, RespondToAuthChallengeResponse>(
  'RespondToAuthChallenge',
  parseChallengeOrTokens,
);
