/**
 * SetPrincipalTagAttributeMap / GetPrincipalTagAttributeMap: which token claims become session tags
 * (attributes for access control) for an identity provider of the pool. `UseDefaults` maps Cognito
 * user pool tokens as AWS does (`client` ← `aud`, `username` ← `sub`). The tags are computed when
 * credentials are issued and travel in the SessionToken with the role (see roles.ts).
 */
import type { Operation } from '../context.js';
import { errors } from '../errors.js';
import type { VerifiedLogin } from './logins.js';
import type { PrincipalTagMap, StoredIdentityPool } from './model.js';
import { getIdentityPool } from './records.js';
import { IDENTITY_POOL_ID, optBool, optStrMap, reqStr } from './validate.js';

const PROVIDER_NAME = { min: 1, max: 128, show: true };
const TAGS = { maxEntries: 50, key: { min: 1, max: 128 }, value: { min: 1, max: 256 } };
const DEFAULTS: Record<string, string> = { client: 'aud', username: 'sub' };

/** The identity provider names a pool can map: its Cognito providers, login providers, OIDC and SAML ARNs. */
function knownProvider(stored: StoredIdentityPool, name: string): boolean {
  const pool = stored.pool;
  return (
    pool.CognitoIdentityProviders.some(p => p.ProviderName === name) ||
    Object.hasOwn(pool.SupportedLoginProviders, name) ||
    [...pool.OpenIdConnectProviderARNs, ...pool.SamlProviderARNs].includes(name)
  );
}

export const setPrincipalTagAttributeMap: Operation = (input, ctx) => {
  const IdentityPoolId = reqStr(input, 'IdentityPoolId', IDENTITY_POOL_ID);
  const IdentityProviderName = reqStr(input, 'IdentityProviderName', PROVIDER_NAME);
  const useDefaults = optBool(input, 'UseDefaults');
  const tags = optStrMap(input, 'PrincipalTags', TAGS);
  const stored = getIdentityPool(ctx, IdentityPoolId);
  if (!knownProvider(stored, IdentityProviderName))
    throw errors.invalidParameter(`${IdentityProviderName} is not a configured provider of this identity pool.`);
  const map: PrincipalTagMap = { UseDefaults: useDefaults ?? false, PrincipalTags: { ...(useDefaults ? DEFAULTS : (tags ?? {})) } };
  ctx.store.put('identityPool', IdentityPoolId, { ...stored, principalTags: { ...stored.principalTags, [IdentityProviderName]: map } });
  return { IdentityPoolId, IdentityProviderName, ...map };
};

export const getPrincipalTagAttributeMap: Operation = (input, ctx) => {
  const IdentityPoolId = reqStr(input, 'IdentityPoolId', IDENTITY_POOL_ID);
  const IdentityProviderName = reqStr(input, 'IdentityProviderName', PROVIDER_NAME);
  const stored = getIdentityPool(ctx, IdentityPoolId);
  if (!knownProvider(stored, IdentityProviderName))
    throw errors.resourceNotFound(`${IdentityProviderName} is not a configured provider of this identity pool.`);
  const map = stored.principalTags && Object.hasOwn(stored.principalTags, IdentityProviderName) ? stored.principalTags[IdentityProviderName] : undefined;
  return { IdentityPoolId, IdentityProviderName, UseDefaults: map?.UseDefaults ?? false, PrincipalTags: map?.PrincipalTags ?? {} };
};

/** The session tags for credentials issued to these logins: each mapped claim that the token has, as a string. */
export function principalTagsFor(stored: StoredIdentityPool, verified: VerifiedLogin[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const login of verified) {
    const map = stored.principalTags && Object.hasOwn(stored.principalTags, login.provider) ? stored.principalTags[login.provider] : undefined;
    if (!map) continue;
    for (const [tag, claim] of Object.entries(map.PrincipalTags)) {
      const value = Object.hasOwn(login.claims, claim) ? login.claims[claim] : undefined;
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[tag] = String(value);
      else if (Array.isArray(value) && value.length) out[tag] = value.map(String).join(',');
    }
  }
  return Object.keys(out).length ? out : undefined;
}
