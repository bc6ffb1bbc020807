/**
 * MFA and devices through the AWS SDK: TOTP computed from the shared secret as an authenticator app
 * does (RFC 6238, implemented here independently of the server), SMS and email codes from the
 * outbox, selection, setup inside sign-in, retries and limits, remembered devices with device SRP.
 */
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AssociateSoftwareTokenCommand,
  ConfirmDeviceCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgetDeviceCommand,
  GetUserCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  UpdateDeviceStatusCommand,
  VerifySoftwareTokenCommand,
  type CognitoIdentityProviderClient,
  type InitiateAuthCommandOutput,
  type ChallengeNameType,
} from '@aws-sdk/client-cognito-identity-provider';
import { computePasswordClaimSignature, createDeviceSecretVerifier, formatSrpTimestamp, srpAToHex, startSrpSession } from '@cognate/protocol';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { decodePayload, errorOf, lastCode, sdk, setClock, start } from './helpers.js';

let server: RunningServer;
let client: CognitoIdentityProviderClient;

/** An authenticator app: RFC 4648 base32 and RFC 6238 TOTP (SHA-1, 30 s, 6 digits). */
function totp(secret: string, at = Date.now(), stepOffset = 0): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map(b => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30) + stepOffset));
  const mac = createHmac('sha1', key).update(counter).digest();
  const o = mac[19]! & 15;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1e6).padStart(6, '0');
}

async function clock(offsetSeconds: number) {
  await setClock(server.url, { offsetSeconds });
}

interface Setup {
  poolId: string;
  clientId: string;
}

async function makePool(name: string, extra: Record<string, unknown>): Promise<Setup> {
  const pool = await client.send(new CreateUserPoolCommand({ PoolName: name, ...extra }));
  const poolId = pool.UserPool!.Id!;
  const app = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'web',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  return { poolId, clientId: app.UserPoolClient!.ClientId! };
}

async function makeUser({ poolId }: Setup, username: string, attributes: Record<string, string> = {}): Promise<void> {
  await client.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: Object.entries({ email: `${username}@example.com`, email_verified: 'true', ...attributes }).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
  await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: 'Passw0rd!', Permanent: true }));
}

function signIn({ clientId }: Setup, username: string, extra: Record<string, string> = {}): Promise<InitiateAuthCommandOutput> {
  return client.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: 'Passw0rd!', ...extra } }),
  );
}

function respond({ clientId }: Setup, ChallengeName: ChallengeNameType, Session: string | undefined, ChallengeResponses: Record<string, string>) {
  return client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName, Session, ChallengeResponses }));
}

/** Registers an authenticator app for a signed-in user; returns its secret. */
async function registerTotp(accessToken: string): Promise<string> {
  const { SecretCode } = await client.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
  expect(SecretCode).toMatch(/^[A-Z2-7]{32}$/);
  const verified = await client.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: totp(SecretCode!), FriendlyDeviceName: 'phone' }));
  expect(verified.Status).toBe('SUCCESS');
  return SecretCode!;
}

beforeAll(async () => {
  server = await start();
  client = sdk(server.url);
});
afterAll(async () => {
  client?.destroy();
  await server?.close();
});

