/** Shapes Cognito uses in more than one operation, with AWS's field names. Types only. */
import type { ChallengeName } from './names.js';

export interface AttributeType {
  Name: string;
  Value?: string;
}

export type DeliveryMedium = 'SMS' | 'EMAIL';

export interface CodeDeliveryDetailsType {
  Destination?: string;
  DeliveryMedium?: DeliveryMedium;
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

/** What InitiateAuth and RespondToAuthChallenge both return: a challenge, or tokens. */
export interface ChallengeOrTokensResponse {
  ChallengeName?: ChallengeName;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  AuthenticationResult?: AuthenticationResultType;
  AvailableChallenges?: ChallengeName[];
}

export interface UserContextDataType {
  EncodedData?: string;
  IpAddress?: string;
}

export type ClientMetadata = Record<string, string>;
