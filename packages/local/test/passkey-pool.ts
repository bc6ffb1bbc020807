/**
 * What the passkey tests set up alike, through the AWS SDK: a pool whose first factors are PASSWORD
 * and WEB_AUTHN with a USER_AUTH client, a user signed in with their password, a passkey registered
 * from a SoftAuthenticator, and a WEB_AUTHN challenge and its answer.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
  CompleteWebAuthnRegistrationCommand,
  type CompleteWebAuthnRegistrationCommandInput,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  StartWebAuthnRegistrationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { expect } from 'vitest';
import type { SoftAuthenticator } from './soft-authenticator.js';

/** The SoftAuthenticator takes the JSON options as sent; the SDK types the credential as a document. */
export type CreationOptions = Parameters<SoftAuthenticator['create']>[0];
export type CredentialDocument = NonNullable<CompleteWebAuthnRegistrationCommandInput['Credential']>;

export interface PasskeyPool {
  client: CognitoIdentityProviderClient;
  poolId: string;
  clientId: string;
}

/** A pool named `name` that allows PASSWORD and WEB_AUTHN first, and its client 'web' (USER_AUTH, refresh). */
export async function createPasskeyPool(client: CognitoIdentityProviderClient, name: string): Promise<PasskeyPool> {
  const pool = await client.send(
    new CreateUserPoolCommand({ PoolName: name, Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } }),
  );
  const poolId = pool.UserPool!.Id!;
  const clientId = (
    await client.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    )
  ).UserPoolClient!.ClientId!;
  return { client, poolId, clientId };
}

/** Creates `username` (no message sent, with `attributes`), sets the password Passw0rd! and signs in with it (USER_AUTH): the access token. */
export async function signedInUser({ client, poolId, clientId }: PasskeyPool, username: string, attributes?: AttributeType[]): Promise<string> {
  await client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: attributes }));
  await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: 'Passw0rd!', Permanent: true }));
  const out = await client.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_AUTH',
      AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'Passw0rd!' },
    }),
  );
  return out.AuthenticationResult!.AccessToken!;
}

/** StartWebAuthnRegistration, then CompleteWebAuthnRegistration with the credential `authenticator` creates (`overrides` change what it signs). */
export async function registerPasskey(
  client: CognitoIdentityProviderClient,
  accessToken: string,
  authenticator: SoftAuthenticator,
  overrides: { origin?: string; rpId?: string } = {},
) {
  const { CredentialCreationOptions } = await client.send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
  const options = CredentialCreationOptions as CreationOptions;
  return client.send(
    new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: authenticator.create(options, overrides) as CredentialDocument }),
  );
}

/** USER_AUTH preferring WEB_AUTHN, which must be the challenge: its Session and the options the authenticator signs. */
export async function webAuthnChallenge({ client, clientId }: PasskeyPool, username: string) {
  const started = await client.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: 'WEB_AUTHN' } }),
  );
  expect(started.ChallengeName).toBe('WEB_AUTHN');
  return { session: started.Session!, options: JSON.parse(started.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!) as { challenge: string; rpId?: string } };
}

/** Answers a WEB_AUTHN challenge with `credential`. */
export function answerWebAuthn({ client, clientId }: PasskeyPool, username: string, session: string, credential: Record<string, unknown>) {
  return client.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'WEB_AUTHN',
      Session: session,
      ChallengeResponses: { USERNAME: username, CREDENTIAL: JSON.stringify(credential) },
    }),
  );
}
