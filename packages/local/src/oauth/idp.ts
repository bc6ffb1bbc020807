/**
 * Federated sign-in, offline: the built-in mock OIDC identity provider plays every external
 * provider a pool configures (Google, Facebook, Apple, Amazon, custom OIDC). Its sign-in page lists
 * the users seeded for it (and lets you type any email), then answers `/oauth2/idpresponse` with a
 * code, as a real provider would; cognate-local creates or updates the federated user
 * (`<Provider>_<sub>`, status EXTERNAL_PROVIDER, `identities` attribute) and finishes the sign-in.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { OperationContext } from '../context.js';
import type { UserPool, UserPoolClient, UserRecord } from '../model.js';
import type { IdentityProviderRecord } from '../operations/oauth-setup.js';
import { newUuid } from '../services/ids.js';
import { getUser, newUserRecord, saveUser } from '../services/users.js';
import { csrf, csrfOk, claimFlow, errorRedirect, loadFlow, putCappedOAuth, saveFlow, takeCappedOAuth, type AuthorizeRequest } from './flow.js';
import { html } from '../html/html.js';
import { errorPage, field, hidden, htmlResponse, page, redirect } from './html.js';
import { complete } from './complete.js';
import { linkedUser } from '../operations/link-provider.js';
import { readForm } from '../input.js';

export interface MockIdpUser {
  provider?: string;
  sub: string;
  email?: string;
  name?: string;
  [claim: string]: string | undefined;
}

const hash = (value: string) => createHash('sha256').update(value).digest('base64url');

function provider(ctx: OperationContext, pool: UserPool, auth: AuthorizeRequest): IdentityProviderRecord | undefined {
  const all = ctx.store.list<IdentityProviderRecord>('idp', `${pool.Id}/`);
  if (auth.idpIdentifier) return all.find(p => p.IdpIdentifiers.includes(auth.idpIdentifier!));
  return all.find(p => p.ProviderName === auth.identityProvider);
}

export function federatedStart(ctx: OperationContext, _request: Request, auth: AuthorizeRequest, pool: UserPool, client: UserPoolClient): Response {
  const idp = provider(ctx, pool, auth);
  const supported = (client.SupportedIdentityProviders as string[] | undefined) ?? [];
  if (!idp) return redirect(errorRedirect(auth.redirectUri, 'invalid_request', 'The identity provider is not configured for this user pool.', auth.state));
  if (!supported.includes(idp.ProviderName))
    return redirect(
      errorRedirect(auth.redirectUri, 'unauthorized_client', `${idp.ProviderName} is not a supported identity provider for this client.`, auth.state),
    );
  const flow = saveFlow(ctx, { request: auth, poolId: pool.Id, username: '', step: 'federated', data: { provider: idp.ProviderName } });
  return redirect(`/_local/idp/authorize?${new URLSearchParams({ provider: idp.ProviderName, state: flow, redirect_uri: '/oauth2/idpresponse' })}`);
}

/** The mock provider's sign-in page (GET) and its answer (POST). */
export async function mockIdpAuthorize(ctx: OperationContext, request: Request, url: URL, users: MockIdpUser[]): Promise<Response> {
  const providerName = url.searchParams.get('provider') ?? '';
  const state = url.searchParams.get('state') ?? '';
  const flow = loadFlow(ctx, state);
  if (!flow || flow.step !== 'federated' || flow.data?.provider !== providerName)
    return errorPage(400, 'invalid_request', 'Unknown or expired sign-in request.');
  const mine = users.filter(u => !u.provider || u.provider === providerName);
  if (request.method === 'GET') {
    const token = csrf(request);
    const list = mine.map(
      u =>
        html`<form method="post" action="${url.pathname + url.search}">${hidden({ _csrf: token.token, sub: u.sub })}<button class="alt" type="submit">${u.name ?? u.email ?? u.sub}${u.email && html` &lt;${u.email}&gt;`}</button></form>`,
    );
    const custom = html`<form method="post" action="${url.pathname + url.search}">${hidden({ _csrf: token.token })}${field('email', 'Email', { type: 'email', required: true })}${field('name', 'Name')}<button type="submit">Continue</button></form>`;
    return htmlResponse(
      200,
      page({
        title: `Sign in with ${providerName}`,
        subtitle: 'Mock identity provider (cognate-local)',
        body: html`${list}${list.length > 0 && html`<hr>`}${custom}`,
      }),
      token.cookie ? { 'set-cookie': token.cookie } : {},
      { redirectUris: [flow.request.redirectUri] },
    );
  }
  const form = await readForm(request);
  if (!csrfOk(request, form)) return errorPage(400, 'invalid_request', 'Your session expired. Please try again.');
  let claims: MockIdpUser;
  const chosen = form.get('sub');
  if (chosen) {
    const user = mine.find(u => u.sub === chosen);
    if (!user) return errorPage(400, 'invalid_request', 'Unknown user.');
    claims = user;
  } else {
    const email = form.get('email') ?? '';
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) return errorPage(400, 'invalid_request', 'Enter an email address.');
    claims = {
      sub: hash(`${providerName}:${email.toLowerCase()}`)
        .slice(0, 21)
        .replace(/[^0-9a-zA-Z]/g, '0'),
      email,
      ...(form.get('name') ? { name: form.get('name')! } : {}),
    };
  }
  const code = randomBytes(24).toString('base64url');
  putCappedOAuth(ctx, flow.poolId, `idpcode/${hash(code)}`, { claims: { email_verified: 'true', ...claims }, state, expiresAt: ctx.clock.now() + 120 }, false);
  return redirect(`/oauth2/idpresponse?${new URLSearchParams({ code, state })}`);
}

