/**
 * An app client's configuration as the console offers it to copy: an `amplify_outputs.json`
 * (Amplify Gen 2's shape, plus `user_pool_endpoint` / `identity_pool_endpoint`, which cognate
 * reads) and the same as an `Amplify.configure({...})` call, both pointing at this server.
 */
import type { IdentityPool } from '../identity/model.js';
import type { UserPool, UserPoolClient } from '../model.js';
import type { GroupRecord } from '../services/groups.js';

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

function groupsOf(groups: GroupRecord[] | undefined): Array<Record<string, Record<string, number>>> | undefined {
  if (!groups?.length) return undefined;
  return groups.map((g) => {
    const settings: Record<string, number> = {};
    if (g.Precedence !== undefined) settings.precedence = g.Precedence;
    return { [g.GroupName]: settings };
  });
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** The hosted UI's settings when the client uses it: cognate-local serves it at its own origin. */
function oauthOf(client: UserPoolClient, endpoint: string) {
  if (!client.AllowedOAuthFlowsUserPoolClient) return undefined;
  return {
    domain: new URL(endpoint).host,
    scopes: strings(client.AllowedOAuthScopes),
    redirectSignIn: strings(client.CallbackURLs),
    redirectSignOut: strings(client.LogoutURLs),
    responseType: strings(client.AllowedOAuthFlows).includes('code') ? 'code' : 'token',
    providers: strings(client.SupportedIdentityProviders).filter((p) => p !== 'COGNITO'),
  };
}

export function amplifyOutputs({ pool, client, region, endpoint, identityPool, groups }: ClientConfigInput): Record<string, unknown> {
  const policy = pool.Policies.PasswordPolicy;
  const oauth = oauthOf(client, endpoint);
  const groupList = groupsOf(groups);
  return {
    version: '1.4',
    auth: {
      aws_region: region,
      user_pool_id: pool.Id,
      user_pool_client_id: client.ClientId,
      user_pool_endpoint: endpoint,
      ...(identityPool ? { identity_pool_id: identityPool.IdentityPoolId, identity_pool_endpoint: endpoint } : {}),
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
      ...(groupList ? { groups: groupList } : {}),
      ...(oauth
        ? {
            oauth: {
              identity_providers: oauth.providers,
              domain: oauth.domain,
              scopes: oauth.scopes,
              redirect_sign_in_uri: oauth.redirectSignIn,
              redirect_sign_out_uri: oauth.redirectSignOut,
              response_type: oauth.responseType,
            },
          }
        : {}),
    },
  };
}

/** `Amplify.configure({...});` for the same client (aws-amplify v6 or cognate). */
export function configureSnippet({ pool, client, endpoint, identityPool, groups }: ClientConfigInput): string {
  const groupList = groupsOf(groups);
  const names = pool.UsernameAttributes ?? [];
  const oauth = oauthOf(client, endpoint);
  const loginWith: Record<string, unknown> = names.length ? { email: names.includes('email'), phone: names.includes('phone_number') } : { username: true };
  if (oauth) {
    const { providers, ...rest } = oauth;
    loginWith.oauth = { ...rest, ...(providers.length ? { providers } : {}) };
  }
  const cognito = {
    userPoolId: pool.Id,
    userPoolClientId: client.ClientId,
    userPoolEndpoint: endpoint,
    ...(identityPool ? { identityPoolId: identityPool.IdentityPoolId, identityPoolEndpoint: endpoint, allowGuestAccess: identityPool.AllowUnauthenticatedIdentities } : {}),
    loginWith,
    ...(groupList ? { groups: groupList } : {}),
  };
  return `Amplify.configure(${JSON.stringify({ Auth: { Cognito: cognito } }, null, 2)});`;
}
