/**
 * The two cognate-local/testing examples run as their READMEs say, against the built dist:
 * examples/testing-vitest (`npx vitest run`: a Node service) and examples/testing-playwright
 * (`node --test test/`: an aws-amplify page in Chromium through playwright-core).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** npm's and Vitest's own environment would point the nested runs at this one. */
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|VITEST)/i.test(key)));

it('examples/testing-vitest: its Vitest suite passes', async () => {
  const { stdout } = await run('npx', ['--no-install', 'vitest', 'run', '--reporter', 'verbose'], {
    cwd: join(ROOT, 'examples/testing-vitest'),
    env,
    maxBuffer: 16 << 20,
  });
  expect(stdout).toMatch(/Tests\s+.*4 passed/);
  expect(stdout).toContain('refuses an expired session an hour later, and serves the refreshed one');
}, 120_000);

it.skipIf(!existsSync(CHROMIUM))(
  'examples/testing-playwright: its Playwright tests pass',
  async () => {
    const { stdout } = await run(process.execPath, ['--test', 'test/'], { cwd: join(ROOT, 'examples/testing-playwright'), env, maxBuffer: 16 << 20 });
    expect(stdout).toContain('# pass 3');
    expect(stdout).toContain('# fail 0');
    expect(stdout).toContain('ok 2 - an hour later the app refreshes the session by itself');
  },
  180_000,
);
