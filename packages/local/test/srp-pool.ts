/**
 * What the SRP and device tests set up alike, through the AWS SDK: a pool with users who have a
 * password (and, when asked, remembers every device), a USER_SRP_AUTH challenge, the password claim
 * that answers an SRP challenge, a device confirmed with a good verifier, and DEVICE_SRP_AUTH.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  ConfirmDeviceCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type ExplicitAuthFlowsType,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { computePasswordClaimSignature, createDeviceSecretVerifier, formatSrpTimestamp, srpAToHex, startSrpSession } from '@cognate/protocol';
import { expect } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { sdk, start } from './helpers.js';

/** Every user's password. */
export const PASSWORD = 'Passw0rd!';

export interface PoolOptions {
  /** The pool's PoolName. */
  name: string;
  /** Users created (no message sent) and given PASSWORD, permanent. */
  users: string[];
  /** The client's ExplicitAuthFlows. */
  flows?: ExplicitAuthFlowsType[];
  /** Whether the pool remembers every device, without a challenge and without asking the user. */
  devices?: boolean;
}

export interface TestPool {
  client: CognitoIdentityProviderClient;
  poolId: string;
  clientId: string;
}

/** Creates a pool, its client 'c' and its users. */
export async function createPool(
  client: CognitoIdentityProviderClient,
  { name, users, flows = ['ALLOW_USER_SRP_AUTH'], devices = false }: PoolOptions,
): Promise<TestPool> {
  const DeviceConfiguration = devices ? { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false } : undefined;
  const poolId = (await client.send(new CreateUserPoolCommand({ PoolName: name, DeviceConfiguration }))).UserPool!.Id!;
  const clientId = (await client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: flows }))).UserPoolClient!
    .ClientId!;
  for (const username of users) {
    await client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS' }));
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  }
  return { client, poolId, clientId };
}

/** Starts a server (in-process, loopback) and creates the pool on it. */
export async function startPool(options: PoolOptions): Promise<TestPool & { server: RunningServer }> {
  const server = await start();
  return { server, ...(await createPool(sdk(server.url), options)) };
}

/** USER_SRP_AUTH for `username` with a fresh A (or `srpA` as sent): the SRP session and the challenge's parameters. */
export async function srpChallenge(client: CognitoIdentityProviderClient, clientId: string, username: string, srpA?: string) {
  const session = startSrpSession();
  const r = await client.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: srpA ?? srpAToHex(session.A) } }),
  );
  return { session, p: r.ChallengeParameters! };
}

export type SrpChallenge = Awaited<ReturnType<typeof srpChallenge>>;

/**
 * The PASSWORD_CLAIM_* responses that prove `password` to an SRP challenge (PASSWORD_VERIFIER or
 * DEVICE_PASSWORD_VERIFIER), timestamped now: the proof is made with `session` and the challenge's
 * B and salt, for `secretBlock` (by default the challenge's).
 */
export async function passwordClaim(claim: {
  /** The pool name part of the pool id, or the device group key. */
  poolName: string;
  /** USER_ID_FOR_SRP, or the device key. */
  userId: string;
  password: string;
  session: SrpChallenge['session'];
  p: Record<string, string>;
  secretBlock?: string;
}): Promise<Record<'PASSWORD_CLAIM_SECRET_BLOCK' | 'PASSWORD_CLAIM_SIGNATURE' | 'TIMESTAMP', string>> {
  const secretBlock = claim.secretBlock ?? claim.p.SECRET_BLOCK!;
  const timestamp = formatSrpTimestamp();
  const signature = await computePasswordClaimSignature({
    poolName: claim.poolName,
    userId: claim.userId,
    password: claim.password,
    session: claim.session,
    srpB: claim.p.SRP_B!,
    salt: claim.p.SALT!,
    secretBlock,
    timestamp,
  });
  return { PASSWORD_CLAIM_SECRET_BLOCK: secretBlock, PASSWORD_CLAIM_SIGNATURE: signature, TIMESTAMP: timestamp };
}

/**
 * Answers the USER_SRP_AUTH challenge `c` with `password`, the proof made with `signedFor`'s session,
 * user, B and salt (by default `c`'s own) for `c`'s secret block: 'ok' when tokens come back, else
 * the refusal's name.
 */
export async function answerSrp(pool: TestPool, c: SrpChallenge, password: string, signedFor = c): Promise<string> {
  const claim = await passwordClaim({
    poolName: pool.poolId.split('_')[1]!,
    userId: signedFor.p.USER_ID_FOR_SRP!,
    password,
    session: signedFor.session,
    p: signedFor.p,
    secretBlock: c.p.SECRET_BLOCK!,
  });
  try {
    const r = await pool.client.send(
      new RespondToAuthChallengeCommand({
        ClientId: pool.clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: { USERNAME: c.p.USER_ID_FOR_SRP!, ...claim },
      }),
    );
    return r.AuthenticationResult?.AccessToken ? 'ok' : 'no tokens';
  } catch (error) {
    return (error as Error).name;
  }
}

/** Signs `username` in with USER_PASSWORD_AUTH (the pool remembers devices) and confirms the new device with a good verifier. */
export async function confirmNewDevice(client: CognitoIdentityProviderClient, clientId: string, username: string) {
  const first = (
    await client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD } }))
  ).AuthenticationResult!;
  const meta = first.NewDeviceMetadata!;
  const verifier = await createDeviceSecretVerifier(meta.DeviceGroupKey!, meta.DeviceKey!);
  await client.send(
    new ConfirmDeviceCommand({
      AccessToken: first.AccessToken!,
      DeviceKey: meta.DeviceKey,
      DeviceSecretVerifierConfig: { Salt: verifier.salt, PasswordVerifier: verifier.passwordVerifier },
    }),
  );
  return { deviceKey: meta.DeviceKey!, verifier };
}

/**
 * A USER_PASSWORD_AUTH sign-in from the device `deviceKey`, which must be asked for DEVICE_SRP_AUTH:
 * what answers that challenge with an SRP_A.
 */
export async function startDeviceSrp(client: CognitoIdentityProviderClient, clientId: string, username: string, deviceKey: string) {
  const started = await client.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD, DEVICE_KEY: deviceKey },
    }),
  );
  expect(started.ChallengeName).toBe('DEVICE_SRP_AUTH');
  return (srpA: string) =>
    client.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'DEVICE_SRP_AUTH',
        Session: started.Session,
        ChallengeResponses: { USERNAME: username, DEVICE_KEY: deviceKey, SRP_A: srpA },
      }),
    );
}

/** A refused call's error as `name (status): message`. */
export function refusal(error: unknown): string {
  const e = error as Error & { $metadata?: { httpStatusCode?: number } };
  return `${e.name} (${e.$metadata?.httpStatusCode}): ${e.message}`;
}
