/**
 * Passkeys through the AWS SDK with a software authenticator: registration (attestation verified),
 * listing, USER_AUTH sign-in with WEB_AUTHN (assertion verified, counter checked), credential
 * ownership, deletion, origin and relying-party checks.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CompleteWebAuthnRegistrationCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteWebAuthnCredentialCommand,
  InitiateAuthCommand,
  ListWebAuthnCredentialsCommand,
  RespondToAuthChallengeCommand,
  StartWebAuthnRegistrationCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { errorOf, sdk, start } from './helpers.js';
import {
  answerWebAuthn,
  createPasskeyPool,
  type CreationOptions,
  type CredentialDocument,
  type PasskeyPool,
  registerPasskey,
  signedInUser,
  webAuthnChallenge,
} from './passkey-pool.js';
import { SoftAuthenticator } from './soft-authenticator.js';

let server: RunningServer;
let client: CognitoIdentityProviderClient;
let pool: PasskeyPool;
let clientId: string;

const user = (username: string) =>
  signedInUser(pool, username, [
    { Name: 'email', Value: `${username}@example.com` },
    { Name: 'email_verified', Value: 'true' },
  ]);

const register = (accessToken: string, authenticator: SoftAuthenticator, overrides: { origin?: string; rpId?: string } = {}) =>
  registerPasskey(client, accessToken, authenticator, overrides);

async function passkeySignIn(username: string, authenticator: SoftAuthenticator, overrides: { origin?: string; counter?: number } = {}) {
  const { session, options } = await webAuthnChallenge(pool, username);
  return answerWebAuthn(pool, username, session, authenticator.get(options, overrides));
}

beforeAll(async () => {
  server = await start();
  client = sdk(server.url);
  pool = await createPasskeyPool(client, 'passkeys');
  clientId = pool.clientId;
});
afterAll(async () => {
  client?.destroy();
  await server?.close();
});

describe('passkeys', () => {
  it('registers, lists, signs in, and stops working once deleted', async () => {
    const access = await user('pia');
    const key = new SoftAuthenticator();
    const { CredentialCreationOptions } = await client.send(new StartWebAuthnRegistrationCommand({ AccessToken: access }));
    expect(CredentialCreationOptions).toMatchObject({ rp: { id: 'localhost', name: 'passkeys' }, authenticatorSelection: { residentKey: 'required' } });
    await client.send(
      new CompleteWebAuthnRegistrationCommand({
        AccessToken: access,
        Credential: key.create(CredentialCreationOptions as CreationOptions) as CredentialDocument,
      }),
    );
    const listed = await client.send(new ListWebAuthnCredentialsCommand({ AccessToken: access }));
    expect(listed.Credentials).toHaveLength(1);
    expect(listed.Credentials![0]).toMatchObject({
      CredentialId: key.id,
      RelyingPartyId: 'localhost',
      AuthenticatorAttachment: 'platform',
      AuthenticatorTransports: ['internal'],
    });
    expect(listed.Credentials![0]!.CreatedAt).toBeInstanceOf(Date);

    const select = await client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'pia' } }));
    expect(select.AvailableChallenges).toEqual(['PASSWORD_SRP', 'PASSWORD', 'WEB_AUTHN']);
    const signedIn = await passkeySignIn('pia', key);
    expect(signedIn.AuthenticationResult?.AccessToken).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);

    await client.send(new DeleteWebAuthnCredentialCommand({ AccessToken: access, CredentialId: key.id }));
    expect((await client.send(new ListWebAuthnCredentialsCommand({ AccessToken: access }))).Credentials).toEqual([]);
    const after = await client.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'pia', PREFERRED_CHALLENGE: 'WEB_AUTHN' } }),
    );
    expect(after.ChallengeName).toBe('SELECT_CHALLENGE');
    expect(after.AvailableChallenges).not.toContain('WEB_AUTHN');
  });

  it("refuses a replayed counter, another user's passkey, a foreign origin and a wrong relying party", async () => {
    const access = await user('quin');
    const key = new SoftAuthenticator();
    await register(access, key);
    expect((await passkeySignIn('quin', key)).AuthenticationResult).toEqual(
      expect.objectContaining({ AccessToken: expect.stringMatching(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/), TokenType: 'Bearer' }),
    );
    expect((await errorOf(passkeySignIn('quin', key, { counter: 1 }))).name).toBe('NotAuthorizedException');
    expect((await errorOf(passkeySignIn('quin', key, { origin: 'https://evil.example' }))).name).toBe('WebAuthnOriginNotAllowedException');

    const other = await user('rex');
    const rexKey = new SoftAuthenticator();
    await register(other, rexKey);
    const started = await client.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'quin', PREFERRED_CHALLENGE: 'WEB_AUTHN' } }),
    );
    const stolen = rexKey.get(JSON.parse(started.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!));
    const foreign = await errorOf(
      client.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'WEB_AUTHN',
          Session: started.Session,
          ChallengeResponses: { USERNAME: 'quin', CREDENTIAL: JSON.stringify(stolen) },
        }),
      ),
    );
    expect(foreign.name).toBe('NotAuthorizedException');

    expect((await errorOf(register(access, new SoftAuthenticator(), { rpId: 'example.com' }))).name).toBe('WebAuthnRelyingPartyMismatchException');
    expect((await errorOf(register(access, new SoftAuthenticator(), { origin: 'http://127.0.0.1:3000' }))).name).toBe('WebAuthnOriginNotAllowedException');
    const noStart = await errorOf(
      client.send(
        new CompleteWebAuthnRegistrationCommand({
          AccessToken: access,
          Credential: new SoftAuthenticator().create({ challenge: 'x', rp: {}, user: { id: 'u' } }) as CredentialDocument,
        }),
      ),
    );
    expect(noStart.name).toBe('WebAuthnChallengeNotFoundException');
  });

  it('is refused where the pool does not allow passkeys', async () => {
    const pool = await client.send(new CreateUserPoolCommand({ PoolName: 'no-passkeys' }));
    const id = (
      await client.send(new CreateUserPoolClientCommand({ UserPoolId: pool.UserPool!.Id, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }))
    ).UserPoolClient!.ClientId!;
    await client.send(new AdminCreateUserCommand({ UserPoolId: pool.UserPool!.Id, Username: 'sam', MessageAction: 'SUPPRESS' }));
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.UserPool!.Id, Username: 'sam', Password: 'Passw0rd!', Permanent: true }));
    const out = await client.send(
      new InitiateAuthCommand({ ClientId: id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'sam', PASSWORD: 'Passw0rd!' } }),
    );
    const error = await errorOf(client.send(new StartWebAuthnRegistrationCommand({ AccessToken: out.AuthenticationResult!.AccessToken })));
    expect(error.name).toBe('WebAuthnNotEnabledException');
  });
});
