/**
 * The console's overview at `GET /`: every user pool with its domain, app clients and users, the
 * identity pools with their linked clients and identities, and the outbox of delivered messages
 * with their codes, newest first. Rendered on the server; a
 * small script re-fetches the live part (`/_local/console/overview`) every few seconds.
 */
import type { Services } from '../context.js';
import type { StoredIdentityPool } from '../identity/model.js';
import { groupsOfUser, type GroupRecord } from '../services/groups.js';
import type { OutboxMessage, UserPool, UserPoolClient, UserRecord } from '../model.js';
import { html, js, type SafeHtml } from '../html/html.js';
import { consolePage } from './layout.js';

const SHOWN_ATTRIBUTES = ['email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username'];
const OUTBOX_LIMIT = 50;

function time(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

const NONE = html`<span class="muted">—</span>`;

function list(values: unknown): SafeHtml {
  return Array.isArray(values) && values.length ? html`${values.map((v, i) => html`${i > 0 && ' '}<code>${String(v)}</code>`)}` : NONE;
}

function clientRows(clients: UserPoolClient[]): SafeHtml {
  if (!clients.length) return html`<div class="empty">No app clients.</div>`;
  const rows = clients.map((c) => {
    const oauth = c.AllowedOAuthFlowsUserPoolClient
      ? html`<div>flows ${list(c.AllowedOAuthFlows)}</div><div>scopes ${list(c.AllowedOAuthScopes)}</div><div>callbacks ${list(c.CallbackURLs)}</div>`
      : html`<span class="muted">off</span>`;
    const flows = ((c.ExplicitAuthFlows as string[] | undefined) ?? []).map((f) => f.replace(/^ALLOW_/, '')).join(', ');
    return html`<tr><td><b>${c.ClientName}</b><br><code>${c.ClientId}</code>${Boolean(c.ClientSecret) && html` <span class="chip">secret</span>`}</td><td>${flows || NONE}</td><td>${oauth}</td></tr>`;
  });
  return html`<table><thead><tr><th>Client</th><th>Auth flows</th><th>OAuth</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function userRows(services: Services, users: UserRecord[]): SafeHtml {
  if (!users.length) return html`<div class="empty">No users yet. Sign up on the demo page.</div>`;
  const rows = users
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((u) => {
      const attrs = SHOWN_ATTRIBUTES.filter((name) => u.attributes[name]).map((name) => html`<span><b>${name}</b> ${u.attributes[name]}${u.attributes[`${name}_verified`] === 'true' && ' ✓'}</span>`);
      const mfa = Object.entries(u.mfa ?? {})
        .filter(([, v]) => v?.enabled)
        .map(([m, v]) => `${m}${v?.preferred ? ' (preferred)' : ''}`)
        .join(', ');
      const groups = groupsOfUser(services, u.poolId, u.username).map((g) => g.GroupName);
      return html`<tr><td class="username"><code>${u.username}</code><div class="msg">created ${time(u.createdAt)} UTC</div></td><td><span class="status ${u.status}">${u.status}</span>${!u.enabled && html` <span class="status disabled">DISABLED</span>`}</td><td><div class="attrs">${attrs.length ? attrs : NONE}</div></td><td>${mfa || NONE}</td><td class="groups">${list(groups)}</td></tr>`;
    });
  return html`<table><thead><tr><th>Username</th><th>Status</th><th>Attributes</th><th>MFA</th><th>Groups</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function poolCard(services: Services, pool: UserPool): SafeHtml {
  const clients = services.store.list<UserPoolClient>('client', '').filter((c) => c.UserPoolId === pool.Id);
  const users = services.store.list<UserRecord>('user', `${pool.Id}/`);
  const groups = services.store.list<GroupRecord>('group', `${pool.Id}/`);
  const chips = [
    `MFA ${pool.MfaConfiguration}`,
    pool.UsernameAttributes?.length ? `sign in with ${pool.UsernameAttributes.join(' or ')}` : 'sign in with username',
    ...(typeof pool.Domain === 'string' ? [`domain ${pool.Domain}`] : []),
    `${users.length} user${users.length === 1 ? '' : 's'}`,
    ...(groups.length ? [`groups ${groups.map((g) => g.GroupName).join(', ')}`] : []),
  ];
  return html`<section class="card pool"><h2>${pool.Name} <code>${pool.Id}</code></h2><div class="chips">${chips.map((c) => html`<span class="chip">${c}</span>`)}</div>
<h3>App clients</h3>${clientRows(clients)}<h3>Users</h3>${userRows(services, users)}</section>`;
}

function identityPoolsCard(services: Services): SafeHtml | undefined {
  const pools = services.store.list<StoredIdentityPool>('identityPool', '').sort((a, b) => a.createdAt - b.createdAt);
  if (!pools.length) return undefined;
  const rows = pools.map(({ pool }) => {
    const identities = services.store.count('identity', `${pool.IdentityPoolId}/`);
    const providers = pool.CognitoIdentityProviders.map((p) => `${p.ProviderName} · ${p.ClientId}`);
    return html`<tr><td><b>${pool.IdentityPoolName}</b><br><code>${pool.IdentityPoolId}</code></td><td>${pool.AllowUnauthenticatedIdentities ? 'on' : html`<span class="muted">off</span>`}</td><td>${list(providers)}</td><td>${identities}</td></tr>`;
  });
  return html`<section class="card identity-pools"><h2>Identity pools</h2><table><thead><tr><th>Identity pool</th><th>Guest access</th><th>User pool clients</th><th>Identities</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function outboxCard(messages: OutboxMessage[]): SafeHtml {
  const latest = messages.slice(-OUTBOX_LIMIT).reverse();
  const body = latest.length
    ? html`<table><thead><tr><th>When (UTC)</th><th>To</th><th>Code</th></tr></thead><tbody>${latest.map(
        (m) => html`<tr><td class="muted">${time(m.createdAt)}</td><td>${m.destination} <span class="chip">${m.deliveryMedium} · ${m.kind}</span><div class="msg">${m.message}</div></td><td>${m.code ? html`<span class="code">${m.code}</span>` : NONE}</td></tr>`,
      )}</tbody></table>`
    : html`<div class="empty">Nothing delivered yet. Codes for sign-up, MFA and password resets appear here.</div>`;
  return html`<section class="card outbox"><h2>Outbox</h2><p class="muted" style="margin:0 0 8px">Every email and SMS Cognito would send, newest first.</p>${body}</section>`;
}

/** The live part of the page (pools and outbox). */
export function overviewFragment(services: Services): SafeHtml {
  const pools = services.store.list<UserPool>('pool', '').sort((a, b) => a.CreationDate - b.CreationDate);
  const poolCards = pools.length ? pools.map((p) => poolCard(services, p)) : html`<section class="card"><div class="empty">No user pools. Start with <code>--demo</code> or <code>--config FILE</code>, or call CreateUserPool.</div></section>`;
  return html`<div class="grid"><div>${poolCards}${identityPoolsCard(services)}</div><div>${outboxCard(services.outbox.list())}</div></div>`;
}

const REFRESH = js`
const live = document.getElementById('live');
setInterval(async () => {
  if (document.hidden) return;
  try {
    const res = await fetch('/_local/console/overview', { cache: 'no-store' });
    if (res.ok) { const html = await res.text(); if (html !== live.innerHTML) live.innerHTML = html; }
  } catch {}
}, 3000);`;

export function overviewPage(services: Services, origin: string): SafeHtml {
  const intro = html`<p class="muted" style="margin:0 0 16px">Point an app at <code>${origin}</code> (<code>userPoolEndpoint</code>). This page refreshes itself every few seconds. Try the <a href="/_local/console/demo">demo app</a>.</p>`;
  return consolePage('cognate-local console', html`<main>${intro}<div id="live">${overviewFragment(services)}</div></main>`, { script: REFRESH });
}
