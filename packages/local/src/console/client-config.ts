/**
 * An app client's configuration as the console offers it to copy: an `amplify_outputs.json`
 * (Amplify Gen 2's shape, plus `user_pool_endpoint` / `identity_pool_endpoint`, which cognate
 * reads) and the same as an `Amplify.configure({...})` call, both pointing at this server.
 */
import type { Services } from '../context.js';
import type { IdentityPool, StoredIdentityPool } from '../identity/model.js';
import type { UserPool, UserPoolClient } from '../model.js';
import type { GroupRecord } from '../services/groups.js';
import { amplifyOutputs as outputsFor, oauthOutputs, type GroupOutputs } from '../outputs.js';

export interface ClientConfigInput {
  pool: UserPool;
  client: UserPoolClient;
  region: string;
  /** This server's origin as the browser reached it, e.g. `http://localhost:9229`. */
  endpoint: string;
  /** The identity pool that trusts this client, if any. */
  identityPool?: IdentityPool;
  /** The pool's groups: Gen 2's `groups`, `[{ name: { precedence } }]`. */
  groups?: GroupRecord[];
}

function groupsOf(groups: GroupRecord[] | undefined): GroupOutputs | undefined {
  if (!groups?.length) return undefined;
  return groups.map(g => {
    const settings: Record<string, number> = {};
    if (g.Precedence !== undefined) settings.precedence = g.Precedence;
    return { [g.GroupName]: settings };
  });
}

/** The identity pool that trusts this client (the oldest, if several). */
function identityPoolFor(services: Services, pool: UserPool, client: UserPoolClient): IdentityPool | undefined {
  return services.store
    .list<StoredIdentityPool>('identityPool', '')
    .sort((a, b) => a.createdAt - b.createdAt)
    .find(({ pool: ip }) => ip.CognitoIdentityProviders.some(p => p.ClientId === client.ClientId && p.ProviderName.endsWith(`/${pool.Id}`)))?.pool;
}

/** What a client's configuration is made from, as the console shows it and the CLI prints it: its identity pool, the pool's groups in order. */
export function clientConfigInput(services: Services, pool: UserPool, client: UserPoolClient, endpoint: string): ClientConfigInput {
  const groups = services.store
    .list<GroupRecord>('group', `${pool.Id}/`)
    .sort((a, b) => a.CreationDate - b.CreationDate || a.GroupName.localeCompare(b.GroupName));
  const identityPool = identityPoolFor(services, pool, client);
  return { pool, client, region: services.region, endpoint, ...(identityPool ? { identityPool } : {}), groups };
}

export function amplifyOutputs({ pool, client, region, endpoint, identityPool, groups }: ClientConfigInput): Record<string, unknown> {
  return outputsFor(pool, client, region, endpoint, identityPool, groupsOf(groups));
}

/** `Amplify.configure({...});` for the same client (aws-amplify v6 or cognate). */
export function configureSnippet({ pool, client, endpoint, identityPool, groups }: ClientConfigInput): string {
  const groupList = groupsOf(groups);
  const names = pool.UsernameAttributes ?? [];
  const oauth = oauthOutputs(pool, client, endpoint);
  const loginWith: Record<string, unknown> = names.length ? { email: names.includes('email'), phone: names.includes('phone_number') } : { username: true };
  if (oauth) {
    // The same block as the outputs' `auth.oauth`, in Amplify v6's names (providers as the client lists them).
    const providers = (Array.isArray(client.SupportedIdentityProviders) ? (client.SupportedIdentityProviders as string[]) : []).filter(p => p !== 'COGNITO');
    loginWith.oauth = {
      domain: oauth.domain,
      scopes: oauth.scopes,
      redirectSignIn: oauth.redirect_sign_in_uri,
      redirectSignOut: oauth.redirect_sign_out_uri,
      responseType: oauth.response_type,
      ...(providers.length ? { providers } : {}),
    };
  }
  const cognito = {
    userPoolId: pool.Id,
    userPoolClientId: client.ClientId,
    userPoolEndpoint: endpoint,
    ...(identityPool
      ? { identityPoolId: identityPool.IdentityPoolId, identityPoolEndpoint: endpoint, allowGuestAccess: identityPool.AllowUnauthenticatedIdentities }
      : {}),
    loginWith,
    ...(groupList ? { groups: groupList } : {}),
  };
  return `Amplify.configure(${JSON.stringify({ Auth: { Cognito: cognito } }, null, 2)});`;
}
