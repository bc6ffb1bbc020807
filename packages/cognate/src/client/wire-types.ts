/**
 * Shapes Cognito uses in more than one operation, with AWS's field names: the types are the shared
 * wire table's (cognate-local uses the same); the parsers narrow an untrusted body to them.
 */
import type { AuthenticationResultType, ChallengeName, ChallengeOrTokensResponse, CodeDeliveryDetailsType } from '@cognate/protocol/wire';

export type {
  AttributeType,
  AuthenticationResultType,
  ChallengeName,
  ChallengeOrTokensResponse,
  CodeDeliveryDetailsType,
  ExceptionName,
  NewDeviceMetadataType,
} from '@cognate/protocol/wire';

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keeps the fields of a challenge-or-tokens body that have the right types. */
export function parseChallengeOrTokens(body: Record<string, unknown>): ChallengeOrTokensResponse {
  const out: ChallengeOrTokensResponse = {};
  if (typeof body.ChallengeName === 'string') out.ChallengeName = body.ChallengeName as ChallengeName;
  if (typeof body.Session === 'string') out.Session = body.Session;
  if (isObject(body.ChallengeParameters)) out.ChallengeParameters = body.ChallengeParameters as Record<string, string>;
  if (isObject(body.AuthenticationResult)) out.AuthenticationResult = body.AuthenticationResult as AuthenticationResultType;
  if (Array.isArray(body.AvailableChallenges)) out.AvailableChallenges = body.AvailableChallenges as ChallengeName[];
  return out;
}

export function parseCodeDeliveryDetails(value: unknown): CodeDeliveryDetailsType | undefined {
  return isObject(value) ? (value as CodeDeliveryDetailsType) : undefined;
}
