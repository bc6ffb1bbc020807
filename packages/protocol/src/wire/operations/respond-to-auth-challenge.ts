/** RespondToAuthChallenge: answers the challenge InitiateAuth or a previous answer returned. */
import type { ChallengeName } from '../names.js';
import type { ChallengeOrTokensResponse, UserContextDataType, ClientMetadata } from '../shapes.js';

export interface RespondToAuthChallengeRequest {
  ChallengeName: ChallengeName;
  ClientId: string;
  ChallengeResponses: Record<string, string>;
  Session?: string;
  ClientMetadata?: ClientMetadata;
  UserContextData?: UserContextDataType;
}

export type RespondToAuthChallengeResponse = ChallengeOrTokensResponse;