/** The provider's answer: redeem its code, link the federated user, finish the sign-in. */
export async function idpResponse(ctx: OperationContext, request: Request, url: URL): Promise<Response> {
  const state = url.searchParams.get('state') ?? '';
  const flow = loadFlow(ctx, state);
  if (!flow || flow.step !== 'federated' || !claimFlow(ctx, state)) return errorPage(400, 'invalid_request', 'Unknown or expired sign-in request.');
  const auth = flow.request;
  const code = url.searchParams.get('code') ?? '';
  const key = `idpcode/${hash(code)}`;
  const record = takeCappedOAuth<{ claims: MockIdpUser; state: string; expiresAt: number }>(ctx, key);
  if (url.searchParams.get('error') || !record || record.state !== state || record.expiresAt <= ctx.clock.now()) {
    return redirect(errorRedirect(auth.redirectUri, 'access_denied', 'The identity provider did not sign the user in.', auth.state));
  }
  const pool = ctx.store.get<UserPool>('pool', flow.poolId);
  const client = ctx.store.get<UserPoolClient>('client', auth.clientId);
  const idp = pool ? ctx.store.get<IdentityProviderRecord>('idp', `${pool.Id}/${flow.data!.provider}`) : undefined;
  if (!pool || !client || !idp) return errorPage(400, 'invalid_request', 'The identity provider is no longer configured.');
  // An identity linked to a user of the pool (AdminLinkProviderForUser) signs in as that user.
  const user = linkedUser(ctx, pool, idp.ProviderName, record.claims) ?? linkFederatedUser(ctx, pool, idp, record.claims);
  if (!user)
    return redirect(
      errorRedirect(
        auth.redirectUri,
        'invalid_request',
        'A user of this pool that did not come from this identity provider already has its user name.',
        auth.state,
      ),
    );
  if (!user.enabled) return redirect(errorRedirect(auth.redirectUri, 'invalid_request', 'User is disabled.', auth.state));
  return complete(ctx, request, auth, pool, client, user, ctx.clock.now(), [], idp.ProviderName);
}

const DEFAULT_MAPPING: Record<string, string> = {
  email: 'email',
  email_verified: 'email_verified',
  name: 'name',
  given_name: 'given_name',
  family_name: 'family_name',
  picture: 'picture',
};

/**
 * The federated user `<Provider>_<sub>`, created on first sign-in and updated from the provider's
 * claims after. A federated sign-in reaches only this user (unless AdminLinkProviderForUser linked the
 * identity to another: see idpResponse): never a native user by a matching email, nor a native user
 * who happens to have that name (undefined). Its email is a
 * profile attribute and never a sign-in alias (services/users.ts), so it cannot take another
 * user's email sign-in either.
 */
function linkFederatedUser(ctx: OperationContext, pool: UserPool, idp: IdentityProviderRecord, claims: MockIdpUser): UserRecord | undefined {
  const username = `${idp.ProviderName}_${claims.sub}`;
  const existing = getUser(ctx, pool, username);
  if (existing && existing.status !== 'EXTERNAL_PROVIDER') return undefined;
  const now = ctx.clock.now();
  const mapping = Object.keys(idp.AttributeMapping).length ? { username: 'sub', ...idp.AttributeMapping } : DEFAULT_MAPPING;
  const attributes: Record<string, string> = { ...(existing?.attributes ?? {}) };
  for (const [poolAttribute, claim] of Object.entries(mapping)) {
    if (poolAttribute === 'username') continue;
    const value = claims[claim];
    if (value !== undefined && pool.SchemaAttributes.some(a => a.Name === poolAttribute)) attributes[poolAttribute] = String(value);
  }
  // Verification flags are booleans in any case ("True"); a mapped email or phone number is
  // unverified unless its flag is mapped from the provider too (Cognito's attribute-mapping guide).
  for (const [attribute, flag] of [
    ['email', 'email_verified'],
    ['phone_number', 'phone_number_verified'],
  ] as const) {
    if (attributes[flag] !== undefined) attributes[flag] = /^true$/i.test(attributes[flag]!) ? 'true' : 'false';
    if (attributes[attribute] !== undefined && !(flag in mapping)) attributes[flag] = 'false';
  }
  const identity = {
    userId: claims.sub,
    providerName: idp.ProviderName,
    providerType: idp.ProviderType,
    issuer: null,
    primary: true,
    dateCreated: (existing?.createdAt ?? now) * 1000,
  };
  attributes.identities = JSON.stringify([identity]);
  const sub = existing?.attributes.sub ?? newUuid();
  attributes.sub = sub;
  const user: UserRecord = existing ? { ...existing, attributes, updatedAt: now } : newUserRecord(pool, username, sub, attributes, 'EXTERNAL_PROVIDER', now);
  saveUser(ctx, pool, user, existing);
  return user;
}
