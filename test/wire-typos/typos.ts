/**
 * Compiled by test/wire-names.test.ts, never run. Each `@ts-expect-error` line below misspells a wire
 * name where the client or cognate-local would use it; the test checks that each one is a compile
 * error (and that the correctly spelt lines are not).
 */
import type { AuthFlow, ChallengeName, ExceptionName, InitiateAuthResponse, StandardAttributeName, VerifySoftwareTokenResponse } from '@cognate/protocol/wire';
import { type CognitoClient, sendUserPoolRequest } from '../../packages/cognate/src/client/transport.js';
import { CognitoError } from '../../packages/local/src/errors.js';
import { createAuthSession } from '../../packages/local/src/services/auth-sessions.js';
import type { Services } from '../../packages/local/src/context.js';
import type { UserPoolClient } from '../../packages/local/src/model.js';

export const challenge: ChallengeName = 'SMS_MFA';
// @ts-expect-error misspelt challenge name
export const challengeTypo: ChallengeName = 'SMS_MFAA';

export const exception: ExceptionName = 'NotAuthorizedException';
// @ts-expect-error misspelt exception name
export const exceptionTypo: ExceptionName = 'NotAuthorisedException';

export const flow: AuthFlow = 'USER_SRP_AUTH';
// @ts-expect-error misspelt auth flow
export const flowTypo: AuthFlow = 'USER_SRP';

export const attribute: StandardAttributeName = 'email_verified';
// @ts-expect-error misspelt standard attribute
export const attributeTypo: StandardAttributeName = 'email_verfied';

declare const response: InitiateAuthResponse;
export const isTotp = response.ChallengeName === 'SOFTWARE_TOKEN_MFA';
// @ts-expect-error a comparison with a misspelt challenge name has no overlap
export const isTotpTypo = response.ChallengeName === 'SOFTWARE_TOKEN_MFAA';

declare const client: CognitoClient;
const call = sendUserPoolRequest;
export const answer = () => call(client, 'RespondToAuthChallenge', { ChallengeName: 'NEW_PASSWORD_REQUIRED', ClientId: 'c', ChallengeResponses: {} });
// @ts-expect-error the client's request carries a misspelt challenge name
export const answerTypo = () => call(client, 'RespondToAuthChallenge', { ChallengeName: 'NEW_PASWORD_REQUIRED', ClientId: 'c', ChallengeResponses: {} });

export const getUser = () => call(client, 'GetUser', { AccessToken: 't' });
// @ts-expect-error the client calls an operation that is not in the wire table
export const getUserTypo = () => call(client, 'GetUsr', { AccessToken: 't' });

export const serverError = new CognitoError('UserNotFoundException', 'User does not exist.');
// @ts-expect-error cognate-local throws a misspelt exception name
export const serverErrorTypo = new CognitoError('UserNotFoundExeption', 'User does not exist.');

declare const ctx: Services;
declare const poolClient: UserPoolClient;
export const session = () => createAuthSession(ctx, poolClient, 'alice', 'EMAIL_OTP');
// @ts-expect-error cognate-local opens a session for a misspelt challenge
export const sessionTypo = () => createAuthSession(ctx, poolClient, 'alice', 'EMAIL_OPT');

export const verified = { Status: 'SUCCESS' } satisfies VerifySoftwareTokenResponse;
// @ts-expect-error cognate-local answers with a misspelt value the client would not understand
export const verifiedTypo = { Status: 'SUCESS' } satisfies VerifySoftwareTokenResponse;
