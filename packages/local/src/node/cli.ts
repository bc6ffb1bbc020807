/**
 * `cognate-local start [--port 9229] [--host 127.0.0.1] [--data DIR | --in-memory] [--config FILE]
 *  [--template FILE] [--triggers DIR] [--demo] [--outputs FILE] [--region us-east-1] [--cors-origin ORIGIN]... [--allowed-host NAME]... [--api NAME=URL[,authorizer=…]]...
 *  [--quiet | --verbose]`, `cognate-local --version`, `cognate-local [command] --help`.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs as parseArgv } from 'node:util';
import { allowDemoOrigin, DEMO_CONFIG, type ApiConfig, type LocalConfig } from '../config.js';
import { ConfigError, didYouMean, parseConfigJson, validateConfig } from '../config-validate.js';
import type { UserPool, UserPoolClient } from '../model.js';
import { amplifyOutputs, clientConfigInput, configureSnippet } from '../console/client-config.js';
import type { GroupRecord } from '../services/groups.js';
import type { StoredIdentityPool } from '../identity/model.js';
import { VERSION } from '../version.js';
import { formatRequestLine } from './request-log.js';
import { startServer, type RunningServer } from './server.js';
import { trustInstructions } from './tls.js';
import { exportState, importState, parseState, StateFileError, type CognateLocalState } from '../services/state-file.js';
import { SqliteStore } from '../storage/sqlite-store.js';

const TOP_USAGE = `Usage: cognate-local <command> [options]

Commands:
  start             run the local Cognito server (cognate-local start --help for its options)
  export FILE       write a running server's whole state to FILE, a versioned JSON state file
                    (cognate-local export --help for its options)
  help [command]    show this help, or a command's

Options:
  -h, --help        show help
  -v, --version     print the version
`;

const USAGE = `Usage: cognate-local start [options]

  --port N          port to listen on (default 9229; 0 picks a free one)
  --host HOST       address to bind (default 127.0.0.1)
  --data DIR        keep state in SQLite under DIR (survives restarts and kill -9)
  --in-memory       keep state in memory only (the default)
  --config FILE     seed user pools, app clients and users from a JSON file (keys: see the README)
  --template FILE   create pools from a CloudFormation template (JSON or YAML; cdk.out/*.template.json
                    too) or an Amplify Gen 2 amplify_outputs.json (the same ids); see the README
  --triggers DIR    the folder trigger modules are loaded from (default: the --config file's)
  --demo            seed a demo user pool, app client and user (demo@example.com / Passw0rd!)
  --outputs FILE    write the first pool's client configuration as amplify_outputs.json
  --import FILE     start from a state file (cognate-local export): pools, clients, users, groups,
                    devices, identity pools and signing keys; applied before --config
  --export-on-exit FILE  write the whole state to FILE when stopped (Ctrl-C, SIGTERM)
  --region REGION   region in generated ids (default: the config's "region", else us-east-1)
  --cors-origin ORIGIN  also let the browser page at ORIGIN (e.g. http://localhost:3000) call
                    admin operations and /_local/* (repeatable; config key cors.allowedOrigins)
  --allowed-host NAME   also answer requests whose Host header is NAME or NAME:PORT, e.g. a LAN
                    name with --host 0.0.0.0 (repeatable; config key allowedHosts)
  --api NAME=URL[,authorizer=AWS_IAM|COGNITO_USER_POOLS|NONE][,userPoolId=ID][,scopes=A+B]
                    put URL behind the local API Gateway at /_api/NAME/ (authorizer NONE unless
                    given; repeatable; config key apis)
  --https           serve https://localhost:PORT with a local CA's certificate (made once into
                    DIR/tls, or the user cache folder with --in-memory; prints how to trust it)
  -q, --quiet       no line per request
  --verbose         request lines also give body sizes and the request id
  -h, --help        show this help
  -v, --version     print the version

  Each request is logged in one line: operation (or method and path), status, milliseconds and the
  error type; never a body, token, password or code.
  Admin operations need a SigV4-signed request (any AWS SDK signs); with the config key
  "credentials": {"accessKeyId", "secretAccessKey"} the signature is verified.
`;

const START_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  data: { type: 'string' },
  'in-memory': { type: 'boolean' },
  config: { type: 'string' },
  template: { type: 'string' },
  triggers: { type: 'string' },
  demo: { type: 'boolean' },
  outputs: { type: 'string' },
  import: { type: 'string' },
  'export-on-exit': { type: 'string' },
  region: { type: 'string' },
  'cors-origin': { type: 'string', multiple: true },
  'allowed-host': { type: 'string', multiple: true },
  api: { type: 'string', multiple: true },
  https: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const COMMANDS = ['start', 'export', 'help'];

const EXPORT_USAGE = `Usage: cognate-local export FILE [--url URL | --data DIR]

  Writes the whole state (pools, app clients, users with their password verifiers, groups,
  devices, passkeys, identity pools, signing keys) to FILE as one versioned JSON file
  ({"cognateLocalState": 1, ...}), which \`start --import FILE\` and startCognateLocal({ import })
  read. Sessions, refresh tokens and delivered messages are not part of it.

  --url URL         ask the server running at URL (default http://127.0.0.1:9229), over
                    GET /_local/state (local-only, like the rest of /_local)
  --data DIR        read a --data folder instead (the server may be running or stopped)
  -h, --help        show this help
`;

const EXPORT_OPTIONS = {
  url: { type: 'string' },
  data: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const parseExport = (args: string[]) => parseArgv({ args, options: EXPORT_OPTIONS, allowPositionals: true, strict: true });

/** `cognate-local export FILE`: exit code 0, or 1 (nothing to read) / 2 (how it was called). */
async function runExport(argv: string[]): Promise<void> {
  const fail = (message: string, code = 2) => {
    process.stderr.write(`cognate-local: ${message}\n`);
    process.exitCode = code;
  };
  let parsed: ReturnType<typeof parseExport>;
  try {
    parsed = parseExport(argv);
  } catch (error) {
    return fail(`${(error as Error).message.split('\n')[0]} (cognate-local export --help lists the options)`);
  }
  const { values, positionals } = parsed;
  if (values.help) return void process.stdout.write(EXPORT_USAGE);
  if (positionals.length !== 1) return fail('export needs one FILE to write (cognate-local export FILE [--url URL | --data DIR])');
  if (values.url !== undefined && values.data !== undefined) return fail('--url and --data do not go together');
  const file = positionals[0]!;
  let state: CognateLocalState;
  if (values.data !== undefined) {
    if (!existsSync(values.data)) return fail(`--data ${values.data}: no such folder`, 1);
    const store = new SqliteStore(values.data);
    try {
      state = exportState(store);
    } finally {
      store.close();
    }
  } else {
    const base = (values.url ?? 'http://127.0.0.1:9229').replace(/\/+$/, '');
    let response: Response;
    try {
      response = await fetch(`${base}/_local/state`);
    } catch {
      return fail(`no cognate-local answers at ${base} (start one, or pass --url URL or --data DIR)`, 1);
    }
    const text = await response.text();
    if (!response.ok) return fail(`${base} refused the export (HTTP ${response.status}): ${text.slice(0, 300)}`, 1);
    try {
      state = parseState(text);
    } catch (error) {
      return fail(`${base} did not answer a state file: ${(error as Error).message}`, 1);
    }
  }
  try {
    writeFileSync(file, JSON.stringify(state, null, 2) + '\n');
  } catch (error) {
    return fail(`could not write ${file}: ${(error as { code?: string }).code ?? (error as Error).message}`, 1);
  }
  const count = (kind: keyof CognateLocalState['records']) => Object.keys(state.records[kind] ?? {}).length;
  process.stdout.write(
    `wrote ${file} (${count('pool')} user pools, ${count('client')} app clients, ${count('user')} users, ${count('identityPool')} identity pools)\n`,
  );
}

