/** The CLI as `npm start` runs it: demo pool, amplify_outputs.json, a demo user who can sign in. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { call } from './helpers.js';

const BIN = resolve(import.meta.dirname, '../bin/cognate-local.js');
const dir = mkdtempSync(join(tmpdir(), 'cognate-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('start --demo --outputs writes the client configuration and serves the demo user', async () => {
  const outputs = join(dir, 'amplify_outputs.json');
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--demo', '--outputs', outputs, '--in-memory'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let out = '';
    const url = await new Promise<string>((res, rej) => {
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const m = /listening on (http:\/\/\S+)[\s\S]*delivered codes/.exec(out);
        if (m) res(m[1]!);
      });
      child.once('exit', (code) => rej(new Error(`exited ${code}: ${out}`)));
    });
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
