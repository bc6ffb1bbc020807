/**
 * Types only: what one sign-in's answers share (`Exchange`), and the SRP steps of
 * `password-verifier.ts` that the lazily loaded DEVICE_SRP_AUTH code (`device-srp.ts`) is handed,
 * so that the two modules never import each other.
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

/** `password-verifier.ts`'s steps, as `device-srp.ts` uses them. */
export interface SrpSteps {
  respond(x: Exchange, challengeName: ChallengeName, responses: Record<string, string>, session: string | undefined): Promise<ChallengeOrTokensResponse>;
  startSrp(): { session: SrpSession; srpA: string };
  answerVerifier(
    x: Exchange,
    challengeName: ChallengeName,
    srp: SrpSession,
    user: { poolName: string; userId: string; password: string },
    p: Record<string, string>,
    session: string | undefined,
    responses: Record<string, string>,
  ): Promise<ChallengeOrTokensResponse>;
}
