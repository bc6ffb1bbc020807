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
import { escapeHtml as e } from '../oauth/html.js';
import { consolePage } from './layout.js';

const SHOWN_ATTRIBUTES = ['email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username'];
const OUTBOX_LIMIT = 50;

function time(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

function list(values: unknown): string {
  return Array.isArray(values) && values.length ? values.map((v) => `<code>${e(String(v))}</code>`).join(' ') : '<span class="muted">—</span>';
}

function clientRows(clients: UserPoolClient[]): string {
  if (!clients.length) return '<div class="empty">No app clients.</div>';
  const rows = clients.map((c) => {
    const oauth = c.AllowedOAuthFlowsUserPoolClient
      ? `<div>flows ${list(c.AllowedOAuthFlows)}</div><div>scopes ${list(c.AllowedOAuthScopes)}</div><div>callbacks ${list(c.CallbackURLs)}</div>`
      : '<span class="muted">off</span>';
    const flows = ((c.ExplicitAuthFlows as string[] | undefined) ?? []).map((f) => f.replace(/^ALLOW_/, '')).join(', ');
    return `<tr><td><b>${e(c.ClientName)}</b><br><code>${e(c.ClientId)}</code>${c.ClientSecret ? ' <span class="chip">secret</span>' : ''}</td><td>${e(flows) || '<span class="muted">—</span>'}</td><td>${oauth}</td></tr>`;
  });
  return `<table><thead><tr><th>Client</th><th>Auth flows</th><th>OAuth</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function userRows(services: Services, users: UserRecord[]): string {
  if (!users.length) return '<div class="empty">No users yet. Sign up on the demo page.</div>';
  const rows = users
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((u) => {
      const attrs = SHOWN_ATTRIBUTES.filter((name) => u.attributes[name])
        .map((name) => `<span><b>${e(name)}</b> ${e(u.attributes[name]!)}${u.attributes[`${name}_verified`] === 'true' ? ' ✓' : ''}</span>`)
        .join('');
      const mfa = Object.entries(u.mfa ?? {})
        .filter(([, v]) => v?.enabled)
        .map(([m, v]) => `${m}${v?.preferred ? ' (preferred)' : ''}`)
        .join(', ');
      const groups = groupsOfUser(services, u.poolId, u.username).map((g) => g.GroupName);
      return `<tr><td class="username"><code>${e(u.username)}</code><div class="msg">created ${time(u.createdAt)} UTC</div></td><td><span class="status ${e(u.status)}">${e(u.status)}</span>${u.enabled ? '' : ' <span class="status disabled">DISABLED</span>'}</td><td><div class="attrs">${attrs || '<span class="muted">—</span>'}</div></td><td>${e(mfa) || '<span class="muted">—</span>'}</td><td class="groups">${list(groups)}</td></tr>`;
    });
  return `<table><thead><tr><th>Username</th><th>Status</th><th>Attributes</th><th>MFA</th><th>Groups</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function poolCard(services: Services, pool: UserPool): string {
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
  return `<section class="card pool"><h2>${e(pool.Name)} <code>${e(pool.Id)}</code></h2><div class="chips">${chips.map((c) => `<span class="chip">${e(c)}</span>`).join('')}</div>
<h3>App clients</h3>${clientRows(clients)}<h3>Users</h3>${userRows(services, users)}</section>`;
}

function identityPoolsCard(services: Services): string {
  const pools = services.store.list<StoredIdentityPool>('identityPool', '').sort((a, b) => a.createdAt - b.createdAt);
  if (!pools.length) return '';
  const rows = pools.map(({ pool }) => {
    const identities = services.store.count('identity', `${pool.IdentityPoolId}/`);
    const providers = pool.CognitoIdentityProviders.map((p) => `${p.ProviderName} · ${p.ClientId}`);
    return `<tr><td><b>${e(pool.IdentityPoolName)}</b><br><code>${e(pool.IdentityPoolId)}</code></td><td>${pool.AllowUnauthenticatedIdentities ? 'on' : '<span class="muted">off</span>'}</td><td>${list(providers)}</td><td>${identities}</td></tr>`;
  });
  return `<section class="card identity-pools"><h2>Identity pools</h2><table><thead><tr><th>Identity pool</th><th>Guest access</th><th>User pool clients</th><th>Identities</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function outboxCard(messages: OutboxMessage[]): string {
  const latest = messages.slice(-OUTBOX_LIMIT).reverse();
  const body = latest.length
    ? `<table><thead><tr><th>When (UTC)</th><th>To</th><th>Code</th></tr></thead><tbody>${latest
        .map((m) => `<tr><td class="muted">${time(m.createdAt)}</td><td>${e(m.destination)} <span class="chip">${e(m.deliveryMedium)} · ${e(m.kind)}</span><div class="msg">${e(m.message)}</div></td><td>${m.code ? `<span class="code">${e(m.code)}</span>` : '<span class="muted">—</span>'}</td></tr>`)
        .join('')}</tbody></table>`
    : '<div class="empty">Nothing delivered yet. Codes for sign-up, MFA and password resets appear here.</div>';
  return `<section class="card outbox"><h2>Outbox</h2><p class="muted" style="margin:0 0 8px">Every email and SMS Cognito would send, newest first.</p>${body}</section>`;
}

/** The live part of the page (pools and outbox). */
export function overviewFragment(services: Services): string {
  const pools = services.store.list<UserPool>('pool', '').sort((a, b) => a.CreationDate - b.CreationDate);
  const poolCards = pools.length ? pools.map((p) => poolCard(services, p)).join('') : '<section class="card"><div class="empty">No user pools. Start with <code>--demo</code> or <code>--config FILE</code>, or call CreateUserPool.</div></section>';
  return `<div class="grid"><div>${poolCards}${identityPoolsCard(services)}</div><div>${outboxCard(services.outbox.list())}</div></div>`;
}

const REFRESH = `
const live = document.getElementById('live');
setInterval(async () => {
  if (document.hidden) return;
  try {
    const res = await fetch('/_local/console/overview', { cache: 'no-store' });
    if (res.ok) { const html = await res.text(); if (html !== live.innerHTML) live.innerHTML = html; }
  } catch {}
}, 3000);`;

export function overviewPage(services: Services, origin: string): string {
  const intro = `<p class="muted" style="margin:0 0 16px">Point an app at <code>${e(origin)}</code> (<code>userPoolEndpoint</code>). This page refreshes itself every few seconds. Try the <a href="/_local/console/demo">demo app</a>.</p>`;
  return consolePage('cognate-local console', `<main>${intro}<div id="live">${overviewFragment(services)}</div></main>`, { script: REFRESH });
}
