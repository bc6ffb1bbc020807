/**
 * Shapes Cognito uses in more than one operation, with AWS's field names.
 */
export interface AttributeType {
  Name: string;
  Value?: string;
}

export interface CodeDeliveryDetailsType {
  Destination?: string;
  DeliveryMedium?: 'SMS' | 'EMAIL';
  AttributeName?: string;
}

export interface NewDeviceMetadataType {
  DeviceKey?: string;
  DeviceGroupKey?: string;
}

export interface AuthenticationResultType {
  AccessToken?: string;
  ExpiresIn?: number;
  TokenType?: string;
  RefreshToken?: string;
  IdToken?: string;
  NewDeviceMetadata?: NewDeviceMetadataType;
}

/** What InitiateAuth and RespondToAuthChallenge both return. */
export interface ChallengeOrTokensResponse {
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  AuthenticationResult?: AuthenticationResultType;
  AvailableChallenges?: string[];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keeps the fields of a challenge-or-tokens body that have the right types. */
export function parseChallengeOrTokens(body: Record<string, unknown>): ChallengeOrTokensResponse {
  const out: ChallengeOrTokensResponse = {};
  if (typeof body.ChallengeName === 'string') out.ChallengeName = body.ChallengeName;
  if (typeof body.Session === 'string') out.Session = body.Session;
  if (isObject(body.ChallengeParameters)) out.ChallengeParameters = body.ChallengeParameters as Record<string, string>;
  if (isObject(body.AuthenticationResult)) out.AuthenticationResult = body.AuthenticationResult as AuthenticationResultType;
  if (Array.isArray(body.AvailableChallenges)) out.AvailableChallenges = body.AvailableChallenges as string[];
  return out;
}

export function parseCodeDeliveryDetails(value: unknown): CodeDeliveryDetailsType | undefined {
  return isObject(value) ? (value as CodeDeliveryDetailsType) : undefined;
}
