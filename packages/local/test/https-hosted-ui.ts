/**
 * One https cognate-local with a hosted-UI domain and one OAuth `code` client, and the Amplify config
 * that signs in through it, for the https hosted-UI tests of both packages (cognate-local's own, with
 * aws-amplify in Chromium; cognate-auth's, with the Next.js auth routes). The caller passes how it
 * starts a server (its source or the built package); the CA and certificate go to a fresh folder that
 * `close()` removes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningServer, SeedPool, StartServerOptions } from '../src/index.js';

type SeedClient = NonNullable<SeedPool['clients']>[number];

export interface HttpsHostedUiOptions {
  /** `startServer` from the source or from the built package, with the caller's defaults (port, log). */
  startServer(options: StartServerOptions): Promise<RunningServer>;
  poolId: string;
  clientId: string;
  scopes: string[];
  /** The client's callback URL(s) and logout URL(s); the config's redirectSignIn / redirectSignOut. */
  redirectSignIn: string[];
  redirectSignOut: string[];
  /** More of the pool (users, username attributes) and of the client (auth flows). */
  pool?: Partial<SeedPool>;
  client?: Partial<SeedClient>;
}

export interface HttpsHostedUi {
  /** Listening on `https://localhost:PORT`, trusting its own local CA (`local.tls.ca`). */
  local: RunningServer;
  /** Amplify v6's config for the client: the endpoint and the hosted-UI domain are the https server. */
  config: {
    Auth: {
      Cognito: {
        userPoolId: string;
        userPoolClientId: string;
        userPoolEndpoint: string;
        loginWith: { oauth: { domain: string; scopes: string[]; redirectSignIn: string[]; redirectSignOut: string[]; responseType: 'code' } };
      };
    };
  };
  /** The folder of the CA and certificate (another server started with it shares the CA). */
  tlsDir: string;
  close(): Promise<void>;
}

export async function startHttpsHostedUi(options: HttpsHostedUiOptions): Promise<HttpsHostedUi> {
  const { poolId, clientId, scopes, redirectSignIn, redirectSignOut } = options;
  const tlsDir = mkdtempSync(join(tmpdir(), 'cognate-https-hosted-ui-'));
  let local: RunningServer;
  try {
    local = await options.startServer({
      https: true,
      tlsDir,
      config: {
        userPools: [
          {
            Id: poolId,
            PoolName: 'https-hosted-ui',
            Domain: 'https-hosted-ui',
            ...options.pool,
            clients: [
              {
                ClientId: clientId,
                ClientName: 'https-hosted-ui',
                AllowedOAuthFlowsUserPoolClient: true,
                AllowedOAuthFlows: ['code'],
                AllowedOAuthScopes: scopes,
                CallbackURLs: redirectSignIn,
                LogoutURLs: redirectSignOut,
                SupportedIdentityProviders: ['COGNITO'],
                ...options.client,
              },
            ],
          },
        ],
      },
    });
  } catch (error) {
    rmSync(tlsDir, { recursive: true, force: true });
    throw error;
  }
  const config: HttpsHostedUi['config'] = {
    Auth: {
      Cognito: {
        userPoolId: poolId,
        userPoolClientId: clientId,
        userPoolEndpoint: local.url,
        loginWith: { oauth: { domain: `localhost:${local.port}`, scopes, redirectSignIn, redirectSignOut, responseType: 'code' } },
      },
    },
  };
  return {
    local,
    config,
    tlsDir,
    async close() {
      await local.close();
      rmSync(tlsDir, { recursive: true, force: true });
    },
  };
}
