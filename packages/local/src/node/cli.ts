/**
 * `cognate-local start [--port 9229] [--host 127.0.0.1] [--data DIR | --in-memory] [--config FILE]
 *  [--triggers DIR] [--demo] [--outputs FILE] [--region us-east-1] [--cors-origin ORIGIN]... [--allowed-host NAME]...`
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { allowDemoOrigin, DEMO_CONFIG, parseConfig, type LocalConfig } from '../config.js';
import type { UserPool, UserPoolClient } from '../model.js';
import type { IdentityPool, StoredIdentityPool } from '../identity/model.js';
import { startServer } from './server.js';
import { trustInstructions } from './tls.js';

const USAGE = `Usage: cognate-local start [options]

  --port N          port to listen on (default 9229; 0 picks a free one)
  --host HOST       address to bind (default 127.0.0.1)
  --data DIR        keep state in SQLite under DIR (survives restarts and kill -9)
  --in-memory       keep state in memory only (the default)
  --config FILE     seed user pools, app clients and users from a JSON file
  --triggers DIR    the folder trigger modules are loaded from (default: the --config file's)
  --demo            seed a demo user pool, app client and user (demo@example.com / Passw0rd!)
  --outputs FILE    write the first pool's client configuration as amplify_outputs.json
  --region REGION   region in generated ids (default us-east-1)
  --cors-origin ORIGIN  also let the browser page at ORIGIN (e.g. http://localhost:3000) call
                    admin operations and /_local/* (repeatable; config key cors.allowedOrigins)
  --allowed-host NAME   also answer requests whose Host header is NAME or NAME:PORT, e.g. a LAN
                    name with --host 0.0.0.0 (repeatable; config key allowedHosts)
  --https           serve https://localhost:PORT with a local CA's certificate (made once into
                    DIR/tls, or the user cache folder with --in-memory; prints how to trust it)

  Admin operations need a SigV4-signed request (any AWS SDK signs); with the config key
  "credentials": {"accessKeyId", "secretAccessKey"} the signature is verified.
`;

interface Args {
  port: number;
  host: string;
  data?: string;
  config?: string;
  triggers?: string;
  demo: boolean;
  outputs?: string;
  region: string;
  corsOrigins: string[];
  allowedHosts: string[];
  https?: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { port: 9229, host: '127.0.0.1', demo: false, region: 'us-east-1', corsOrigins: [], allowedHosts: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0-65535');
        args.port = port;
        break;
      }
      case '--host': args.host = value(); break;
      case '--data': args.data = value(); break;
      case '--in-memory': delete args.data; break;
      case '--config': args.config = value(); break;
      case '--triggers': args.triggers = value(); break;
      case '--demo': args.demo = true; break;
      case '--outputs': args.outputs = value(); break;
      case '--region': args.region = value(); break;
      case '--cors-origin': {
        const origin = value();
        let parsed: URL | undefined;
        try {
          parsed = new URL(origin);
        } catch {}
        if (!parsed || parsed.origin !== origin.replace(/\/+$/, '')) throw new Error('--cors-origin must be an origin like http://localhost:3000');
        args.corsOrigins.push(parsed.origin);
        break;
      }
      case '--allowed-host': args.allowedHosts.push(value()); break;
      case '--https': args.https = true; break;
      default: throw new Error(`unknown option ${flag}`);
    }
  }
  return args;
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
    '  /_local/messages, reset or shift the server through /_local/*, and call admin operations',
    verified ? '  (signed with the configured credentials).' : '  with any well-shaped SigV4 signature, as no "credentials" are configured.',
    '  To restrict it: use --host 127.0.0.1 (the default) or a firewall, and set "credentials" in the',
    '  --config file so admin signatures are verified. The Host header must name this server: add the',
    '  names clients use with --allowed-host NAME.',
    '',
  ].join('\n');
}

function amplifyOutputs(pool: UserPool, client: UserPoolClient, region: string, identityPool?: IdentityPool): Record<string, unknown> {
  const policy = pool.Policies.PasswordPolicy;
  return {
    version: '1.4',
    auth: {
      aws_region: region,
      user_pool_id: pool.Id,
      user_pool_client_id: client.ClientId,
      ...(identityPool ? { identity_pool_id: identityPool.IdentityPoolId } : {}),
      password_policy: {
        min_length: policy.MinimumLength,
        require_lowercase: policy.RequireLowercase,
        require_numbers: policy.RequireNumbers,
        require_symbols: policy.RequireSymbols,
        require_uppercase: policy.RequireUppercase,
      },
      username_attributes: pool.UsernameAttributes ?? [],
      standard_required_attributes: pool.SchemaAttributes.filter((a) => a.Required && a.Name !== 'sub').map((a) => a.Name),
      user_verification_types: pool.AutoVerifiedAttributes?.map((a) => (a === 'phone_number' ? 'phone_number' : 'email')) ?? [],
      unauthenticated_identities_enabled: identityPool?.AllowUnauthenticatedIdentities ?? false,
      mfa_configuration: pool.MfaConfiguration === 'OFF' ? 'NONE' : pool.MfaConfiguration,
      mfa_methods: [],
    },
  };
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command !== 'start') {
    process.stdout.write(USAGE);
    process.exitCode = command === undefined || command === '--help' || command === 'help' ? 0 : 2;
    return;
  }
  let args: Args;
  let config: LocalConfig | undefined;
  try {
    args = parseArgs(rest);
    config = args.config ? parseConfig(readFileSync(args.config, 'utf8')) : undefined;
  } catch (error) {
    process.stderr.write(`cognate-local: ${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args.demo) {
    config = {
      userPools: [...(DEMO_CONFIG.userPools ?? []), ...(config?.userPools ?? [])],
      identityPools: [...(DEMO_CONFIG.identityPools ?? []), ...(config?.identityPools ?? [])],
    };
  }
  const server = await startServer({
    port: args.port,
    host: args.host,
    region: args.region,
    ...(args.data ? { dataDir: args.data } : {}),
    ...(config ? { config } : {}),
    ...(args.triggers ? { triggerBaseDir: resolve(args.triggers) } : args.config ? { triggerBaseDir: dirname(resolve(args.config)) } : {}),
    cors: { allowedOrigins: args.corsOrigins },
    allowedHosts: args.allowedHosts,
    ...(args.https ? { https: true } : {}),
  });
  if (!isLoopback(args.host)) process.stderr.write(exposedWarning(args.host, server.port, !!config?.credentials));
  process.stdout.write(`cognate-local listening on ${server.url}\n`);
  if (server.tls) process.stdout.write(trustInstructions(server.tls));
  if (args.demo) {
    // The demo app's hosted-UI sign-in comes back to the console, at either name of this host.
    const { port, protocol } = new URL(server.url);
    for (const host of ['localhost', '127.0.0.1']) allowDemoOrigin(server.local.services, `${protocol}//${host}:${port}`);
  }
  const firstPool = config?.userPools?.[0];
  const poolId = firstPool?.Id ?? (firstPool ? undefined : undefined);
  const pool = poolId ? server.local.services.store.get<UserPool>('pool', poolId) : undefined;
  const clientId = firstPool?.clients?.[0]?.ClientId;
  const client = typeof clientId === 'string' ? server.local.services.store.get<UserPoolClient>('client', clientId) : undefined;
  const firstIdentityPool = config?.identityPools?.[0];
  const identityPool = firstIdentityPool
    ? server.local.services.store.list<StoredIdentityPool>('identityPool', '').find((p) =>
        firstIdentityPool.IdentityPoolId ? p.pool.IdentityPoolId === firstIdentityPool.IdentityPoolId : p.pool.IdentityPoolName === firstIdentityPool.IdentityPoolName,
      )?.pool
    : undefined;
  const identityHint = identityPool ? `, identityPoolId: '${identityPool.IdentityPoolId}', identityPoolEndpoint: '${server.url}'${identityPool.AllowUnauthenticatedIdentities ? ', allowGuestAccess: true' : ''}` : '';
  if (pool && client) {
    if (args.outputs) {
      writeFileSync(args.outputs, JSON.stringify(amplifyOutputs(pool, client, args.region, identityPool), null, 2) + '\n');
      process.stdout.write(`wrote ${args.outputs} (user pool ${pool.Id}, app client ${client.ClientId}${identityPool ? `, identity pool ${identityPool.IdentityPoolId}` : ''})\n`);
    }
    process.stdout.write(
      [
        '',
        'Point a client at it:',
        `  Amplify.configure({ Auth: { Cognito: { userPoolId: '${pool.Id}', userPoolClientId: '${client.ClientId}', userPoolEndpoint: '${server.url}'${identityHint} } } })`,
        `  new CognitoIdentityProviderClient({ region: '${args.region}', endpoint: '${server.url}' })`,
        identityPool ? `  new CognitoIdentityClient({ region: '${args.region}', endpoint: '${server.url}' })` : '',
        args.demo ? '  demo user: demo@example.com / Passw0rd!' : '',
        `  delivered codes: ${server.url}/_local/messages`,
        `  console and demo app: ${server.url.replace('127.0.0.1', 'localhost')}/`,
        '',
      ].filter((l) => l !== '').join('\n') + '\n',
    );
  }
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
