/**
 * Shapes Cognito uses in more than one operation, with AWS's field names: the types are the shared
 * wire table's (cognate-local uses the same); success bodies are passed on as Cognito sends them.
 */
export type {
  AttributeType,
  AuthenticationResultType,
  ChallengeName,
  ChallengeOrTokensResponse,
  CodeDeliveryDetailsType,
  ExceptionName,
  NewDeviceMetadataType,
} from '@cognate/protocol/wire';
