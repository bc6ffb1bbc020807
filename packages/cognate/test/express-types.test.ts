/**
 * `cognate-auth/node` types `req.auth` for Express through Express's own extension point (the global
 * `Express.Request` interface), so an app reads `req.auth` without a cast. Checked with the real
 * `tsc` over a small app in a temporary folder inside the repository (so that `cognate-auth`, `express`
 * and `@types/express` resolve from node_modules as they would in an application).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
mkdirSync(join(ROOT, '.tmp'), { recursive: true });
const dir = mkdtempSync(join(ROOT, '.tmp/express-types-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function typeCheck(source: string): Promise<string> {
  writeFileSync(join(dir, 'app.ts'), source);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] },
      files: ['app.ts'],
    }),
  );
  try {
    await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir });
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

const app = (handler: string) => `
import express from 'express';
import { createServerRunner } from 'cognate-auth/node';
const runner = createServerRunner({ config: { Auth: { Cognito: { userPoolId: 'us-east-1_AbCdEfGhI', userPoolClientId: 'abcdefghijklmnopqrstuvwxyz' } } } });
const app = express();
app.use(runner.express());
app.get('/me', async (req, res) => {
${handler}
});
export default app;
`;

describe('Express req.auth types', () => {
  it('an Express app uses req.auth without a cast, with the RequestAuth methods', async () => {
    const output = await typeCheck(
      app(`  const user = await req.auth.getCurrentUser();
  const session = await req.auth.fetchAuthSession();
  res.json({ id: user.userId, signedIn: !!session.tokens });`),
    );
    expect(output).toBe('');
  }, 60_000);

  it("the README's requireAuth and authErrorHandler fit Express's handler types", async () => {
    const output = await typeCheck(`
import express from 'express';
import { createServerRunner, requireAuth, authErrorHandler } from 'cognate-auth/node';
const runner = createServerRunner({ config: { Auth: { Cognito: { userPoolId: 'us-east-1_AbCdEfGhI', userPoolClientId: 'abcdefghijklmnopqrstuvwxyz' } } } });
const app = express();
app.use(runner.express());
app.get('/me', requireAuth, async (req, res) => res.json(await req.auth.getCurrentUser()));
app.get('/profile', async (req, res) => res.json(await req.auth.fetchUserAttributes()));
app.use(authErrorHandler);
export default app;
`);
    expect(output).toBe('');
  }, 60_000);

  it('a method RequestAuth does not have is a type error (the type is real, not any)', async () => {
    const output = await typeCheck(app(`  await req.auth.noSuchMethod();`));
    expect(output).toMatch(/noSuchMethod/);
  }, 60_000);
});
