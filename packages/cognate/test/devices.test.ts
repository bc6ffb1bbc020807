/**
 * Devices through cognate and the real aws-amplify against cognate-local: a sign-in that creates a
 * device confirms it (ConfirmDevice with the SRP verifier) and keeps its keys under Amplify's names
 * across sign-out; later sign-ins send DEVICE_KEY and answer DEVICE_SRP_AUTH transparently; a
 * remembered device skips MFA; fetchDevices / rememberDevice / forgetDevice; and a device the
 * server no longer knows ("Device does not exist.") is dropped and the sign-in retried.
 */
import { describe, expect, it } from 'vitest';
import { decodeJWT } from '../src/auth.js';
import { call } from './helpers.js';
import { code, configureBoth, createPool, createUsers, env, expectSame, outcome, PASSWORD, useServer, type Lib, type Pool } from './harness.js';

// Amplify names the device from navigator (absent in Node 20, where it would skip ConfirmDevice).
(globalThis as { navigator?: unknown }).navigator ??= { userAgent: 'vitest' };

useServer();

let pool: Pool;

const deviceKeys = (lib: Lib) =>
  Object.fromEntries(
    [...lib.storage.map].filter(([k]) => /\.(deviceKey|deviceGroupKey|randomPasswordKey)$/.test(k)).map(([k, v]) => [k.split('.').at(-1)!, v]),
  );

async function accessToken(lib: Lib): Promise<string> {
  return (await lib.api.fetchAuthSession()).tokens!.accessToken.toString();
}

it('setUp', async () => {
  pool = await createPool(
    { DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: true } },
    { MfaConfiguration: 'OPTIONAL', EmailMfaConfiguration: { Message: 'Your code is {####}' } },
  );
  configureBoth(pool);
  for (const name of ['device', 'gone']) {
    await createUsers(pool, name);
    for (const prefix of ['amp', 'cog']) {
      await call(env.url, 'AdminSetUserMFAPreference', {
        UserPoolId: pool.userPoolId,
        Username: `${prefix}-${name}`,
        EmailMfaSettings: { Enabled: true, PreferredMfa: true },
      });
    }
  }
});

describe('devices', () => {
  it('new device confirmed at sign-in; device SRP on later sign-ins; a remembered device skips MFA; forgetDevice', async () => {
    const out = await expectSame(async (lib, username) => {
      const signedOutDevices = await outcome(lib.api.fetchDevices());
      await lib.api.signIn({ username, password: PASSWORD });
      await lib.api.confirmSignIn({ challengeResponse: await code(pool, username) });
      const keys = deviceKeys(lib);
      const tokenDevice = decodeJWT(await accessToken(lib)).payload.device_key === keys.deviceKey;
      const listed = await lib.api.fetchDevices();
      await lib.api.signOut();
      const keptAfterSignOut = JSON.stringify(deviceKeys(lib)) === JSON.stringify(keys);

      // Not remembered yet: device SRP, then MFA again.
      const notRemembered = await lib.api.signIn({ username, password: PASSWORD });
      await lib.api.confirmSignIn({ challengeResponse: await code(pool, username) });
      const sameDevice = decodeJWT(await accessToken(lib)).payload.device_key === keys.deviceKey;
      await lib.api.rememberDevice();
      const remembered = (await lib.api.fetchDevices())[0]?.attributes['dev:device_remembered_status'];
      await lib.api.signOut();

      const skipsMfa = await lib.api.signIn({ username, password: PASSWORD });
      const viaPasswordFlow = await (async () => {
        await lib.api.signOut();
        return lib.api.signIn({ username, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
      })();

      await lib.api.forgetDevice();
      const keysAfterForget = Object.keys(deviceKeys(lib));
      const afterForget = await lib.api.fetchDevices();
      const rememberWithoutDevice = await outcome(lib.api.rememberDevice());
      const forgetWithoutDevice = await outcome(lib.api.forgetDevice());
      await lib.api.signOut();
      const newDeviceNeedsMfa = await lib.api.signIn({ username, password: PASSWORD });
      await lib.api.confirmSignIn({ challengeResponse: await code(pool, username) });
      const newKey = deviceKeys(lib).deviceKey;
      await lib.api.signOut();
      return {
        signedOutDevices,
        keyNames: Object.keys(keys).sort(),
        tokenDevice,
        listed,
        keptAfterSignOut,
        notRemembered,
        sameDevice,
        remembered,
        skipsMfa,
        viaPasswordFlow,
        keysAfterForget,
        afterForget,
        rememberWithoutDevice,
        forgetWithoutDevice,
        newDeviceNeedsMfa,
        newDevice: !!newKey && newKey !== keys.deviceKey,
      };
    }, 'device');
    expect(out.result).toMatchObject({
      signedOutDevices: { error: 'UserUnAuthenticatedException' },
      keyNames: ['deviceGroupKey', 'deviceKey', 'randomPasswordKey'],
      tokenDevice: true,
      listed: [{ id: '<id>', name: 'vitest', attributes: { device_name: 'vitest', 'dev:device_remembered_status': 'not_remembered' }, createDate: '<date>' }],
      keptAfterSignOut: true,
      notRemembered: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE' } },
      sameDevice: true,
      remembered: 'remembered',
      skipsMfa: { isSignedIn: true, nextStep: { signInStep: 'DONE' } },
      viaPasswordFlow: { isSignedIn: true },
      keysAfterForget: [],
      afterForget: [],
      rememberWithoutDevice: { error: 'DeviceMetadataNotFoundException' },
      forgetWithoutDevice: { error: 'DeviceMetadataNotFoundException' },
      newDeviceNeedsMfa: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE' } },
      newDevice: true,
    });
    expect(out.events).toEqual(['signedIn', 'signedOut', 'signedIn', 'signedOut', 'signedIn', 'signedOut', 'signedIn', 'signedOut', 'signedIn', 'signedOut']);
  });

  it('"Device does not exist.": the stored keys are dropped and the sign-in retried once', async () => {
    const out = await expectSame(async (lib, username) => {
      await lib.api.signIn({ username, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
      await lib.api.confirmSignIn({ challengeResponse: await code(pool, username) });
      const old = deviceKeys(lib).deviceKey!;
      const other = await lib.api.fetchDevices();
      // Forgotten on the server only (another tab, an admin): the keys stay here.
      await call(env.url, 'ForgetDevice', { AccessToken: await accessToken(lib), DeviceKey: old });
      await lib.api.signOut();
      const stale = deviceKeys(lib).deviceKey === old;
      const retried = await lib.api.signIn({ username, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
      const done = await lib.api.confirmSignIn({ challengeResponse: await code(pool, username) });
      const replaced = !!deviceKeys(lib).deviceKey && deviceKeys(lib).deviceKey !== old;
      // forgetDevice({device}) of a device that is not this one keeps this one's keys.
      await lib.api.forgetDevice({ device: { id: other[0]!.id } }).catch(() => {});
      const keptOwn = !!deviceKeys(lib).deviceKey;
      await lib.api.signOut();
      return { stale, retried, done, replaced, keptOwn };
    }, 'gone');
    expect(out.result).toEqual({
      stale: true,
      retried: {
        isSignedIn: false,
        nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: '<destination>' } },
      },
      done: { isSignedIn: true, nextStep: { signInStep: 'DONE' } },
      replaced: true,
      keptOwn: true,
    });
  });
});
