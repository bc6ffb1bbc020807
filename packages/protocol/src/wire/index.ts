export {
  CHALLENGE_NAMES,
  AUTH_FLOWS,
  EXPLICIT_AUTH_FLOWS,
  USER_POOL_EXCEPTIONS,
  IDENTITY_POOL_EXCEPTIONS,
  COMMON_EXCEPTIONS,
  STANDARD_ATTRIBUTES,
} from './names.js';
export type { ChallengeName, AuthFlow, ExplicitAuthFlow, MfaMethod, ExceptionName, StandardAttributeName, VerifiableAttributeName } from './names.js';
export type * from './operations.js';