/** A mistake in how the CLI was called: one line on stderr, exit code 2. */
class UsageError extends Error {}

interface Args {
  port: number;
  host: string;
  data?: string;
  config?: string;
  template?: string;
  triggers?: string;
  demo: boolean;
  outputs?: string;
  importFile?: string;
  exportOnExit?: string;
  region?: string;
  corsOrigins: string[];
  allowedHosts: string[];
  apis: ApiConfig[];
  log: 'quiet' | 'normal' | 'verbose';
  https: boolean;
  help: boolean;
  version: boolean;
}

const API_FLAG = '--api must be NAME=URL[,authorizer=AWS_IAM|COGNITO_USER_POOLS|NONE][,userPoolId=ID][,scopes=A+B]';

/** One `--api` value as an `apis[]` entry, checked as the config's are. */
function parseApiFlag(spec: string): ApiConfig {
  const [head = '', ...options] = spec.split(',');
  const eq = head.indexOf('=');
  if (eq <= 0) throw new UsageError(API_FLAG);
  const api: ApiConfig = { name: head.slice(0, eq), target: head.slice(eq + 1), authorizer: 'NONE' };
  for (const option of options) {
    const at = option.indexOf('=');
    const [key, value] = [option.slice(0, at), option.slice(at + 1)];
    if (at <= 0) throw new UsageError(API_FLAG);
    if (key === 'authorizer') api.authorizer = value as ApiConfig['authorizer'];
    else if (key === 'userPoolId') api.userPoolId = value;
    else if (key === 'scopes') api.scopes = value.split('+').filter(Boolean);
    else throw new UsageError(`--api: unknown option '${key}' (authorizer, userPoolId, scopes)`);
  }
  try {
    validateConfig({ apis: [api] });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`--api ${spec}: ${error.problems.map(p => p.replace(/^apis\[0\]\./, '')).join('; ')}`);
    throw error;
  }
  return api;
}

