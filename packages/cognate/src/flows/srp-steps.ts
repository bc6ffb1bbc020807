/**
 * Types only: what one sign-in's answers share (`Exchange`) and the ephemeral SRP key pair.
 */
import type { AuthAction } from '../client/auth-action.js';
import type { CognitoClient } from '../client/transport.js';
import type { ChallengeName, ChallengeOrTokensResponse } from '../client/wire-types.js';
import type { AuthContext } from '../context/auth-context.js';
import type { CognitoUserPoolConfig } from '../types/config.js';
import type { ClientMetadata } from '../types/session.js';

/** What every answer in one sign-in shares. */
export interface Exchange {
  ctx: AuthContext;
  client: CognitoClient;
  config: CognitoUserPoolConfig;
  clientMetadata: ClientMetadata | undefined;
  action?: AuthAction;
}

/** The ephemeral SRP key pair of one sign-in. */
export interface SrpSession {
  a: bigint;
  A: bigint;
}
