/**
 * Passkeys (WebAuthn) for a user pool: registration and authentication ceremonies verified with
 * @simplewebauthn/server (attestation, assertion, signature counters), credentials owned by one
 * user, and the relying party from the pool's WebAuthnConfiguration (default `localhost`, so pages
 * served from http://localhost work in a browser).
 */
import type { AuthenticationResponseJSON, AuthenticatorTransport, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Json, Services } from '../context.js';
import { CognitoError, errors } from '../errors.js';
import type { UserPool, UserRecord } from '../model.js';
import { withUserLock } from './user-lock.js';

/**
 * @simplewebauthn/server takes ~400 ms to load (its attestation formats and ASN.1 schemas), more
 * than the rest of cognate-local together; only passkey ceremonies need it, so it loads on the first.
 */
let library: Promise<typeof import('@simplewebauthn/server')> | undefined;
const simpleWebAuthn = () => (library ??= import('@simplewebauthn/server'));

export interface StoredCredential {
  poolId: string;
  username: string;
  credentialId: string;
  publicKey: string; // base64url COSE key
  counter: number;
  transports: string[];
  attachment?: string;
  friendlyName?: string;
  relyingPartyId: string;
  createdAt: number;
}

export interface WebAuthnSettings {
  relyingPartyId: string;
  userVerification: 'required' | 'preferred';
}

export function webAuthnSettings(pool: UserPool): WebAuthnSettings {
  const config = pool.WebAuthnConfiguration as { RelyingPartyId?: string; UserVerification?: string } | undefined;
  return {
    relyingPartyId: config?.RelyingPartyId ?? 'localhost',
    userVerification: config?.UserVerification === 'required' ? 'required' : 'preferred',
  };
}

export function credentialsOf(ctx: Services, pool: UserPool, user: UserRecord): StoredCredential[] {
  return ctx.store.list<StoredCredential>('webauthn', `${pool.Id}/${user.username}/`);
}

export function saveCredential(ctx: Services, credential: StoredCredential): void {
  ctx.store.transaction(() => {
    ctx.store.put('webauthn', `${credential.poolId}/${credential.username}/${credential.credentialId}`, credential);
    ctx.store.put('webauthnIndex', `${credential.poolId}/${credential.credentialId}`, credential.username);
  });
}

export function deleteCredential(ctx: Services, credential: StoredCredential): void {
  ctx.store.transaction(() => {
    ctx.store.delete('webauthn', `${credential.poolId}/${credential.username}/${credential.credentialId}`);
    ctx.store.delete('webauthnIndex', `${credential.poolId}/${credential.credentialId}`);
  });
}

/** The page origin must be on the relying party's domain; plain http only for localhost. */
function originFrom(clientDataJSON: string, rpId: string): string {
  let origin: string;
  try {
    origin = (JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { origin?: unknown }).origin as string;
    const url = new URL(origin);
    const onDomain = url.hostname === rpId || url.hostname.endsWith(`.${rpId}`);
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === 'localhost');
    if (!onDomain || !secure) throw new Error('origin');
  } catch {
    throw new CognitoError('WebAuthnOriginNotAllowedException', 'The origin of the request is not allowed for this relying party.');
  }
  return origin;
}

/** What a ceremony's response is checked against alike: the challenge issued, the page origin (on the relying party's domain) and the relying party. */
function expectations(pool: UserPool, clientDataJSON: string, challenge: string) {
  const { relyingPartyId, userVerification } = webAuthnSettings(pool);
  return {
    expectedChallenge: challenge,
    expectedOrigin: originFrom(clientDataJSON, relyingPartyId),
    expectedRPID: relyingPartyId,
    requireUserVerification: userVerification === 'required',
  };
}

/** The pool's credentials of `user`, as the options of both ceremonies list them. */
function descriptorsOf(ctx: Services, pool: UserPool, user: UserRecord) {
  return credentialsOf(ctx, pool, user).map(c => ({ id: c.credentialId, transports: c.transports as AuthenticatorTransport[] }));
}

function fail(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  if (/RP ID/i.test(message)) throw new CognitoError('WebAuthnRelyingPartyMismatchException', 'The relying party ID does not match.');
  if (/origin/i.test(message)) throw new CognitoError('WebAuthnOriginNotAllowedException', 'The origin of the request is not allowed for this relying party.');
  if (/challenge/i.test(message)) throw new CognitoError('WebAuthnChallengeNotFoundException', 'The challenge does not match.');
  if (/type/i.test(message)) throw new CognitoError('WebAuthnClientMismatchException', 'The client data type does not match the ceremony.');
  if (/algorithm|attestation/i.test(message)) throw new CognitoError('WebAuthnCredentialNotSupportedException', `The credential is not supported: ${message}`);
  throw errors.notAuthorized('Invalid WebAuthn credential.');
}

