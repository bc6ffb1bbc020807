/**
 * The state file on the command line: `cognate-local export FILE` (from a running server over
 * /_local/state, or from a --data folder), `start --export-on-exit FILE` and `start --import FILE`,
 * with the published bin and the AWS SDK.
 */
import { AdminAddUserToGroupCommand, CreateGroupCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { BIN, decodePayload, sdk, startCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'cognate-state-cli-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const POOL = 'us-east-1_StateCli1';
const CLIENT = 'statecli000000000000000web';
const config = {
  userPools: [
    {
      Id: POOL,
      PoolName: 'state-cli',
      clients: [{ ClientId: CLIENT, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }],
      users: [{ Username: 'kept', Password: 'Passw0rd!', Attributes: { email: 'kept@example.com' } }],
    },
  ],
};

/** Runs the bin to its end: exit code, stdout, stderr. */
function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', chunk => (out += chunk));
    child.stderr.on('data', chunk => (err += chunk));
    child.on('exit', code => resolve({ code, out, err }));
  });
}

const exited = (child: ChildProcess) => new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));

it('export FILE --url, --export-on-exit, then start --import: the user signs in with the same password and groups', async () => {
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify(config));
  const onExit = join(dir, 'on-exit.json');
  const first = await startCli(['--quiet', '--config', configFile, '--export-on-exit', onExit]);
  children.push(first.child);
  const client = sdk(first.url);
  await client.send(new CreateGroupCommand({ UserPoolId: POOL, GroupName: 'auditors' }));
  await client.send(new AdminAddUserToGroupCommand({ UserPoolId: POOL, Username: 'kept', GroupName: 'auditors' }));

  const exported = join(dir, 'exported.json');
  const result = await run(['export', exported, '--url', first.url]);
  expect(result).toMatchObject({ code: 0, err: '' });
  expect(result.out).toBe(`wrote ${exported} (1 user pools, 1 app clients, 1 users, 0 identity pools)\n`);
  const state = JSON.parse(readFileSync(exported, 'utf8'));
  expect(state.cognateLocalState).toBe(1);
  expect(Object.keys(state.records.user)).toEqual([`${POOL}/kept`]);
  expect(state.records.user[`${POOL}/kept`].password.verifier).toBeTruthy();
  expect(JSON.stringify(state)).not.toContain('Passw0rd!');

  first.child.kill('SIGTERM');
  expect(await exited(first.child)).toBe(0);
  expect(existsSync(onExit)).toBe(true);
  const onExitState = JSON.parse(readFileSync(onExit, 'utf8'));
  expect(Object.keys(onExitState.records.group)).toEqual(Object.keys(state.records.group));

  // A fresh server from the file alone: its first pool and client are the file's.
  const second = await startCli(['--quiet', '--import', onExit]);
  children.push(second.child);
  expect(second.out).toContain(`"userPoolId": "${POOL}",\n        "userPoolClientId": "${CLIENT}"`);
  const signedIn = await sdk(second.url).send(
    new InitiateAuthCommand({ ClientId: CLIENT, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'kept', PASSWORD: 'Passw0rd!' } }),
  );
  expect(decodePayload(signedIn.AuthenticationResult!.IdToken!)['cognito:groups']).toEqual(['auditors']);

  // /_local/state is local-only: another site's page cannot read it.
  const crossSite = await fetch(`${second.url}/_local/state`, { headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
  expect(crossSite.status).toBe(403);
  second.child.kill('SIGTERM');
  await exited(second.child);
});

it('export --data DIR reads a data folder; --import refuses another version or a broken file before starting', async () => {
  const data = join(dir, 'data');
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify(config));
  const server = await startCli(['--quiet', '--config', configFile, '--data', data]);
  children.push(server.child);
  const file = join(dir, 'from-data.json');
  const result = await run(['export', file, '--data', data]);
  expect(result.code).toBe(0);
  expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).records.pool)).toEqual([POOL]);
  server.child.kill('SIGTERM');
  await exited(server.child);

  const future = join(dir, 'future.json');
  writeFileSync(future, JSON.stringify({ cognateLocalState: 7, records: {} }));
  const refused = await run(['start', '--port', '0', '--import', future]);
  expect(refused.code).toBe(2);
  expect(refused.err).toBe(
    `cognate-local: ${future}: state file version 7 is not supported: this cognate-local reads version 1 (export the state again with this version)\n`,
  );
  writeFileSync(future, '{"cognateLocalState": 1, "records": {"user": {"x/y": 1}}}');
  const broken = await run(['start', '--port', '0', '--import', future]);
  expect(broken.code).toBe(2);
  expect(broken.err).toContain('records.user.x/y: not a user record');

  expect((await run(['export'])).code).toBe(2);
  const nobody = await run(['export', join(dir, 'x.json'), '--url', 'http://127.0.0.1:9']);
  expect(nobody.code).toBe(1);
  expect(nobody.err).toContain('no cognate-local answers at http://127.0.0.1:9');
});
