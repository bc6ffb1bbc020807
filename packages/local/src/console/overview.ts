/**
 * The console's overview at `GET /`: every user pool with its domain, app clients and users, the
 * identity pools with their linked clients and identities, and the outbox of delivered messages
 * with their codes, newest first. Rendered on the server; a
 * small script re-fetches the live part (`/_local/console/overview`) every few seconds.
 */
import { createHash } from 'node:crypto';
import type { Services } from '../context.js';
import type { IdentityPool, StoredIdentityPool } from '../identity/model.js';
import { groupsOfUser, type GroupRecord } from '../services/groups.js';
import type { OutboxMessage, UserPool, UserPoolClient, UserRecord } from '../model.js';
import { html, type SafeHtml } from '../html/html.js';
import { amplifyOutputs, clientConfigInput, configureSnippet } from './client-config.js';
import { CONSOLE_SCRIPT_PATH } from './console-script.js';
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

/** What the console knows about the request: this server's origin as the browser reached it. */
export interface ConsoleView {
  origin: string;
}

function copyBlock(label: string, id: string, text: string): SafeHtml {
  return html`<div class="cfg-head"><span>${label}</span><button type="button" class="copy" data-copy="${id}">Copy</button></div><pre id="${id}">${text}</pre>`;
}

function clientConfig(services: Services, view: ConsoleView, pool: UserPool, client: UserPoolClient): SafeHtml {
  const input = clientConfigInput(services, pool, client, view.origin);
  return html`<details class="config" id="${`config:${client.ClientId}`}"><summary>Configuration to copy</summary>
${copyBlock('amplify_outputs.json', `outputs:${client.ClientId}`, JSON.stringify(amplifyOutputs(input), null, 2))}
${copyBlock('Amplify.configure', `configure:${client.ClientId}`, configureSnippet(input))}</details>`;
}

