/**
 * The overview page's script, served as a file (`/_local/console/console.js`) so that the page's
 * CSP allows `script-src 'self'` and nothing inline. It re-fetches the live part every few seconds
 * (not while a Manage or Create panel is open or a field has focus), posts each action form as JSON
 * to `/_local/console/api/<action>` (console/api.ts), shows the outcome or Cognito's error, and
 * copies client configuration to the clipboard.
 */
export const CONSOLE_SCRIPT_PATH = '/_local/console/console.js';

export const CONSOLE_SCRIPT = `'use strict';
(() => {
  const live = document.getElementById('live');
  const status = document.getElementById('console-status');

  function say(message, kind) {
    status.textContent = message;
    status.className = 'toast ' + kind;
    status.hidden = false;
  }

  async function refresh() {
    const open = [...live.querySelectorAll('details[open]')].map((d) => d.id);
    const res = await fetch('/_local/console/overview', { cache: 'no-store' });
    if (!res.ok) return;
    const html = await res.text();
    const version = (res.headers.get('etag') || '').replace(/"/g, '');
    if (version && version === live.dataset.version) return;
    live.innerHTML = html;
    live.dataset.version = version;
    for (const id of open) { const d = document.getElementById(id); if (d) d.open = true; }
  }

  function busyEditing() {
    if (live.querySelector('details.manage[open], details.create[open]')) return true;
    const active = document.activeElement;
    return !!active && live.contains(active) && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName);
  }

  setInterval(() => {
    if (document.hidden || busyEditing()) return;
    refresh().catch(() => {});
  }, 3000);

  /** The operation's input (AWS's own shape) from an action form. */
  function inputOf(form) {
    const action = form.dataset.action;
    const input = { UserPoolId: form.dataset.pool };
    if (form.dataset.user) input.Username = form.dataset.user;
    const field = (name) => form.elements.namedItem(name);
    const value = (name) => (field(name) ? field(name).value : '');
    if (action === 'users/create') {
      input.Username = value('Username').trim();
      if (value('TemporaryPassword')) input.TemporaryPassword = value('TemporaryPassword');
      const attributes = [];
      if (value('email').trim()) attributes.push({ Name: 'email', Value: value('email').trim() });
      if (field('email_verified').checked) attributes.push({ Name: 'email_verified', Value: 'true' });
      if (attributes.length) input.UserAttributes = attributes;
    } else if (action === 'users/set-password') {
      input.Password = value('Password');
      input.Permanent = field('Permanent').checked;
    } else if (action === 'users/update-attributes') {
      input.UserAttributes = [{ Name: value('Name').trim(), Value: value('Value') }];
    } else if (action === 'users/add-to-group' || action === 'users/remove-from-group') {
      input.GroupName = value('GroupName');
    }
    return input;
  }

  const DONE = {
    'users/create': 'User created.',
    'users/set-password': 'Password set.',
    'users/confirm': 'User confirmed.',
    'users/disable': 'User disabled.',
    'users/enable': 'User enabled.',
    'users/delete': 'User deleted.',
    'users/update-attributes': 'Attribute saved.',
    'users/add-to-group': 'Added to the group.',
    'users/remove-from-group': 'Removed from the group.',
    'users/sign-out': 'Signed out everywhere: the user\\'s access and refresh tokens no longer work.',
  };

  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains('act')) return;
    event.preventDefault();
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    const buttons = form.querySelectorAll('button');
    buttons.forEach((b) => (b.disabled = true));
    try {
      const res = await fetch('/_local/console/api/' + form.dataset.action, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(inputOf(form)),
      });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) {
        say((body.__type ? body.__type + ': ' : '') + (body.message || 'HTTP ' + res.status), 'error');
      } else {
        if (form.dataset.action === 'users/create') form.closest('details').open = false;
        await refresh();
        say(DONE[form.dataset.action] || 'Done.', 'ok');
      }
    } catch (error) {
      say(String(error), 'error');
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  });

  document.addEventListener('click', async (event) => {
    const button = event.target instanceof Element ? event.target.closest('button.copy') : null;
    if (!button) return;
    const text = document.getElementById(button.dataset.copy).textContent;
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Copied';
    } catch {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById(button.dataset.copy));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      button.textContent = 'Selected: press Ctrl+C';
    }
    setTimeout(() => (button.textContent = 'Copy'), 2000);
  });

  document.body.dataset.ready = 'true';
})();
`;
