/**
 * A device verifier outside 1 < v < N - 1 already in the store (a --data folder written by a build
 * before ConfirmDevice checked it) or in an --import file: DEVICE_SRP_AUTH refuses to run SRP against
 * it, as for a wrong proof, and `start --import` refuses the file naming the record.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { srpAToHex, startSrpSession } from '@cognate/protocol';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { BIN, sdk, start } from './helpers.js';
import { confirmNewDevice, createPool, refusal, startDeviceSrp } from './srp-pool.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A pool tracking devices, user `dee` with a confirmed device, in the --data folder `dataDir`; returns what signs in from it. */
async function confirmedDevice(dataDir: string) {
  const server = await start({ dataDir });
  try {
    const { client, clientId } = await createPool(sdk(server.url), {
      name: 'stored-verifier',
      users: ['dee'],
      flows: ['ALLOW_USER_PASSWORD_AUTH'],
      devices: true,
    });
    const { deviceKey } = await confirmNewDevice(client, clientId, 'dee');
    return { clientId, deviceKey };
  } finally {
    await server.close();
  }
}

/** Sets the stored verifier of every device in the folder's database, as an older build could have stored it. */
function storeVerifier(dataDir: string, hex: string) {
  const db = new Database(join(dataDir, 'cognate-local.sqlite'));
  try {
    expect(db.prepare("UPDATE kv SET value = json_set(value, '$.verifier', ?) WHERE kind = 'device'").run(hex).changes).toBe(1);
  } finally {
    db.close();
  }
}

/** DEVICE_SRP_AUTH from the device: the challenge name it gets, or the error's `name (status): message`. */
async function deviceSrpAuth(url: string, clientId: string, deviceKey: string): Promise<string> {
  try {
    const respond = await startDeviceSrp(sdk(url), clientId, 'dee', deviceKey);
    return (await respond(srpAToHex(startSrpSession().A))).ChallengeName!;
  } catch (error) {
    return refusal(error);
  }
}

it('DEVICE_SRP_AUTH refuses a stored verifier of 0, 1 or N - 1 with NotAuthorizedException, and runs as before with a good one', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cognate-device-verifier-'));
  dirs.push(dataDir);
  const { clientId, deviceKey } = await confirmedDevice(dataDir);
  const server = await start({ dataDir });
  try {
    expect(await deviceSrpAuth(server.url, clientId, deviceKey)).toBe('DEVICE_PASSWORD_VERIFIER');
  } finally {
    await server.close();
  }
  const { SRP_N } = await import('@cognate/protocol');
  for (const bad of ['0', '00', '1', (SRP_N - 1n).toString(16), SRP_N.toString(16)]) {
    storeVerifier(dataDir, bad);
    const again = await start({ dataDir });
    try {
      expect(await deviceSrpAuth(again.url, clientId, deviceKey)).toBe('NotAuthorizedException (400): Incorrect username or password.');
    } finally {
      await again.close();
    }
  }
}, 60_000);

it('start --import refuses a state file whose device record has a verifier of 0, naming the record', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cognate-device-verifier-'));
  dirs.push(dataDir);
  await confirmedDevice(dataDir);
  const server = await start({ dataDir });
  let state: { records: { device: Record<string, { verifier?: string }> } };
  try {
    state = (await (await fetch(`${server.url}/_local/state`)).json()) as typeof state;
  } finally {
    await server.close();
  }
  const [key] = Object.keys(state.records.device);
  state.records.device[key!]!.verifier = '0';
  const file = join(dataDir, 'state.json');
  writeFileSync(file, JSON.stringify(state));
  const result = await new Promise<{ code: number | null; err: string }>(resolve => {
    const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--import', file, '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', chunk => (err += chunk));
    // Had it accepted the file, it would serve: stop it, and the exit code says so.
    child.stdout.on('data', chunk => String(chunk).includes('listening on') && child.kill('SIGKILL'));
    child.on('exit', code => resolve({ code, err }));
  });
  expect(result.code).toBe(2); // as for any bad state file
  expect(result.err).toContain(`records.device.${key}: its "verifier" is not a valid SRP verifier`);
}, 30_000);
