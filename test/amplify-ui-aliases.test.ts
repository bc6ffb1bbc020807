/**
 * The README's alias recipes, built exactly as written (each fenced block after an
 * `<!-- alias-recipe: … -->` marker is written to a file and used as the bundler's configuration)
 * on a tiny app that imports `aws-amplify`, `aws-amplify/auth`, `aws-amplify/utils`,
 * `@aws-amplify/core` and `@aws-amplify/ui-react`'s Authenticator (for Next.js, the same imports in a
 * client page, built with Turbopack and with webpack). Each build must succeed with no
 * module of aws-amplify or @aws-amplify/{core,auth} in it, and without the strings only Amplify's
 * code carries; the same app built without the aliases has them (so the check can fail).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build as esbuild } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const APP = join(ROOT, '.tmp/alias-app');

/** Strings of @aws-amplify/core (its context API, its Hub's warning for protected channels, its configuration errors): none of cognate's or Amplify UI's. */
const AMPLIFY_MARKERS = ['createAmplifyContext', 'is protected and dispatching', 'Amplify has not been configured'];
/** Module paths that must not be bundled. */
const AMPLIFY_MODULES = /node_modules\/(aws-amplify|@aws-amplify\/(core|auth))\//;

const MAIN = `import { Amplify } from 'aws-amplify';
import { signIn, getCurrentUser } from 'aws-amplify/auth';
import { Hub, I18n } from 'aws-amplify/utils';
import { Hub as CoreHub } from '@aws-amplify/core';
import { Authenticator } from '@aws-amplify/ui-react';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

Amplify.configure({ Auth: { Cognito: { userPoolId: 'us-east-1_Example1', userPoolClientId: 'exampleclient' } } });
Hub.listen('auth', ({ payload }) => console.log('utils', payload.event));
CoreHub.listen('auth', ({ payload }) => console.log('core', payload.event));
I18n.putVocabularies({ fr: { 'Sign In': 'Se connecter' } });
console.log(signIn, getCurrentUser);
createRoot(document.getElementById('root')).render(createElement(Authenticator, null, () => createElement('p', null, 'signed in')));
`;

