/**
 * Passkey operations: StartWebAuthnRegistration, CompleteWebAuthnRegistration,
 * ListWebAuthnCredentials, DeleteWebAuthnCredential, and the WEB_AUTHN first factor of USER_AUTH
 * (CREDENTIAL_REQUEST_OPTIONS out, an assertion back).
 */
import type { Json, Operation, OperationContext } from '../context.js';
import { CognitoError, errors } from '../errors.js';
import type { UserPool, UserPoolClient, UserRecord } from '../model.js';
import { consumeAuthSession, createAuthSession } from '../services/auth-sessions.js';
import { finishSignIn, stateFrom, carry, type SignInState } from '../services/sign-in.js';
import { verifyAccessToken } from '../services/tokens.js';
import { getUser, saveUser } from '../services/users.js';
import {
  authenticationOptions,
  credentialsOf,
  deleteCredential,
  registrationOptions,
  saveCredential,
  verifyAuthentication,
  verifyRegistration,
  type StoredCredential,
} from '../services/webauthn.js';
import { webAuthnHooks } from '../challenges/user-auth.js';
import { param } from '../challenges/params.js';
import { parseJson } from '../input.js';
import { pageOf, readPaging } from '../paging.js';
import { reqString, TOKEN_RULE } from '../validate.js';

type RegistrationUser = UserRecord & { webauthnRegistration?: { challenge: string; expiresAt: number } };

function enabled(pool: UserPool): void {
  const factors = pool.Policies.SignInPolicy?.AllowedFirstAuthFactors ?? ['PASSWORD'];
  if (!factors.includes('WEB_AUTHN')) throw new CognitoError('WebAuthnNotEnabledException', 'Passkeys are not enabled for this user pool.');
}

export const startWebAuthnRegistration: Operation = async (input, ctx) => {
  const { pool, user } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  enabled(pool);
  const options = await registrationOptions(ctx, pool, user);
  const before = structuredClone(user);
  const next = user as RegistrationUser;
  next.webauthnRegistration = { challenge: String(options.challenge), expiresAt: ctx.clock.now() + 300 };
  saveUser(ctx, pool, next, before);
  return { CredentialCreationOptions: options };
};

export const completeWebAuthnRegistration: Operation = async (input, ctx) => {
  const { pool, user } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  enabled(pool);
  const credential = input.Credential;
  if (typeof credential !== 'object' || credential === null)
    throw errors.invalidParameter("1 validation error detected: Value null at 'credential' failed to satisfy constraint: Member must not be null");
  const pending = (user as RegistrationUser).webauthnRegistration;
  if (!pending || pending.expiresAt <= ctx.clock.now())
    throw new CognitoError('WebAuthnChallengeNotFoundException', 'No registration is in progress for this user.');
  const before = structuredClone(user);
  delete (user as RegistrationUser).webauthnRegistration;
  saveUser(ctx, pool, user, before);
  const stored = await verifyRegistration(ctx, pool, user, credential, pending.challenge);
  if (credentialsOf(ctx, pool, user).length >= 20) throw errors.limitExceeded('Too many passkeys registered for this user.');
  saveCredential(ctx, stored);
  return {};
};

export const listWebAuthnCredentials: Operation = async (input, ctx) => {
  const { pool, user } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  const paging = readPaging(input, { limit: 'MaxResults', min: 1, max: 20, fallback: 20, token: 'NextToken' });
  const { items, next } = pageOf(credentialsOf(ctx, pool, user), c => c.credentialId, paging, `ListWebAuthnCredentials/${pool.Id}/${user.username}`);
  return {
    Credentials: items.map((c: StoredCredential) => ({
      CredentialId: c.credentialId,
      ...(c.friendlyName ? { FriendlyCredentialName: c.friendlyName } : {}),
      RelyingPartyId: c.relyingPartyId,
      ...(c.attachment ? { AuthenticatorAttachment: c.attachment } : {}),
      AuthenticatorTransports: c.transports,
      CreatedAt: c.createdAt,
    })),
    ...(next ? { NextToken: next } : {}),
  };
};

export const deleteWebAuthnCredential: Operation = async (input, ctx) => {
  const { pool, user } = await verifyAccessToken(ctx, reqString(input, 'AccessToken', TOKEN_RULE));
  const id = reqString(input, 'CredentialId', { min: 1, max: 1024 });
  const credential = credentialsOf(ctx, pool, user).find(c => c.credentialId === id);
  if (!credential) throw errors.resourceNotFound('The credential was not found.');
  deleteCredential(ctx, credential);
  return {};
};

async function webAuthnChallenge(ctx: OperationContext, pool: UserPool, client: UserPoolClient, user: UserRecord, state: SignInState): Promise<Json> {
  const options = await authenticationOptions(ctx, pool, user);
  return {
    ChallengeName: 'WEB_AUTHN',
    Session: createAuthSession(ctx, client, user.username, 'WEB_AUTHN', { ...carry(state), challenge: String(options.challenge) }),
    ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options), USERNAME: user.username },
  };
}

/** RespondToAuthChallenge WEB_AUTHN: the assertion for the challenge in the session. */
export async function answerWebAuthn(
  ctx: OperationContext,
  pool: UserPool,
  client: UserPoolClient,
  responses: Record<string, string>,
  session: string | undefined,
): Promise<Json> {
  const text = param(responses, 'CREDENTIAL');
  const record = consumeAuthSession(ctx, session, client, 'WEB_AUTHN');
  const user = getUser(ctx, pool, record.username);
  if (!user || !user.enabled) throw errors.notAuthorized('Incorrect username or password.');
  const parsed = parseJson(text);
  if (!parsed) throw errors.invalidParameter('CREDENTIAL must be a JSON document.');
  const credential = parsed.value;
  await verifyAuthentication(ctx, pool, user, credential, record.data?.challenge ?? '');
  return finishSignIn(ctx, pool, client, user, stateFrom(record.data));
}

webAuthnHooks.available = (ctx, pool, user) => credentialsOf(ctx, pool, user).length > 0;
webAuthnHooks.challenge = webAuthnChallenge;
