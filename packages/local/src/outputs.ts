/**
 * The `amplify_outputs.json` that `cognate-local start --outputs FILE` writes: Amplify Gen 2's
 * shape, plus what a client needs to reach this server instead of AWS.
 *
 * - `auth.user_pool_endpoint` / `auth.identity_pool_endpoint`: the server's URL. Gen 2 has no
 *   endpoint key; `aws-amplify`'s parser reads only the keys it knows and ignores these, `cognate-auth`'s
 *   turns them into `userPoolEndpoint` / `identityPoolEndpoint`.
 * - `auth.oauth` when the pool has a hosted-UI domain and the client allows OAuth: the domain is
 *   this server's `host:port` (the hosted UI is served on its own origin), with the client's
 *   callback and sign-out URLs, less the console's own (`/_local/…`), which are no app's.
 */
import type { IdentityPool } from './identity/model.js';
import type { UserPool, UserPoolClient } from './model.js';
import { poolMethods } from './services/mfa.js';

/** Gen 2's names for the external providers Amplify knows. */
const GEN2_PROVIDERS: Record<string, string> = {
  Google: 'GOOGLE',
  LoginWithAmazon: 'LOGIN_WITH_AMAZON',
  Facebook: 'FACEBOOK',
  SignInWithApple: 'SIGN_IN_WITH_APPLE',
};

function appUrls(list: unknown): string[] {
  return (Array.isArray(list) ? (list as string[]) : []).filter(u => {
    try {
      return !new URL(u).pathname.startsWith('/_local/');
    } catch {
      return false;
    }
  });
}

/** Gen 2's `auth.oauth` block for `client`, or undefined when it does not use the hosted UI. */
export interface OAuthOutputs {
  identity_providers: string[];
  domain: string;
  scopes: string[];
  redirect_sign_in_uri: string[];
  redirect_sign_out_uri: string[];
  response_type: 'code' | 'token';
}

export function oauthOutputs(pool: UserPool, client: UserPoolClient, url: string): OAuthOutputs | undefined {
  const signIn = appUrls(client.CallbackURLs);
  const signOut = appUrls(client.LogoutURLs);
  const flows = Array.isArray(client.AllowedOAuthFlows) ? (client.AllowedOAuthFlows as string[]) : [];
  if (typeof pool.Domain !== 'string' || !client.AllowedOAuthFlowsUserPoolClient || !signIn.length || !flows.some(f => f === 'code' || f === 'implicit'))
    return undefined;
  const providers = Array.isArray(client.SupportedIdentityProviders) ? (client.SupportedIdentityProviders as string[]) : [];
  return {
    identity_providers: providers.map(p => GEN2_PROVIDERS[p]).filter((p): p is string => !!p),
    domain: new URL(url).host,
    scopes: Array.isArray(client.AllowedOAuthScopes) ? (client.AllowedOAuthScopes as string[]) : [],
    redirect_sign_in_uri: signIn,
    redirect_sign_out_uri: signOut,
    response_type: flows.includes('code') ? 'code' : 'token',
  };
}

/** Gen 2's `auth.groups`: `[{ name: { precedence } }]`. */
export type GroupOutputs = Array<Record<string, { precedence?: number }>>;

/**
 * The outputs for `pool` / `client` (and `identityPool`, and the pool's `groups`) served at `url`:
 * what `--outputs` writes and what the console offers to copy.
 */
export function amplifyOutputs(
  pool: UserPool,
  client: UserPoolClient,
  region: string,
  url: string,
  identityPool?: IdentityPool,
  groups?: GroupOutputs,
): Record<string, unknown> {
  const policy = pool.Policies.PasswordPolicy;
  const oauth = oauthOutputs(pool, client, url);
  return {
    version: '1.4',
    auth: {
      aws_region: region,
      user_pool_id: pool.Id,
      user_pool_client_id: client.ClientId,
      user_pool_endpoint: url,
      ...(identityPool ? { identity_pool_id: identityPool.IdentityPoolId, identity_pool_endpoint: url } : {}),
      password_policy: {
        min_length: policy.MinimumLength,
        require_lowercase: policy.RequireLowercase,
        require_numbers: policy.RequireNumbers,
        require_symbols: policy.RequireSymbols,
        require_uppercase: policy.RequireUppercase,
      },
      ...(oauth ? { oauth } : {}),
      username_attributes: pool.UsernameAttributes ?? [],
      standard_required_attributes: pool.SchemaAttributes.filter(a => a.Required && a.Name !== 'sub').map(a => a.Name),
      user_verification_types: pool.AutoVerifiedAttributes?.map(a => (a === 'phone_number' ? 'phone_number' : 'email')) ?? [],
      unauthenticated_identities_enabled: identityPool?.AllowUnauthenticatedIdentities ?? false,
      // Gen 2's words: NONE, OPTIONAL, REQUIRED; and the second factors it knows, SMS and TOTP.
      mfa_configuration: pool.MfaConfiguration === 'OFF' ? 'NONE' : pool.MfaConfiguration === 'ON' ? 'REQUIRED' : pool.MfaConfiguration,
      mfa_methods: poolMethods(pool).filter(m => m === 'SMS' || m === 'TOTP'),
      ...(groups?.length ? { groups } : {}),
    },
  };
}
