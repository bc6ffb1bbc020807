/**
 * SRP on the client side of Cognito's USER_SRP_AUTH and CUSTOM_WITH_SRP: the `SRP_A` to start with,
 * and the PASSWORD_VERIFIER answer. The maths lives in `@cognate/protocol`; this file only moves
 * Cognito's challenge parameters in and out.
 */
import { computePasswordClaimSignature, formatSrpTimestamp, srpAToHex, startSrpSession } from '@cognate/protocol';
import { respondToAuthChallenge } from '../client/operations/respond-to-auth-challenge.js';
import type { CognitoClient } from '../client/transport.js';
import type { ChallengeOrTokensResponse } from '../client/wire-types.js';
import { AuthError } from '../errors/auth-error.js';
import type { CognitoUserPoolConfig } from '../types/config.js';
import type { ClientMetadata } from '../types/session.js';

/** The ephemeral SRP key pair of one sign-in. */
export interface SrpSession {
  a: bigint;
  A: bigint;
}

/** A fresh ephemeral key pair and the `SRP_A` hex that goes in `AuthParameters`. */
export function startSrp(): { session: SrpSession; srpA: string } {
  const session = startSrpSession();
  return { session, srpA: srpAToHex(session.A) };
}

/** Answers PASSWORD_VERIFIER with the password claim signature. */
export async function answerPasswordVerifier(args: {
  client: CognitoClient;
  config: CognitoUserPoolConfig;
  srp: SrpSession;
  password: string;
  challengeParameters: Record<string, string>;
  session: string | undefined;
  clientMetadata: ClientMetadata | undefined;
  action: number;
}): Promise<ChallengeOrTokensResponse> {
  const { challengeParameters: p, config } = args;
  const userId = p.USER_ID_FOR_SRP;
  if (!userId) throw new AuthError({ name: 'EmptyUserIdForSRPException', message: 'USER_ID_FOR_SRP was not found in challenge parameters.' });
  const timestamp = formatSrpTimestamp();
  const signature = await computePasswordClaimSignature({
    poolName: config.userPoolId.split('_')[1]!,
    userId,
    password: args.password,
    session: args.srp,
    srpB: p.SRP_B!,
    salt: p.SALT!,
    secretBlock: p.SECRET_BLOCK!,
    timestamp,
  });
  return respondToAuthChallenge(
    args.client,
    {
      ChallengeName: 'PASSWORD_VERIFIER',
      ClientId: config.userPoolClientId,
      ChallengeResponses: {
        USERNAME: userId,
        PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!,
        TIMESTAMP: timestamp,
        PASSWORD_CLAIM_SIGNATURE: signature,
      },
      ...(args.session ? { Session: args.session } : {}),
      ...(args.clientMetadata ? { ClientMetadata: args.clientMetadata } : {}),
    },
    args.action,
  );
}
