/**
 * The published packages work as a user meets them: every workspace whose package.json is not
 * `"private": true` is packed with `npm pack` (from dist as `npm run build` left it), the tarballs are
 * installed into an empty folder outside the workspace with `npm install`, which fetches their
 * dependencies from the registry (so a dependency on a private workspace package fails here), and
 * then, from that folder only:
 * - `npx <bin> start --port 0` answers `/health`, in memory and with a SQLite data directory, and
 *   serves the console's browser bundle;
 * - every subpath of every package's `exports` imports in Node, and the library's user agent carries
 *   the name and version of its installed package.json;
 * - every browser entry (a subpath with a `node` condition: its `default` is the browser build)
 *   bundles with esbuild for the browser, without Node's side of the platform fork;
 * - a consumer importing every subpath type-checks (`skipLibCheck: false`) under `moduleResolution`
 *   `bundler` and `node16`;
 * - publint and Are The Types Wrong find nothing (scripts/lint-packages.mjs, `npm run lint:packages`).
 * Needs `npm run build` first and the npm registry. Package names are read from package.json.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintTarball, packAll, publishedPackages, root } from '../scripts/lint-packages.mjs';

const run = promisify(execFile);
const MINUTES = 60_000;

interface Published {
  dir: string;
  pkg: { name: string; version: string; bin?: Record<string, string>; exports: Record<string, string | Record<string, string>> };
  tarball: string;
}

/** npm's own environment (set when the tests run under `npm test`) would point npm at the workspace. */
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));

const subpaths = (p: Published) => Object.keys(p.pkg.exports).map(key => p.pkg.name + key.slice(1));

describe('version strings', () => {
  it("no published package's source carries its version as a literal (it is read from package.json)", async () => {
    const found: string[] = [];
    for (const { dir, pkg } of (await publishedPackages()) as Published[]) {
      const literal = new RegExp(`['"\`/]${pkg.version.replace(/\./g, '\\.')}['"\` ]`);
      const src = join(dir, 'src');
      for (const file of (await readdir(src, { recursive: true })) as string[]) {
        if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
        const text = await readFile(join(src, file), 'utf8');
        if (literal.test(text)) found.push(`${pkg.name}: src/${file}`);
      }
    }
    expect(found).toEqual([]);
  });
});

describe('what the tarballs carry', () => {
  it('each published package ships its README (naming it) and LICENSE, and package.json says the licence', async () => {
    const packages = (await publishedPackages()) as Published[];
    expect(packages.map(p => p.pkg.name).sort()).toEqual(['cognate-auth', 'cognate-local']);
    for (const { dir, pkg } of packages) {
      // The file list npm would pack, without packing or running prepack.
      const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, env });
      const paths = (JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map(f => f.path);
      expect(paths, pkg.name).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
      expect(await readFile(join(dir, 'README.md'), 'utf8'), pkg.name).toMatch(new RegExp(`^# ${pkg.name}\n`));
      expect(await readFile(join(dir, 'LICENSE'), 'utf8'), pkg.name).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} The Cognate authors\n/);
      expect((pkg as { license?: string }).license, pkg.name).toBe('MIT');
    }
  });
});

