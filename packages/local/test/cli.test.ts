/** The CLI as `npm start` runs it: demo pool, amplify_outputs.json, a demo user who can sign in. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { BIN, call, startCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'cognate-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('start --demo --outputs writes the client configuration and serves the demo user', async () => {
  const outputs = join(dir, 'amplify_outputs.json');
  const { child, url, out } = await startCli(['--demo', '--outputs', outputs, '--in-memory']);
  try {
    expect(out).toContain("userPoolEndpoint: '" + url + "'");
    const config = JSON.parse(readFileSync(outputs, 'utf8'));
    expect(config.auth).toMatchObject({ user_pool_id: 'us-east-1_CognateD1', user_pool_client_id: 'cognatedemo0000000000web01', aws_region: 'us-east-1', username_attributes: ['email'] });
    const signIn = await call(url, 'InitiateAuth', {
      ClientId: config.auth.user_pool_client_id,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'demo@example.com', PASSWORD: 'Passw0rd!' },
    });
    expect(signIn.status).toBe(200);
    expect(signIn.body.AuthenticationResult.IdToken).toBeDefined();
  } finally {
    child.kill('SIGTERM');
  }
});

it('rejects bad flags with usage and exit code 2', async () => {
  const child = spawn(process.execPath, [BIN, 'start', '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  const code = await new Promise((r) => child.once('exit', r));
  expect(code).toBe(2);
  expect(err).toContain('--port must be 0-65535');
});