describe('TOTP', () => {
  it('registers an authenticator app, then signs in with its codes; wrong and reused codes fail', async () => {
    const setup = await makePool('totp', { MfaConfiguration: 'OPTIONAL' });
    await makeUser(setup, 'tina');
    const first = await signIn(setup, 'tina');
    expect(first.AuthenticationResult).toEqual(
      expect.objectContaining({ AccessToken: expect.stringMatching(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/), TokenType: 'Bearer' }),
    );
    const secret = await registerTotp(first.AuthenticationResult!.AccessToken!);
    const wrongVerify = await errorOf(
      client.send(new VerifySoftwareTokenCommand({ AccessToken: first.AuthenticationResult!.AccessToken!, UserCode: '000000' })),
    );
    expect(wrongVerify.name).toBe('SoftwareTokenMFANotFoundException');
    await client.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: first.AuthenticationResult!.AccessToken!,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const me = await client.send(new GetUserCommand({ AccessToken: first.AuthenticationResult!.AccessToken! }));
    expect(me.PreferredMfaSetting).toBe('SOFTWARE_TOKEN_MFA');
    expect(me.UserMFASettingList).toEqual(['SOFTWARE_TOKEN_MFA']);

    const challenged = await signIn(setup, 'tina');
    expect(challenged.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    expect(challenged.ChallengeParameters?.FRIENDLY_DEVICE_NAME).toBe('phone');
    const wrong = totp(secret, Date.now(), 5);
    const mismatch = await errorOf(respond(setup, 'SOFTWARE_TOKEN_MFA', challenged.Session, { USERNAME: 'tina', SOFTWARE_TOKEN_MFA_CODE: wrong }));
    expect(mismatch.name).toBe('CodeMismatchException');
    // The same session can be retried after a wrong code; the verification step used the current code,
    // so use the next step's code (within the ±1 window) to avoid replay protection.
    const code = totp(secret, Date.now(), 1);
    const done = await respond(setup, 'SOFTWARE_TOKEN_MFA', challenged.Session, { USERNAME: 'tina', SOFTWARE_TOKEN_MFA_CODE: code });
    expect(done.AuthenticationResult?.AccessToken).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
    const again = await signIn(setup, 'tina');
    const replay = await errorOf(respond(setup, 'SOFTWARE_TOKEN_MFA', again.Session, { USERNAME: 'tina', SOFTWARE_TOKEN_MFA_CODE: code }));
    expect(replay.name).toBe('CodeMismatchException');
  });

  it('cannot turn on TOTP without a verified app, or SMS without a phone number', async () => {
    const setup = await makePool('prefs', { MfaConfiguration: 'OPTIONAL' });
    await makeUser(setup, 'uma');
    const { AuthenticationResult } = await signIn(setup, 'uma');
    const totpError = await errorOf(
      client.send(new SetUserMFAPreferenceCommand({ AccessToken: AuthenticationResult!.AccessToken!, SoftwareTokenMfaSettings: { Enabled: true } })),
    );
    expect(totpError.name).toBe('InvalidParameterException');
    const smsError = await errorOf(
      client.send(new SetUserMFAPreferenceCommand({ AccessToken: AuthenticationResult!.AccessToken!, SMSMfaSettings: { Enabled: true } })),
    );
    expect(smsError.name).toBe('InvalidParameterException');
  });
});

describe('SMS, email and selection', () => {
  it('offers a choice when several factors are on, then sends an SMS code', async () => {
    const setup = await makePool('select', { MfaConfiguration: 'OPTIONAL' });
    await makeUser(setup, 'vic', { phone_number: '+15555550123', phone_number_verified: 'true' });
    const { AuthenticationResult } = await signIn(setup, 'vic');
    await registerTotp(AuthenticationResult!.AccessToken!);
    await client.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: AuthenticationResult!.AccessToken!,
        SMSMfaSettings: { Enabled: true },
        SoftwareTokenMfaSettings: { Enabled: true },
      }),
    );
    const challenged = await signIn(setup, 'vic');
    expect(challenged.ChallengeName).toBe('SELECT_MFA_TYPE');
    expect(JSON.parse(challenged.ChallengeParameters!.MFAS_CAN_CHOOSE!)).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    const sms = await respond(setup, 'SELECT_MFA_TYPE', challenged.Session, { USERNAME: 'vic', ANSWER: 'SMS_MFA' });
    expect(sms.ChallengeName).toBe('SMS_MFA');
    expect(sms.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0123' });
    const code = await lastCode(server.url, setup.poolId, 'vic');
    const done = await respond(setup, 'SMS_MFA', sms.Session, { USERNAME: 'vic', SMS_MFA_CODE: code });
    expect(done.AuthenticationResult?.IdToken).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
  });

  it('three wrong codes end the session; an expired session is refused', async () => {
    const setup = await makePool('sms-limits', { MfaConfiguration: 'ON' });
    await makeUser(setup, 'wes', { phone_number: '+15555550124' });
    const challenged = await signIn(setup, 'wes');
    expect(challenged.ChallengeName).toBe('SMS_MFA');
    const code = await lastCode(server.url, setup.poolId, 'wes');
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await errorOf(respond(setup, 'SMS_MFA', challenged.Session, { USERNAME: 'wes', SMS_MFA_CODE: wrong }))).name).toBe('CodeMismatchException');
    expect((await errorOf(respond(setup, 'SMS_MFA', challenged.Session, { USERNAME: 'wes', SMS_MFA_CODE: wrong }))).name).toBe('CodeMismatchException');
    expect((await errorOf(respond(setup, 'SMS_MFA', challenged.Session, { USERNAME: 'wes', SMS_MFA_CODE: wrong }))).name).toBe('NotAuthorizedException');
    expect((await errorOf(respond(setup, 'SMS_MFA', challenged.Session, { USERNAME: 'wes', SMS_MFA_CODE: code }))).name).toBe('NotAuthorizedException');
    const next = await signIn(setup, 'wes');
    await clock(181);
    const expired = await errorOf(respond(setup, 'SMS_MFA', next.Session, { USERNAME: 'wes', SMS_MFA_CODE: await lastCode(server.url, setup.poolId, 'wes') }));
    await clock(0);
    expect(expired.message).toBe('Invalid session for the user, session is expired.');
  });

  it('sets up email MFA inside sign-in when the pool requires MFA', async () => {
    const setup = await makePool('email-setup', {});
    await client.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: setup.poolId,
        MfaConfiguration: 'ON',
        EmailMfaConfiguration: { Message: 'code {####}' },
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    const config = await client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: setup.poolId }));
    expect(config).toMatchObject({ MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } });
    expect(config.EmailMfaConfiguration).toMatchObject({ Message: 'code {####}' });
    await makeUser(setup, 'xena');
    const challenged = await signIn(setup, 'xena');
    expect(challenged.ChallengeName).toBe('MFA_SETUP');
    expect(JSON.parse(challenged.ChallengeParameters!.MFAS_CAN_SETUP!)).toEqual(['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']);
    const email = await respond(setup, 'MFA_SETUP', challenged.Session, { USERNAME: 'xena', EMAIL: 'xena.mfa@example.com' });
    expect(email.ChallengeName).toBe('EMAIL_OTP');
    expect(email.ChallengeParameters?.CODE_DELIVERY_DESTINATION).toBe('x***@e***');
    const done = await respond(setup, 'EMAIL_OTP', email.Session, { USERNAME: 'xena', EMAIL_OTP_CODE: await lastCode(server.url, setup.poolId, 'xena') });
    expect(done.AuthenticationResult).toEqual(
      expect.objectContaining({ AccessToken: expect.stringMatching(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/), TokenType: 'Bearer' }),
    );
    const user = await client.send(new AdminGetUserCommand({ UserPoolId: setup.poolId, Username: 'xena' }));
    expect(user.PreferredMfaSetting).toBe('EMAIL_OTP');
    expect(user.UserAttributes).toContainEqual({ Name: 'email', Value: 'xena.mfa@example.com' });
    expect((await signIn(setup, 'xena')).ChallengeName).toBe('EMAIL_OTP');
  });

  it('sets up TOTP inside sign-in with the challenge session', async () => {
    const setup = await makePool('totp-setup', {});
    await client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: setup.poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    await makeUser(setup, 'yara');
    const challenged = await signIn(setup, 'yara');
    expect(challenged.ChallengeName).toBe('MFA_SETUP');
    expect(JSON.parse(challenged.ChallengeParameters!.MFAS_CAN_SETUP!)).toEqual(['SOFTWARE_TOKEN_MFA']);
    const associated = await client.send(new AssociateSoftwareTokenCommand({ Session: challenged.Session }));
    const verified = await client.send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: totp(associated.SecretCode!) }));
    expect(verified.Status).toBe('SUCCESS');
    const done = await respond(setup, 'MFA_SETUP', verified.Session, { USERNAME: 'yara' });
    expect(done.AuthenticationResult).toEqual(
      expect.objectContaining({ AccessToken: expect.stringMatching(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/), TokenType: 'Bearer' }),
    );
    const next = await signIn(setup, 'yara');
    expect(next.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
  });
});