function clientRows(services: Services, view: ConsoleView, pool: UserPool, clients: UserPoolClient[]): SafeHtml {
  if (!clients.length) return html`<div class="empty">No app clients.</div>`;
  const rows = clients.map(c => {
    const oauth = c.AllowedOAuthFlowsUserPoolClient
      ? html`<div>flows ${list(c.AllowedOAuthFlows)}</div><div>scopes ${list(c.AllowedOAuthScopes)}</div><div>callbacks ${list(c.CallbackURLs)}</div>`
      : html`<span class="muted">off</span>`;
    const flows = ((c.ExplicitAuthFlows as string[] | undefined) ?? []).map(f => f.replace(/^ALLOW_/, '')).join(', ');
    return html`<tr class="client" data-client="${c.ClientId}"><td data-label="Client"><b>${c.ClientName}</b><br><code>${c.ClientId}</code>${Boolean(c.ClientSecret) && html` <span class="chip">secret</span>`}</td><td data-label="Auth flows">${flows || NONE}</td><td data-label="OAuth">${oauth}</td></tr>
<tr class="client-config"><td colspan="3">${clientConfig(services, view, pool, c)}</td></tr>`;
  });
  return html`<table class="stack"><thead><tr><th>Client</th><th>Auth flows</th><th>OAuth</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** A console action: a form the page's script posts as JSON (see console-script.ts). */
function action(
  name: string,
  pool: UserPool,
  user: UserRecord | undefined,
  fields: SafeHtml | undefined,
  label: string,
  extra: { confirm?: string; className?: string } = {},
): SafeHtml {
  return html`<form class="${`act ${extra.className ?? ''}`}" data-action="${name}" data-pool="${pool.Id}" data-user="${user?.username}" data-confirm="${extra.confirm}">${fields}<button type="submit">${label}</button></form>`;
}

function manageUser(pool: UserPool, user: UserRecord, member: string[], groups: GroupRecord[]): SafeHtml {
  const others = groups.map(g => g.GroupName).filter(g => !member.includes(g));
  const attributeNames = [...new Set([...SHOWN_ATTRIBUTES, ...Object.keys(user.attributes).filter(n => n !== 'sub')])];
  return html`<details class="manage" id="${`manage:${pool.Id}/${user.username}`}"><summary>Manage</summary><div class="actions">
${action('users/set-password', pool, user, html`<label>New password <input name="Password" type="password" autocomplete="new-password" required></label><label class="check"><input type="checkbox" name="Permanent" checked> permanent</label>`, 'Set password')}
${action('users/update-attributes', pool, user, html`<label>Attribute <input name="Name" list="${`attributes:${pool.Id}/${user.username}`}" required autocomplete="off" placeholder="e.g. name, custom:plan"></label><datalist id="${`attributes:${pool.Id}/${user.username}`}">${attributeNames.map(n => html`<option value="${n}"></option>`)}</datalist><label>Value <input name="Value" autocomplete="off"></label>`, 'Save attribute')}
${others.length ? action('users/add-to-group', pool, user, html`<label>Group <select name="GroupName">${others.map(g => html`<option>${g}</option>`)}</select></label>`, 'Add to group') : undefined}
<div class="buttons">${member.map(g => action('users/remove-from-group', pool, user, html`<input type="hidden" name="GroupName" value="${g}">`, `Remove from ${g}`, { className: 'inline' }))}
${user.status === 'UNCONFIRMED' && action('users/confirm', pool, user, undefined, 'Confirm', { className: 'inline' })}
${user.enabled ? action('users/disable', pool, user, undefined, 'Disable', { className: 'inline' }) : action('users/enable', pool, user, undefined, 'Enable', { className: 'inline' })}
${action('users/sign-out', pool, user, undefined, 'Sign out everywhere', { className: 'inline' })}
${action('users/delete', pool, user, undefined, 'Delete', { className: 'inline danger', confirm: `Delete ${user.username}? This cannot be undone.` })}</div>
</div></details>`;
}

function createUser(pool: UserPool): SafeHtml {
  const fields = html`<label>Username <input name="Username" required autocomplete="off"></label><label>Email <input name="email" type="email" autocomplete="off"></label><label>Temporary password <input name="TemporaryPassword" type="password" autocomplete="new-password"></label><label class="check"><input type="checkbox" name="email_verified"> email verified</label>`;
  return html`<details class="create" id="${`create:${pool.Id}`}"><summary>Create user</summary><div class="actions">${action('users/create', pool, undefined, fields, 'Create user')}</div></details>`;
}

function userRows(services: Services, pool: UserPool, users: UserRecord[], groups: GroupRecord[]): SafeHtml {
  if (!users.length) return html`<div class="empty">No users yet. Sign up on the demo page, or create one here.</div>`;
  const rows = users
    .sort((a, b) => b.createdAt - a.createdAt)
    .map(u => {
      const attrs = SHOWN_ATTRIBUTES.filter(name => u.attributes[name]).map(
        name => html`<span><b>${name}</b> ${u.attributes[name]}${u.attributes[`${name}_verified`] === 'true' && ' ✓'}</span>`,
      );
      const mfa = Object.entries(u.mfa ?? {})
        .filter(([, v]) => v?.enabled)
        .map(([m, v]) => `${m}${v?.preferred ? ' (preferred)' : ''}`)
        .join(', ');
      const member = groupsOfUser(services, u.poolId, u.username).map(g => g.GroupName);
      return html`<tr class="user" data-username="${u.username}"><td class="username" data-label="Username"><code>${u.username}</code><div class="msg">created ${time(u.createdAt)} UTC</div></td><td data-label="Status"><span class="status ${u.status}">${u.status}</span>${!u.enabled && html` <span class="status disabled">DISABLED</span>`}</td><td data-label="Attributes"><div class="attrs">${attrs.length ? attrs : NONE}</div></td><td data-label="MFA">${mfa || NONE}</td><td class="groups" data-label="Groups">${list(member)}</td></tr>
<tr class="user-manage"><td colspan="5">${manageUser(pool, u, member, groups)}</td></tr>`;
    });
  return html`<table class="stack users"><thead><tr><th>Username</th><th>Status</th><th>Attributes</th><th>MFA</th><th>Groups</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function poolCard(services: Services, view: ConsoleView, pool: UserPool): SafeHtml {
  const clients = services.store.list<UserPoolClient>('client', '').filter(c => c.UserPoolId === pool.Id);
  const users = services.store.list<UserRecord>('user', `${pool.Id}/`);
  const groups = services.store.list<GroupRecord>('group', `${pool.Id}/`);
  const chips = [
    `MFA ${pool.MfaConfiguration}`,
    pool.UsernameAttributes?.length ? `sign in with ${pool.UsernameAttributes.join(' or ')}` : 'sign in with username',
    ...(typeof pool.Domain === 'string' ? [`domain ${pool.Domain}`] : []),
    `${users.length} user${users.length === 1 ? '' : 's'}`,
    ...(groups.length ? [`groups ${groups.map(g => g.GroupName).join(', ')}`] : []),
  ];
  return html`<section class="card pool" data-pool="${pool.Id}"><h2>${pool.Name} <code>${pool.Id}</code></h2><div class="chips">${chips.map(c => html`<span class="chip">${c}</span>`)}</div>
<h3>App clients</h3>${clientRows(services, view, pool, clients)}<h3>Users</h3>${createUser(pool)}${userRows(services, pool, users, groups)}</section>`;
}

function identityPoolsCard(services: Services): SafeHtml | undefined {
  const pools = services.store.list<StoredIdentityPool>('identityPool', '').sort((a, b) => a.createdAt - b.createdAt);
  if (!pools.length) return undefined;
  const rows = pools.map(({ pool }) => {
    const identities = services.store.count('identity', `${pool.IdentityPoolId}/`);
    const providers = pool.CognitoIdentityProviders.map(p => `${p.ProviderName} · ${p.ClientId}`);
    return html`<tr><td data-label="Identity pool"><b>${pool.IdentityPoolName}</b><br><code>${pool.IdentityPoolId}</code></td><td data-label="Guest access">${pool.AllowUnauthenticatedIdentities ? 'on' : html`<span class="muted">off</span>`}</td><td data-label="User pool clients">${list(providers)}</td><td data-label="Identities">${identities}</td></tr>`;
  });
  return html`<section class="card identity-pools"><h2>Identity pools</h2><table class="stack"><thead><tr><th>Identity pool</th><th>Guest access</th><th>User pool clients</th><th>Identities</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function outboxCard(messages: OutboxMessage[]): SafeHtml {
  const latest = messages.slice(-OUTBOX_LIMIT).reverse();
  const body = latest.length
    ? html`<table class="stack"><thead><tr><th>When (UTC)</th><th>To</th><th>Code</th></tr></thead><tbody>${latest.map(
        m =>
          html`<tr><td class="muted" data-label="When (UTC)">${time(m.createdAt)}</td><td data-label="To">${m.destination} <span class="chip">${m.deliveryMedium} · ${m.kind}</span><div class="msg">${m.message}</div></td><td data-label="Code">${m.code ? html`<span class="code">${m.code}</span>` : NONE}</td></tr>`,
      )}</tbody></table>`
    : html`<div class="empty">Nothing delivered yet. Codes for sign-up, MFA and password resets appear here.</div>`;
  return html`<section class="card outbox"><h2>Outbox</h2><p class="muted" style="margin:0 0 8px">Every email and SMS Cognito would send, newest first.</p>${body}</section>`;
}

/** A fragment's version (its `ETag`): the page replaces its live part only when this changes. */
export function fragmentVersion(fragment: SafeHtml): string {
  return createHash('sha256').update(fragment.toString()).digest('base64url').slice(0, 22);
}

/** The live part of the page (pools and outbox). */
export function overviewFragment(services: Services, view: ConsoleView): SafeHtml {
  const pools = services.store.list<UserPool>('pool', '').sort((a, b) => a.CreationDate - b.CreationDate);
  const poolCards = pools.length
    ? pools.map(p => poolCard(services, view, p))
    : html`<section class="card"><div class="empty">No user pools. Start with <code>--demo</code> or <code>--config FILE</code>, or call CreateUserPool.</div></section>`;
  return html`<div class="grid"><div>${poolCards}${identityPoolsCard(services)}</div><div>${outboxCard(services.outbox.list())}</div></div>`;
}

export function overviewPage(services: Services, view: ConsoleView): SafeHtml {
  const intro = html`<p class="muted" style="margin:0 0 16px">Point an app at <code>${view.origin}</code> (<code>userPoolEndpoint</code>). This page refreshes itself every few seconds. Try the <a href="/_local/console/demo">demo app</a>.</p>`;
  const live = overviewFragment(services, view);
  return consolePage(
    'cognate-local console',
    html`<main>${intro}<div id="live" data-version="${fragmentVersion(live)}">${live}</div><div id="console-status" class="toast" role="status" hidden></div></main>`,
    { scriptSrc: CONSOLE_SCRIPT_PATH },
  );
}