export async function registrationOptions(ctx: Services, pool: UserPool, user: UserRecord): Promise<Json> {
  const { relyingPartyId, userVerification } = webAuthnSettings(pool);
  const options = await (await simpleWebAuthn()).generateRegistrationOptions({
    rpName: pool.Name,
    rpID: relyingPartyId,
    userName: user.attributes.email ?? user.attributes.phone_number ?? user.username,
    userID: new TextEncoder().encode(user.attributes.sub),
    userDisplayName: user.attributes.name ?? user.attributes.email ?? user.username,
    attestationType: 'none',
    excludeCredentials: descriptorsOf(ctx, pool, user),
    authenticatorSelection: { residentKey: 'required', userVerification },
  });
  return options as unknown as Json;
}

export async function verifyRegistration(ctx: Services, pool: UserPool, user: UserRecord, credential: unknown, challenge: string): Promise<StoredCredential> {
  const response = credential as RegistrationResponseJSON;
  if (typeof response?.response?.clientDataJSON !== 'string') throw errors.invalidParameter('Credential is not a RegistrationResponseJSON document.');
  const expected = expectations(pool, response.response.clientDataJSON, challenge);
  const { verifyRegistrationResponse } = await simpleWebAuthn();
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({ response, ...expected });
  } catch (error) {
    fail(error);
  }
  if (!verified.verified || !verified.registrationInfo) throw errors.notAuthorized('Invalid WebAuthn credential.');
  const info = verified.registrationInfo;
  if (ctx.store.get('webauthnIndex', `${pool.Id}/${info.credential.id}`) !== undefined) {
    throw errors.invalidParameter('This credential is already registered.');
  }
  return {
    poolId: pool.Id,
    username: user.username,
    credentialId: info.credential.id,
    publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
    counter: info.credential.counter,
    transports: response.response.transports ?? [],
    ...(response.authenticatorAttachment ? { attachment: response.authenticatorAttachment } : {}),
    relyingPartyId: expected.expectedRPID,
    createdAt: ctx.clock.now(),
  };
}

export async function authenticationOptions(ctx: Services, pool: UserPool, user: UserRecord): Promise<Json> {
  const { relyingPartyId, userVerification } = webAuthnSettings(pool);
  const options = await (await simpleWebAuthn()).generateAuthenticationOptions({
    rpID: relyingPartyId,
    allowCredentials: descriptorsOf(ctx, pool, user),
    userVerification,
  });
  return options as unknown as Json;
}

/**
 * Verifies an assertion for `user`, updating the signature counter. Foreign credentials fail.
 * Reading the stored counter, verifying against it and writing the new one are one step per user
 * (withUserLock), and the write checks the counter again (for other processes on one --data
 * folder): of parallel assertions carrying the same counter (a replayed or cloned authenticator),
 * one passes and the others meet the counter it stored.
 */
export async function verifyAuthentication(ctx: Services, pool: UserPool, user: UserRecord, credential: unknown, challenge: string): Promise<void> {
  const response = credential as AuthenticationResponseJSON;
  if (typeof response?.id !== 'string' || typeof response?.response?.clientDataJSON !== 'string') {
    throw errors.invalidParameter('Credential is not an AuthenticationResponseJSON document.');
  }
  const { verifyAuthenticationResponse } = await simpleWebAuthn();
  return withUserLock(ctx, pool, user.username, async () => {
    const stored = ctx.store.get<StoredCredential>('webauthn', `${pool.Id}/${user.username}/${response.id}`);
    if (!stored) throw errors.notAuthorized('Invalid WebAuthn credential.');
    const expected = expectations(pool, response.response.clientDataJSON, challenge);
    let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    try {
      verified = await verifyAuthenticationResponse({
        response,
        ...expected,
        credential: {
          id: stored.credentialId,
          publicKey: Buffer.from(stored.publicKey, 'base64url'),
          counter: stored.counter,
          transports: stored.transports as AuthenticatorTransport[],
        },
      });
    } catch (error) {
      fail(error);
    }
    if (!verified.verified) throw errors.notAuthorized('Invalid WebAuthn credential.');
    const newCounter = verified.authenticationInfo.newCounter;
    // The counter is checked again against the stored one inside the write that advances it
    // (IMMEDIATE: another process on one --data folder may have advanced it since the read above):
    // of two assertions with the same counter, the second to write is refused, as it would have been
    // had it read the first one's counter.
    ctx.store.transaction(() => {
      const current = ctx.store.get<StoredCredential>('webauthn', `${pool.Id}/${user.username}/${response.id}`);
      if (!current || ((newCounter > 0 || current.counter > 0) && newCounter <= current.counter)) throw errors.notAuthorized('Invalid WebAuthn credential.');
      saveCredential(ctx, { ...current, counter: newCounter });
    });
  });
}