describe('devices', () => {
  it('tracks, confirms, remembers and authenticates a device; a remembered device skips MFA', async () => {
    const setup = await makePool('devices', {
      MfaConfiguration: 'OPTIONAL',
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: true },
    });
    await makeUser(setup, 'zed');
    const first = await signIn(setup, 'zed');
    const meta = first.AuthenticationResult!.NewDeviceMetadata!;
    expect(meta.DeviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/);
    const access = first.AuthenticationResult!.AccessToken!;
    expect(decodePayload(access).device_key).toBe(meta.DeviceKey);
    const secret = await registerTotp(access);
    await client.send(new SetUserMFAPreferenceCommand({ AccessToken: access, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));

    const verifier = await createDeviceSecretVerifier(meta.DeviceGroupKey!, meta.DeviceKey!);
    const confirmed = await client.send(
      new ConfirmDeviceCommand({
        AccessToken: access,
        DeviceKey: meta.DeviceKey,
        DeviceName: 'laptop',
        DeviceSecretVerifierConfig: { Salt: verifier.salt, PasswordVerifier: verifier.passwordVerifier },
      }),
    );
    expect(confirmed.UserConfirmationNecessary).toBe(true);
    const listed = await client.send(new ListDevicesCommand({ AccessToken: access }));
    expect(listed.Devices?.map(d => d.DeviceKey)).toEqual([meta.DeviceKey]);
    expect(listed.Devices?.[0]?.DeviceAttributes).toContainEqual({ Name: 'device_name', Value: 'laptop' });

    /** Signs in from the device: password, then device SRP, then maybe MFA. */
    const fromDevice = async () => {
      const started = await signIn(setup, 'zed', { DEVICE_KEY: meta.DeviceKey! });
      expect(started.ChallengeName).toBe('DEVICE_SRP_AUTH');
      const srp = startSrpSession();
      const challenge = await respond(setup, 'DEVICE_SRP_AUTH', started.Session, { USERNAME: 'zed', DEVICE_KEY: meta.DeviceKey!, SRP_A: srpAToHex(srp.A) });
      expect(challenge.ChallengeName).toBe('DEVICE_PASSWORD_VERIFIER');
      const p = challenge.ChallengeParameters!;
      const timestamp = formatSrpTimestamp();
      const signature = await computePasswordClaimSignature({
        poolName: meta.DeviceGroupKey!,
        userId: meta.DeviceKey!,
        password: verifier.randomPassword,
        session: srp,
        srpB: p.SRP_B!,
        salt: p.SALT!,
        secretBlock: p.SECRET_BLOCK!,
        timestamp,
      });
      return respond(setup, 'DEVICE_PASSWORD_VERIFIER', challenge.Session, {
        USERNAME: 'zed',
        DEVICE_KEY: meta.DeviceKey!,
        PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!,
        PASSWORD_CLAIM_SIGNATURE: signature,
        TIMESTAMP: timestamp,
      });
    };

    const notRemembered = await fromDevice();
    expect(notRemembered.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const mfaDone = await respond(setup, 'SOFTWARE_TOKEN_MFA', notRemembered.Session, {
      USERNAME: 'zed',
      SOFTWARE_TOKEN_MFA_CODE: totp(secret, Date.now(), 1),
    });
    expect(decodePayload(mfaDone.AuthenticationResult!.AccessToken!).device_key).toBe(meta.DeviceKey);
    expect(mfaDone.AuthenticationResult!.NewDeviceMetadata).toBeUndefined();

    await client.send(new UpdateDeviceStatusCommand({ AccessToken: access, DeviceKey: meta.DeviceKey, DeviceRememberedStatus: 'remembered' }));
    const remembered = await fromDevice();
    expect(remembered.ChallengeName).toBeUndefined();
    expect(remembered.AuthenticationResult?.AccessToken).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);

    await client.send(new ForgetDeviceCommand({ AccessToken: access, DeviceKey: meta.DeviceKey }));
    const forgotten = await errorOf(signIn(setup, 'zed', { DEVICE_KEY: meta.DeviceKey! }));
    expect(forgotten.name).toBe('ResourceNotFoundException');
    expect(forgotten.message).toBe('Device does not exist.');
    // Amplify's SRP flow sends the device key with PASSWORD_VERIFIER; a forgotten one fails there too.
    const srp = startSrpSession();
    const begun = await client.send(
      new InitiateAuthCommand({ ClientId: setup.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'zed', SRP_A: srpAToHex(srp.A) } }),
    );
    const p = begun.ChallengeParameters!;
    const timestamp = formatSrpTimestamp();
    const signature = await computePasswordClaimSignature({
      poolName: setup.poolId.split('_')[1]!,
      userId: p.USER_ID_FOR_SRP!,
      password: 'Passw0rd!',
      session: srp,
      srpB: p.SRP_B!,
      salt: p.SALT!,
      secretBlock: p.SECRET_BLOCK!,
      timestamp,
    });
    const viaSrp = await errorOf(
      respond(setup, 'PASSWORD_VERIFIER', undefined, {
        USERNAME: 'zed',
        PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!,
        PASSWORD_CLAIM_SIGNATURE: signature,
        TIMESTAMP: timestamp,
        DEVICE_KEY: meta.DeviceKey!,
      }),
    );
    expect(viaSrp.message).toBe('Device does not exist.');
  });
});