function recipe(name: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const match = new RegExp(`<!-- alias-recipe: ${name} -->\\n\`\`\`js\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!match) throw new Error(`README has no ${name} alias recipe`);
  return match[1]!;
}

/** The Next.js app: the same imports in a client page. */
const NEXT_PAGE = `'use client';
${MAIN.split('\n')
  .filter(line => line.startsWith('import ') && !line.includes('react-dom'))
  .join('\n')}

Amplify.configure({ Auth: { Cognito: { userPoolId: 'us-east-1_Example1', userPoolClientId: 'exampleclient' } } });
Hub.listen('auth', ({ payload }) => console.log('utils', payload.event));
CoreHub.listen('auth', ({ payload }) => console.log('core', payload.event));
I18n.putVocabularies({ fr: { 'Sign In': 'Se connecter' } });

export default function Page() {
  console.log(signIn, getCurrentUser);
  return createElement(Authenticator, null, () => createElement('p', null, 'signed in'));
}
`;
const NEXT_LAYOUT = `export default function RootLayout({ children }) {
  return <html lang="en"><body>{children}</body></html>;
}
`;

const jsFiles = (dir: string): string[] => (readdirSync(dir, { recursive: true }) as string[]).filter(f => f.endsWith('.js')).map(f => join(dir, f));
const output = (dir: string) =>
  jsFiles(dir)
    .map(f => readFileSync(f, 'utf8'))
    .join('\n');

beforeAll(() => {
  rmSync(APP, { recursive: true, force: true });
  mkdirSync(join(APP, 'src'), { recursive: true });
  writeFileSync(join(APP, 'src/main.js'), MAIN);
  writeFileSync(join(APP, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/src/main.js"></script>\n');
});

describe('alias recipes (README), each bundling Amplify UI onto cognate', () => {
  it('control: without aliases the app carries Amplify’s code and the markers', async () => {
    const result = await esbuild({
      entryPoints: [join(APP, 'src/main.js')],
      bundle: true,
      format: 'esm',
      write: false,
      metafile: true,
      outdir: join(APP, 'control'),
      logLevel: 'silent',
    });
    const code = result.outputFiles.map(f => f.text).join('\n');
    for (const marker of AMPLIFY_MARKERS) expect(code).toContain(marker);
    expect(Object.keys(result.metafile.inputs).some(f => AMPLIFY_MODULES.test(f))).toBe(true);
  });

  it('esbuild: build.mjs as written', async () => {
    writeFileSync(join(APP, 'build.mjs'), recipe('esbuild'));
    await promisify(execFile)(process.execPath, ['build.mjs'], { cwd: APP });
    const code = output(join(APP, 'dist'));
    for (const marker of AMPLIFY_MARKERS) expect(code).not.toContain(marker);
    expect(code).toContain('cognate'); // cognate's user agent
    expect(code).toContain('Se connecter');
  }, 120_000);

  it('Vite: vite.config.js as written', async () => {
    writeFileSync(join(APP, 'vite.config.js'), recipe('vite'));
    const { build } = await import('vite');
    const modules: string[] = [];
    await build({
      root: APP,
      configFile: join(APP, 'vite.config.js'),
      logLevel: 'silent',
      build: { outDir: join(APP, 'dist-vite'), emptyOutDir: true },
      plugins: [
        {
          name: 'record-modules',
          buildEnd() {
            modules.push(...this.getModuleIds());
          },
        },
      ],
    });
    expect(modules.some(id => id.includes('packages/cognate/dist/compat-core.js'))).toBe(true);
    expect(modules.some(id => id.includes('@aws-amplify/ui-react/'))).toBe(true);
    expect(modules.filter(id => AMPLIFY_MODULES.test(id))).toEqual([]);
    const code = output(join(APP, 'dist-vite'));
    for (const marker of AMPLIFY_MARKERS) expect(code).not.toContain(marker);
  }, 120_000);

  it('webpack: webpack.config.js as written', async () => {
    writeFileSync(join(APP, 'webpack.config.js'), recipe('webpack'));
    const config = (await import(pathToFileURL(join(APP, 'webpack.config.js')).href)).default;
    const { default: webpack } = await import('webpack');
    const stats = await new Promise<import('webpack').Stats>((resolve, reject) =>
      webpack(
        {
          ...config,
          mode: 'production',
          context: APP,
          entry: './src/main.js',
          output: { path: join(APP, 'dist-webpack'), clean: true },
          optimization: { minimize: false },
          performance: { hints: false },
        },
        (error, result) => (error || !result ? reject(error) : resolve(result)),
      ),
    );
    const info = stats.toJson({ modules: true, errors: true });
    expect(info.errors ?? []).toEqual([]);
    const modules = (info.modules ?? []).flatMap(m => [m.name ?? '', ...(m.modules ?? []).map(n => n.name ?? '')]);
    expect(modules.some(name => name.includes('packages/cognate/dist/compat-core.js'))).toBe(true);
    expect(modules.filter(name => AMPLIFY_MODULES.test(name))).toEqual([]);
    const code = output(join(APP, 'dist-webpack'));
    for (const marker of AMPLIFY_MARKERS) expect(code).not.toContain(marker);
  }, 180_000);

  for (const bundler of ['turbopack', 'webpack'] as const) {
    it(`Next.js (${bundler}): next.config.mjs as written`, async () => {
      const app = join(ROOT, `.tmp/alias-next-${bundler}`);
      rmSync(app, { recursive: true, force: true });
      mkdirSync(join(app, 'app'), { recursive: true });
      writeFileSync(join(app, 'app/page.js'), NEXT_PAGE);
      writeFileSync(join(app, 'app/layout.js'), NEXT_LAYOUT);
      writeFileSync(join(app, 'next.recipe.mjs'), recipe('nextjs'));
      // The recipe as written; only the monorepo root is added (npm workspaces hoist next, react and cognate there).
      writeFileSync(
        join(app, 'next.config.mjs'),
        `import recipe from './next.recipe.mjs';\nconst root = ${JSON.stringify(ROOT)};\nexport default { ...recipe, turbopack: { ...recipe.turbopack, root }, outputFileTracingRoot: root };\n`,
      );
      const next = join(ROOT, 'node_modules/next/dist/bin/next');
      await promisify(execFile)(process.execPath, [next, 'build', ...(bundler === 'webpack' ? ['--webpack'] : [])], {
        cwd: app,
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
        maxBuffer: 16 * 1024 * 1024,
      });
      const client = output(join(app, '.next/static'));
      const server = output(join(app, '.next/server'));
      expect(client).toContain('Se connecter');
      for (const marker of AMPLIFY_MARKERS) {
        expect(client).not.toContain(marker);
        expect(server).not.toContain(marker);
      }
    }, 300_000);
  }
});