/** `node:util` parseArgs, with its errors said in one line each (and a did-you-mean for a misspelt option). */
function parseStart(argv: string[]): Args {
  const parse = (args: string[]) => parseArgv({ args, options: START_OPTIONS, allowPositionals: true, tokens: true, strict: true });
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const option = /'(-[^' ]*)/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const guess = option.startsWith('--') ? didYouMean(option.slice(2), Object.keys(START_OPTIONS)) : undefined;
      throw new UsageError(`unknown option '${option}'${guess ? `; did you mean --${guess}?` : ''} (cognate-local start --help lists them)`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /argument missing/.test(message)) throw new UsageError(`option '${option}' needs a value`);
    throw new UsageError(message.split('\n')[0]!);
  }
  const { values, positionals, tokens } = parsed;
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}' (cognate-local start --help lists the options)`);
  const port = Number(values.port ?? '9229');
  if (values.port !== undefined && (!/^\d+$/.test(values.port) || port > 65535)) throw new UsageError('--port must be 0-65535');
  if (values.quiet && values.verbose) throw new UsageError('--quiet and --verbose do not go together');
  const corsOrigins = (values['cors-origin'] ?? []).map(origin => {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {}
    if (!url || url.origin !== origin.replace(/\/+$/, '')) throw new UsageError('--cors-origin must be an origin like http://localhost:3000');
    return url.origin;
  });
  // --data DIR and --in-memory: the later one wins.
  const storage = tokens.filter(t => t.kind === 'option' && (t.name === 'data' || t.name === 'in-memory')).at(-1);
  return {
    port,
    host: values.host ?? '127.0.0.1',
    ...(storage?.kind === 'option' && storage.name === 'data' ? { data: values.data! } : {}),
    ...(values.config !== undefined ? { config: values.config } : {}),
    ...(values.template !== undefined ? { template: values.template } : {}),
    ...(values.triggers !== undefined ? { triggers: values.triggers } : {}),
    demo: values.demo ?? false,
    ...(values.outputs !== undefined ? { outputs: values.outputs } : {}),
    ...(values.import !== undefined ? { importFile: values.import } : {}),
    ...(values['export-on-exit'] !== undefined ? { exportOnExit: values['export-on-exit'] } : {}),
    ...(values.region !== undefined ? { region: values.region } : {}),
    corsOrigins,
    allowedHosts: values['allowed-host'] ?? [],
    apis: (values.api ?? []).map(parseApiFlag),
    log: values.quiet ? 'quiet' : values.verbose ? 'verbose' : 'normal',
    https: values.https ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

/** The `--config` file, parsed and checked; every problem is one `FILE: ...` line. */
function readConfig(file: string): LocalConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new ConfigError([code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a JSON file' : (error as Error).message]);
  }
  return validateConfig(parseConfigJson(text) as LocalConfig);
}

/**
 * The `--template` file as a seed config (src/template, loaded only when --template is given). The
 * stack name in generated ids is the file's name (`cdk.out/App.template.json` → `App`).
 */
async function readTemplate(file: string, region: string | undefined) {
  const { configFromTemplateFile } = await import('../template/index.js');
  return configFromTemplateFile(file, region ? { region } : {});
}

/** What went wrong starting the server, in one line (no stack). */
function startFailure(error: unknown, args: Args, sources: Record<string, string> = {}): string {
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'EADDRINUSE') return `port ${args.port} is in use (another cognate-local?). Stop it, or pick another port with --port 0 or --port N.`;
  if (code === 'EACCES') return `not allowed to listen on port ${args.port} (ports below 1024 need privileges). Pick another port with --port 0 or --port N.`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return `cannot listen on host ${args.host}: no such address on this machine. Use --host 127.0.0.1 (the default) or an address of this machine.`;
  const text = String(message ?? error);
  const seed = /^config (\S+): ([\s\S]*)$/.exec(text);
  if (seed && args.template && sources[seed[1]!]) return `${args.template}: could not create ${sources[seed[1]!]} (${seed[1]}): ${seed[2]}`;
  if (seed) return `${args.config || args.template ? `${args.config ?? args.template}: could not seed` : 'could not seed the demo:'} ${seed[1]}: ${seed[2]}`;
  if (error instanceof ConfigError) return `${args.config ?? 'config'}: ${text.replaceAll('\n', `\ncognate-local: ${args.config ?? 'config'}: `)}`;
  return `could not start: ${text.split('\n')[0]}`;
}

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function exposedWarning(host: string, port: number, verified: boolean): string {
  return [
    `cognate-local: WARNING: listening on ${host}:${port}, not a loopback address: other machines on your`,
    '  network can reach it. Whoever connects can sign users up and in, read every delivered code at',
    '  /_local/messages, copy the whole state (password verifiers, signing keys) at /_local/state,',
    '  reset or shift the server through /_local/*, and call admin operations',
    verified ? '  (signed with the configured credentials).' : '  with any well-shaped SigV4 signature, as no "credentials" are configured.',
    '  To restrict it: use --host 127.0.0.1 (the default) or a firewall, and set "credentials" in the',
    '  --config file so admin signatures are verified. The Host header must name this server: add the',
    '  names clients use with --allowed-host NAME.',
    '',
  ].join('\n');
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const fail = (message: string) => {
    process.stderr.write(`cognate-local: ${message}\n`);
    process.exitCode = 2;
  };
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(
      command === 'help' && rest[0] === 'start' ? USAGE : command === 'help' && rest[0] === 'export' ? EXPORT_USAGE : `${TOP_USAGE}\n${USAGE}`,
    );
    return;
  }
  if (command === '--version' || command === '-v') return void process.stdout.write(`${VERSION}\n`);
  if (command === 'export') return runExport(rest);
  if (command !== 'start') {
    if (command.startsWith('-')) return fail(`unknown option '${command}' (cognate-local --help lists them)`);
    const guess = didYouMean(command, COMMANDS);
    return fail(`unknown command '${command}'${guess ? `; did you mean ${guess}?` : ''} (cognate-local --help lists them)`);
  }
  let args: Args;
  let config: LocalConfig | undefined;
  try {
    args = parseStart(rest);
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message);
    throw error;
  }
  if (args.help) return void process.stdout.write(USAGE);
  if (args.version) return void process.stdout.write(`${VERSION}\n`);
  try {
    config = args.config ? readConfig(args.config) : undefined;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // FILE:LINE:COLUMN for a JSON syntax error (editors open it there), FILE: key.path otherwise.
    for (const problem of error.problems) process.stderr.write(`cognate-local: ${args.config}:${/^\d+:\d+:/.test(problem) ? '' : ' '}${problem}\n`);
    process.exitCode = 2;
    return;
  }
  let sources: Record<string, string> = {};
  if (args.template) {
    const file = args.template;
    try {
      const template = await readTemplate(file, args.region);
      sources = template.sources;
      config = {
        ...config,
        ...(template.config.region && !config?.region ? { region: template.config.region } : {}),
        userPools: [...(template.config.userPools ?? []), ...(config?.userPools ?? [])],
        identityPools: [...(template.config.identityPools ?? []), ...(config?.identityPools ?? [])],
      };
      if (template.skipped.length) {
        const list = template.skipped.map(r => `${r.logicalId} (${r.type}${r.referenced ? ', referenced: placeholder ARN' : ''})`);
        process.stdout.write(`${file}: skipped ${list.length} resource${list.length === 1 ? '' : 's'} cognate-local does not emulate: ${list.join(', ')}\n`);
      }
      for (const note of template.notes) process.stdout.write(`${file}: ${note}\n`);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const problem of error.problems) process.stderr.write(`cognate-local: ${file}:${/^\d+:\d+:/.test(problem) ? '' : ' '}${problem}\n`);
      process.exitCode = 2;
      return;
    }
  }
  // The state file is read and checked before anything starts; it is imported once the server runs.
  let state: CognateLocalState | undefined;
  if (args.importFile) {
    try {
      state = parseState(readFileSync(args.importFile, 'utf8'));
    } catch (error) {
      const code = (error as { code?: string }).code;
      const problems = error instanceof StateFileError ? error.problems : [code === 'ENOENT' ? 'no such file' : ((error as Error).message ?? String(error))];
      for (const problem of problems) process.stderr.write(`cognate-local: ${args.importFile}: ${problem}\n`);
      process.exitCode = 2;
      return;
    }
  }
  if (args.apis.length) config = { ...config, apis: [...(config?.apis ?? []), ...args.apis] };
  if (args.demo) {
    config = {
      ...config,
      userPools: [...(DEMO_CONFIG.userPools ?? []), ...(config?.userPools ?? [])],
      identityPools: [...(DEMO_CONFIG.identityPools ?? []), ...(config?.identityPools ?? [])],
    };
  }
  const mode = args.log;
  let server: RunningServer;
  try {
    server = await startServer({
      port: args.port,
      host: args.host,
      ...(args.region ? { region: args.region } : {}),
      ...(args.data ? { dataDir: args.data } : {}),
      ...(config ? { config } : {}),
      ...(args.triggers ? { triggerBaseDir: resolve(args.triggers) } : args.config ? { triggerBaseDir: dirname(resolve(args.config)) } : {}),
      cors: { allowedOrigins: args.corsOrigins },
      allowedHosts: args.allowedHosts,
      ...(args.https ? { https: true } : {}),
      ...(mode === 'quiet' ? {} : { onRequest: entry => process.stdout.write(formatRequestLine(entry, mode === 'verbose') + '\n') }),
    });
  } catch (error) {
    process.stderr.write(`cognate-local: ${startFailure(error, args, sources)}\n`);
    process.exitCode = 1;
    return;
  }
  if (state) {
    importState(server.local.services.store, state);
    server.local.services.keys.clearCache();
    // The config's pools, clients and users that the state file lacks are seeded again (seeding is idempotent).
    if (config) await server.local.seed(config);
  }
  if (!isLoopback(args.host)) process.stderr.write(exposedWarning(args.host, server.port, !!config?.credentials));
  process.stdout.write(`cognate-local listening on ${server.url}\n`);
  if (server.tls) process.stdout.write(trustInstructions(server.tls));
  if (args.demo) {
    // The demo app's hosted-UI sign-in comes back to the console, at either name of this host.
    const { port, protocol } = new URL(server.url);
    for (const host of ['localhost', '127.0.0.1']) allowDemoOrigin(server.local.services, `${protocol}//${host}:${port}`);
  }
  // The first seeded pool and its first client, by id or (without a fixed id) by name.
  const { store } = server.local.services;
  const firstPool = config?.userPools?.[0];
  const pool =
    (firstPool?.Id
      ? store.get<UserPool>('pool', firstPool.Id)
      : firstPool &&
        store
          .list<UserPool>('pool', '')
          .sort((a, b) => a.CreationDate - b.CreationDate)
          .find(p => p.Name === firstPool.PoolName)) ??
    // Without a config, an imported state's oldest pool.
    (state ? store.list<UserPool>('pool', '').sort((a, b) => a.CreationDate - b.CreationDate)[0] : undefined);
  const firstClient = firstPool?.clients?.[0];
  const client =
    (typeof firstClient?.ClientId === 'string'
      ? store.get<UserPoolClient>('client', firstClient.ClientId)
      : pool && firstClient && store.list<UserPoolClient>('client', '').find(c => c.UserPoolId === pool.Id && c.ClientName === firstClient.ClientName)) ??
    (state && pool ? store.list<UserPoolClient>('client', '').find(c => c.UserPoolId === pool.Id) : undefined);
  const firstIdentityPool = config?.identityPools?.[0];
  const identityPool = firstIdentityPool
    ? server.local.services.store
        .list<StoredIdentityPool>('identityPool', '')
        .find(p =>
          firstIdentityPool.IdentityPoolId
            ? p.pool.IdentityPoolId === firstIdentityPool.IdentityPoolId
            : p.pool.IdentityPoolName === firstIdentityPool.IdentityPoolName,
        )?.pool
    : undefined;
  if (pool && client) {
    if (args.outputs) {
      try {
        const groups = store.list<GroupRecord>('group', `${pool.Id}/`);
        const outputs = amplifyOutputs({
          pool,
          client,
          region: server.local.services.region,
          endpoint: server.url,
          ...(identityPool ? { identityPool } : {}),
          groups,
        });
        // A temp file renamed over the target: an app (or a second process writing the same file) reads one whole file, never a mix.
        const temp = `${args.outputs}.${process.pid}.tmp`;
        try {
          writeFileSync(temp, JSON.stringify(outputs, null, 2) + '\n');
          renameSync(temp, args.outputs);
        } catch (error) {
          rmSync(temp, { force: true });
          throw error;
        }
        process.stdout.write(
          `wrote ${args.outputs} (user pool ${pool.Id}, app client ${client.ClientId}${identityPool ? `, identity pool ${identityPool.IdentityPoolId}` : ''})\n`,
        );
      } catch (error) {
        // The server runs on; only the file is missing.
        process.stderr.write(`cognate-local: could not write ${args.outputs}: ${(error as { code?: string }).code ?? (error as Error).message}\n`);
      }
    }
    process.stdout.write(
      [
        '',
        'Point a client at it:',
        // The console's snippet for this client, to the letter.
        configureSnippet(clientConfigInput(server.local.services, pool, client, server.url)).replace(/^/gm, '  '),
        `  new CognitoIdentityProviderClient({ region: '${server.local.services.region}', endpoint: '${server.url}', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }) // admin calls are SigV4-signed: any placeholder credentials`,
        identityPool
          ? `  new CognitoIdentityClient({ region: '${server.local.services.region}', endpoint: '${server.url}', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })`
          : '',
        args.demo ? '  demo user: demo@example.com / Passw0rd!' : '',
        `  delivered codes: ${server.url}/_local/messages`,
        `  console and demo app: ${server.url.replace('127.0.0.1', 'localhost')}/`,
        '',
      ]
        .filter(l => l !== '')
        .join('\n') + '\n',
    );
  }
  const stop = () => {
    if (args.exportOnExit) {
      try {
        writeFileSync(args.exportOnExit, JSON.stringify(exportState(store, server.local.services.region), null, 2) + '\n');
        process.stdout.write(`wrote the state to ${args.exportOnExit}\n`);
      } catch (error) {
        process.stderr.write(`cognate-local: could not write ${args.exportOnExit}: ${(error as { code?: string }).code ?? (error as Error).message}\n`);
      }
    }
    void server.close().then(() => {
      process.stdout.write('cognate-local stopped\n');
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