describe('the packed packages, installed from the registry into an empty folder', () => {
  let work: string;
  let app: string;
  let published: Published[];

  beforeAll(async () => {
    for (const { dir, pkg } of (await publishedPackages()) as Published[]) {
      if (!existsSync(join(dir, 'dist'))) throw new Error(`${pkg.name} is not built: run npm run build first`);
    }
    work = await mkdtemp(join(tmpdir(), 'cognate-pack-install-'));
    const tarballs = join(work, 'tarballs');
    app = join(work, 'app');
    await mkdir(tarballs);
    await mkdir(app);
    // As built by `npm run build` (which is what prepack does too): a prepack run here would rebuild
    // dist under the other test files that read it at the same time.
    published = await packAll(tarballs, { env, ignoreScripts: true });
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'pack-install-app', private: true, type: 'module' }, null, 2));
    // The tarballs only; npm fetches their dependencies. @types/node because one of them is a Node
    // server whose declarations name node:http, as any TypeScript app using it has.
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...published.map(p => p.tarball), '@types/node@20'], {
      cwd: app,
      env,
      maxBuffer: 64 << 20,
    });
  }, 10 * MINUTES);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it(
    'publint and attw are clean for every tarball',
    async () => {
      for (const { pkg, tarball } of published) expect(await lintTarball(tarball), pkg.name).toEqual([]);
    },
    2 * MINUTES,
  );

  it(
    'each bin starts a server that answers /health, in memory and with a data directory',
    async () => {
      const bins = published.flatMap(p => Object.keys(p.pkg.bin ?? {}));
      expect(bins.length).toBeGreaterThan(0);
      for (const bin of bins) {
        for (const storage of [['--in-memory'], ['--data', join(work, `data-${bin}`)]]) {
          const child = spawn('npx', ['--no-install', bin, 'start', '--port', '0', ...storage], {
            cwd: app,
            env,
            detached: true,
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          try {
            const url = await new Promise<string>((resolve, reject) => {
              let out = '';
              const read = (chunk: Buffer) => {
                out += chunk;
                const match = /http:\/\/[\w.[\]:-]+:\d+(?=[\s/])/.exec(out);
                if (match) resolve(match[0]);
              };
              child.stdout.on('data', read);
              child.stderr.on('data', (chunk: Buffer) => (out += chunk));
              child.on('exit', code => reject(new Error(`${bin} ${storage[0]} exited (${code}) before listening:\n${out}`)));
            });
            const health = await fetch(`${url}/health`);
            expect(health.status).toBe(200);
            expect(await health.json()).toEqual({ status: 'ok' });
            // The console's demo page runs on the browser bundle built into the tarball.
            const bundle = await fetch(`${url}/_local/console/cognate.js`);
            expect(bundle.status).toBe(200);
            expect((await bundle.text()).length).toBeGreaterThan(1000);
          } finally {
            const exited = new Promise(resolve => child.once('exit', resolve));
            if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
            await exited;
          }
        }
      }
    },
    2 * MINUTES,
  );

  it("the installed cognate-local's SRP worker is a module file of the tarball and answers the pool's jobs", async () => {
    const local = published.find(p => p.pkg.name === 'cognate-local')!;
    expect(local.pkg.name).toBe('cognate-local');
    const worker = new Worker(join(app, 'node_modules', local.pkg.name, 'dist', 'services', 'srp-worker.js'));
    try {
      const answer = await new Promise<{ id: number; result?: unknown; error?: string }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({ id: 1, op: 'verifier', args: { poolName: 'pack', userId: 'u', password: 'Passw0rd!', salt: '01' } });
      });
      expect(answer).toEqual({ id: 1, result: expect.stringMatching(/^[0-9a-f]{64,}$/) });
    } finally {
      await worker.terminate();
    }
  });

  it('the installed cognate-local/testing starts a server, makes a user and a session, and stops', async () => {
    const local = published.find(p => p.pkg.name === 'cognate-local')!;
    const script = join(app, 'testing.mjs');
    await writeFile(
      script,
      `
import { startCognateLocal } from '${local.pkg.name}/testing';
const handle = await startCognateLocal();
await handle.createUser({ username: 'packed' });
const tokens = await handle.tokensFor({ username: 'packed' });
const answer = await fetch(handle.url, {
  method: 'POST',
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser' },
  body: JSON.stringify({ AccessToken: tokens.accessToken }),
});
const user = await answer.json();
await handle.stop();
process.stdout.write(JSON.stringify({ username: user.Username, endpoint: handle.outputs.auth.user_pool_endpoint === handle.url }));
`,
    );
    const { stdout } = await run(process.execPath, [script], { cwd: app, env });
    expect(JSON.parse(stdout)).toEqual({ username: 'packed', endpoint: true });
  });

  it(
    'every export subpath imports in Node, and the user agent is the installed name/version',
    async () => {
      const script = join(app, 'import-all.mjs');
      await writeFile(
        script,
        `
import { createServer } from 'node:http';
const [specs, auth] = JSON.parse(process.argv[2]);
const exports = {};
for (const spec of specs) {
  const module = spec.endsWith('/package.json') ? await import(spec, { with: { type: 'json' } }) : await import(spec);
  exports[spec] = Object.keys(module);
}
let userAgent;
if (auth) {
  // A user pool endpoint that records the user agent and answers as Cognito does for a stranger.
  const server = createServer((request, response) => {
    userAgent = request.headers['x-amz-user-agent'];
    response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
    response.end(JSON.stringify({ __type: 'UserNotFoundException', message: 'User does not exist.' }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { Amplify } = await import(auth.root);
  const { signIn } = await import(auth.auth);
  Amplify.configure({ Auth: { Cognito: { userPoolId: 'us-east-1_pack', userPoolClientId: 'packclient', userPoolEndpoint: 'http://127.0.0.1:' + server.address().port } } });
  const error = await signIn({ username: 'someone', password: 'Passw0rd!' }).catch((e) => e);
  server.close();
  exports.signInError = error?.name;
}
process.stdout.write(JSON.stringify({ exports, userAgent }));
`,
      );
      const library = published.find(p => './auth' in p.pkg.exports)!;
      expect(library.pkg.name).toBe('cognate-auth');
      const specs = published.flatMap(subpaths);
      const { stdout } = await run(process.execPath, [script, JSON.stringify([specs, { root: library.pkg.name, auth: `${library.pkg.name}/auth` }])], {
        cwd: app,
        env,
      });
      const result = JSON.parse(stdout) as { exports: Record<string, string[]> & { signInError?: string }; userAgent?: string };
      for (const spec of specs) expect(result.exports[spec]?.length, spec).toBeGreaterThan(0);
      expect(result.exports.signInError).toBe('UserNotFoundException');
      expect(result.userAgent).toMatch(new RegExp(`^${library.pkg.name}/${library.pkg.version.replace(/\./g, '\\.')}( |$)`));
    },
    2 * MINUTES,
  );

  it(
    'every browser entry bundles with esbuild for the browser, without Node built-ins',
    async () => {
      const entries = published.flatMap(p =>
        Object.entries(p.pkg.exports)
          .filter(([, target]) => typeof target === 'object' && 'node' in target)
          .map(([key]) => p.pkg.name + key.slice(1)),
      );
      expect(entries.length).toBeGreaterThan(0);
      for (const spec of entries) {
        const result = await build({
          stdin: { contents: `export * from '${spec}';`, resolveDir: app, sourcefile: 'entry.js' },
          absWorkingDir: app,
          bundle: true,
          format: 'esm',
          platform: 'browser',
          target: 'es2022',
          write: false,
          metafile: true,
          logLevel: 'silent',
        });
        expect(result.errors, spec).toEqual([]);
        const inputs = Object.keys(result.metafile.inputs);
        expect(
          inputs.filter(input => !input.startsWith('node_modules/') && input !== 'entry.js'),
          spec,
        ).toEqual([]);
        expect(
          inputs.filter(input => /^node:|mod-pow-node/.test(input)),
          spec,
        ).toEqual([]);
        expect(result.outputFiles[0]!.text, spec).not.toMatch(/\bfrom\s*["']node:|require\(["']node:/);
      }
    },
    2 * MINUTES,
  );

  it.each(['bundler', 'node16'])(
    'a consumer importing every subpath type-checks under moduleResolution %s',
    async resolution => {
      const specs = published.flatMap(subpaths).filter(spec => !spec.endsWith('/package.json'));
      const source = specs.map((spec, i) => `import * as m${i} from '${spec}';\nexport const keys${i}: string[] = Object.keys(m${i});`).join('\n');
      const dir = join(app, `consumer-${resolution}`);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'consumer.ts'), source + '\n');
      const compilerOptions = {
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        target: 'es2022',
        lib: ['es2022', 'dom', 'dom.iterable'],
        types: ['node'],
        ...(resolution === 'bundler' ? { module: 'preserve', moduleResolution: 'bundler' } : { module: 'node16', moduleResolution: 'node16' }),
      };
      await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }, null, 2));
      const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
      const result = await run(process.execPath, [tsc, '-p', dir], { cwd: dir, env }).then(
        () => '',
        (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
      );
      expect(result).toBe('');
    },
    2 * MINUTES,
  );
});
