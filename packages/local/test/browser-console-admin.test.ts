/**
 * The console's user management and client configuration, in Chromium: each action is done by
 * clicking through the overview page at `/`, and its effect is checked through the AWS SDK (signed
 * admin calls, public sign-in) against the same cognate-local. Also: Cognito's own errors shown in
 * the page, identity pools listed, each client's configuration block (and its copy button), the
 * layout at 390 px, the page's CSP, and a page on another origin refused by the console's API.
 */
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CreateGroupCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowDemoOrigin, DEMO_CONFIG, type RunningServer } from '../src/index.js';
import { artifact, browserAvailable, launchBrowser, serveSite } from './browser-harness.js';
import { errorOf, sdk, start } from './helpers.js';

const POOL = 'us-east-1_CognateD1';
const CLIENT = 'cognatedemo0000000000web01';
const IDENTITY_POOL = 'us-east-1:00000000-0000-4000-8000-00000000c0de';
let browser: Browser;
let local: RunningServer;
let origin: string;
let client: CognitoIdentityProviderClient;

beforeAll(async () => {
  local = await start({ config: DEMO_CONFIG });
  origin = `http://localhost:${local.port}`;
  allowDemoOrigin(local.local.services, origin);
  client = sdk(local.url);
  await client.send(new CreateGroupCommand({ UserPoolId: POOL, GroupName: 'editors' }));
  if (browserAvailable()) browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await local?.close();
});

const it_ = browserAvailable() ? it : it.skip;

async function consolePage(viewport = { width: 1180, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.message));
  page.on('console', message => {
    // Chromium logs every 4xx answer; the page shows Cognito's errors itself.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  await page.goto(`${origin}/`);
  await page.waitForSelector('body[data-ready=true]');
  return { page, errors };
}

/** The Manage panel of the user whose row shows `text` (an email), opened. */
async function manage(page: Page, text: string): Promise<string> {
  const panel = `tr.user:has-text("${text}") + tr.user-manage details.manage`;
  if (!(await page.$eval(panel, d => (d as HTMLDetailsElement).open))) await page.click(`${panel} > summary`);
  return panel;
}

/** Submits an action form and waits for the page's answer (the status line). */
async function act(page: Page, form: string, expected: string | RegExp): Promise<void> {
  await page.evaluate(() => {
    const status = document.getElementById('console-status')!;
    status.hidden = true;
    status.textContent = '';
  });
  await page.click(`${form} button[type=submit]`);
  await page.waitForSelector('#console-status:not([hidden])');
  const shown = await page.textContent('#console-status');
  if (typeof expected === 'string') expect(shown).toBe(expected);
  else expect(shown).toMatch(expected);
}

const signIn = (username: string, password: string) =>
  client.send(new InitiateAuthCommand({ ClientId: CLIENT, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));
const getUser = (username: string) => client.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: username }));
const groupsOf = async (username: string) =>
  ((await client.send(new AdminListGroupsForUserCommand({ UserPoolId: POOL, Username: username }))).Groups ?? []).map(g => g.GroupName);

describe('console: user management', () => {
  it_('create, set password, edit an attribute, groups, disable / enable, sign out everywhere, delete', async () => {
    const { page, errors } = await consolePage();
    const pool = `section.pool[data-pool="${POOL}"]`;

    // Create: AdminCreateUser's rules apply (the pool signs in with email), its errors are shown.
    await page.click(`${pool} details.create > summary`);
    const create = `${pool} form[data-action="users/create"]`;
    await page.fill(`${create} input[name=Username]`, 'grace');
    await page.fill(`${create} input[name=TemporaryPassword]`, 'Tempor4ry!');
    await act(page, create, 'InvalidParameterException: Username should be an email.');
    await page.fill(`${create} input[name=Username]`, 'grace@example.com');
    await page.check(`${create} input[name=email_verified]`);
    await act(page, create, 'User created.');
    const created = await getUser('grace@example.com');
    expect(created.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect(created.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'email', Value: 'grace@example.com' },
        { Name: 'email_verified', Value: 'true' },
      ]),
    );
    await expect.poll(() => page.textContent(`${pool} tr.user:has-text("grace@example.com")`)).toContain('FORCE_CHANGE_PASSWORD');
    // The same email again: Cognito's alias rule, in the page.
    await page.click(`${pool} details.create > summary`);
    await page.fill(`${create} input[name=Username]`, 'grace@example.com');
    await act(page, create, 'UsernameExistsException: An account with the given email already exists.');

    // Set a permanent password: the password policy applies; then the SDK signs in with it.
    let panel = await manage(page, 'grace@example.com');
    const setPassword = `${panel} form[data-action="users/set-password"]`;
    await page.fill(`${setPassword} input[name=Password]`, 'short');
    await act(page, setPassword, /^InvalidPasswordException: /);
    await page.fill(`${setPassword} input[name=Password]`, 'N3w-Passw0rd!');
    await act(page, setPassword, 'Password set.');
    expect((await getUser('grace@example.com')).UserStatus).toBe('CONFIRMED');
    const first = await signIn('grace@example.com', 'N3w-Passw0rd!');
    expect(first.AuthenticationResult?.AccessToken).toBeTruthy();
    // The panel stayed open through the page's refresh.
    expect(await page.$eval(panel, d => (d as HTMLDetailsElement).open)).toBe(true);

    // Edit an attribute.
    const update = `${panel} form[data-action="users/update-attributes"]`;
    await page.fill(`${update} input[name=Name]`, 'name');
    await page.fill(`${update} input[name=Value]`, 'Grace Hopper');
    await act(page, update, 'Attribute saved.');
    expect((await getUser('grace@example.com')).UserAttributes).toContainEqual({ Name: 'name', Value: 'Grace Hopper' });
    expect(await page.textContent(`${pool} tr.user:has-text("grace@example.com")`)).toContain('Grace Hopper');
    // Any attribute by name; an unknown one is Cognito's error.
    await page.fill(`${update} input[name=Name]`, 'custom:nope');
    await page.fill(`${update} input[name=Value]`, 'x');
    await act(page, update, /^InvalidParameterException: /);

    // Add to a group, then remove.
    const add = `${panel} form[data-action="users/add-to-group"]`;
    await page.selectOption(`${add} select[name=GroupName]`, 'editors');
    await act(page, add, 'Added to the group.');
    expect(await groupsOf('grace@example.com')).toEqual(['editors']);
    expect(await page.textContent(`${pool} tr.user:has-text("grace@example.com") td.groups`)).toBe('editors');
    await act(page, `${panel} form[data-action="users/remove-from-group"]:has(input[value=editors])`, 'Removed from the group.');
    expect(await groupsOf('grace@example.com')).toEqual([]);

    // Disable: sign-in refused; enable: allowed again.
    await act(page, `${panel} form[data-action="users/disable"]`, 'User disabled.');
    expect((await getUser('grace@example.com')).Enabled).toBe(false);
    const refused = await errorOf(signIn('grace@example.com', 'N3w-Passw0rd!'));
    expect([refused.name, refused.message]).toEqual(['NotAuthorizedException', 'User is disabled.']);
    expect(await page.textContent(`${pool} tr.user:has-text("grace@example.com")`)).toContain('DISABLED');
    await act(page, `${panel} form[data-action="users/enable"]`, 'User enabled.');
    const second = await signIn('grace@example.com', 'N3w-Passw0rd!');

    // Sign out everywhere: the access token issued before is refused by GetUser.
    expect((await client.send(new GetUserCommand({ AccessToken: second.AuthenticationResult!.AccessToken! }))).UserAttributes).toBeTruthy();
    await act(page, `${panel} form[data-action="users/sign-out"]`, "Signed out everywhere: the user's access and refresh tokens no longer work.");
    const revoked = await errorOf(client.send(new GetUserCommand({ AccessToken: second.AuthenticationResult!.AccessToken! })));
    expect(revoked.name).toBe('NotAuthorizedException');
    const refresh = client.send(
      new InitiateAuthCommand({
        ClientId: CLIENT,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: second.AuthenticationResult!.RefreshToken! },
      }),
    );
    expect((await errorOf(refresh)).name).toBe('NotAuthorizedException');

    // Delete, after the page's confirmation dialog.
    await page.screenshot({ path: artifact('console-manage.png'), fullPage: true });
    const dialogs: string[] = [];
    page.once('dialog', dialog => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    panel = await manage(page, 'grace@example.com');
    await act(page, `${panel} form[data-action="users/delete"]`, 'User deleted.');
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0]).toMatch(/^Delete .+\? This cannot be undone\.$/);
    expect((await errorOf(getUser('grace@example.com'))).name).toBe('UserNotFoundException');
    expect(await page.$(`${pool} tr.user:has-text("grace@example.com")`)).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  it_('confirms a user who signed up', async () => {
    await client.send(
      new SignUpCommand({
        ClientId: CLIENT,
        Username: 'lin@example.com',
        Password: 'Sign3d-up!',
        UserAttributes: [{ Name: 'email', Value: 'lin@example.com' }],
      }),
    );
    expect((await getUser('lin@example.com')).UserStatus).toBe('UNCONFIRMED');
    const { page, errors } = await consolePage();
    const panel = await manage(page, 'lin@example.com');
    await act(page, `${panel} form[data-action="users/confirm"]`, 'User confirmed.');
    expect((await getUser('lin@example.com')).UserStatus).toBe('CONFIRMED');
    expect((await signIn('lin@example.com', 'Sign3d-up!')).AuthenticationResult?.IdToken).toBeTruthy();
    // Confirmed users have no Confirm button.
    expect(await page.$(`${panel} form[data-action="users/confirm"]`)).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  it_('a page on another origin cannot post to the console API', async () => {
    await client.send(new AdminCreateUserCommand({ UserPoolId: POOL, Username: 'kept@example.com', MessageAction: 'SUPPRESS' }));
    // A simple (no-preflight) cross-site POST is the one that reaches the server: refused there.
    const site = await serveSite(url =>
      url.pathname === '/'
        ? {
            body: `<!doctype html><script>
fetch(${JSON.stringify(`${origin}/_local/console/api/users/delete`)}, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ UserPoolId: ${JSON.stringify(POOL)}, Username: 'kept@example.com' }) });
fetch(${JSON.stringify(`${origin}/_local/console/api/users/disable`)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ UserPoolId: ${JSON.stringify(POOL)}, Username: 'kept@example.com' }) }).then(() => document.title = 'allowed', () => document.title = 'refused');
</script>`,
          }
        : undefined,
    );
    const page = await browser.newPage();
    const answered = page.waitForResponse(r => r.url().endsWith('/_local/console/api/users/delete'));
    await page.goto(site.url);
    expect((await answered).status()).toBe(403);
    await page.waitForFunction(() => document.title !== '');
    expect(await page.title()).toBe('refused');
    const user = await getUser('kept@example.com');
    expect(user.Enabled).toBe(true);
    await page.close();
    await site.close();
  });
});

describe('console: pools and client configuration', () => {
  it_('lists identity pools, and each client has its amplify_outputs.json and Amplify.configure with a copy button', async () => {
    const { page, errors } = await consolePage();
    const identityPools = (await page.textContent('.identity-pools'))!;
    expect(identityPools).toContain(IDENTITY_POOL);
    expect(identityPools).toContain(CLIENT);

    await page.click(`tr.client[data-client="${CLIENT}"] + tr.client-config details.config > summary`);
    const outputs = JSON.parse((await page.textContent(`[id="outputs:${CLIENT}"]`))!);
    // The endpoint is the server's URL, the base of its tokens' issuer (the page is on another name of it).
    expect(outputs.auth).toMatchObject({
      user_pool_id: POOL,
      user_pool_client_id: CLIENT,
      user_pool_endpoint: local.url,
      identity_pool_id: IDENTITY_POOL,
      identity_pool_endpoint: local.url,
      username_attributes: ['email'],
    });
    expect(outputs.auth.groups).toEqual([{ admins: { precedence: 0 } }, { editors: {} }]);
    // The same outputs as `--outputs` writes: the app-facing callback URLs, never the console's own.
    expect(outputs.auth.oauth).toMatchObject({
      domain: new URL(local.url).host,
      response_type: 'code',
      redirect_sign_in_uri: expect.arrayContaining(['http://localhost:3000/']),
    });
    expect(outputs.auth.oauth.redirect_sign_in_uri.filter((u: string) => u.includes('/_local/'))).toEqual([]);
    const snippet = (await page.textContent(`[id="configure:${CLIENT}"]`))!;
    expect(snippet.startsWith('Amplify.configure(') && snippet.endsWith(');')).toBe(true);
    const config = JSON.parse(snippet.slice('Amplify.configure('.length, -2));
    expect(config.Auth.Cognito).toMatchObject({
      userPoolId: POOL,
      userPoolClientId: CLIENT,
      userPoolEndpoint: local.url,
      identityPoolId: IDENTITY_POOL,
      allowGuestAccess: true,
      groups: outputs.auth.groups,
    });

    // What is copied works: an app on its own origin, configured with either through cognate's
    // browser bundle, signs the demo user in against this server and gets identity-pool credentials.
    const app = await serveSite(url => (url.pathname === '/' ? { body: '<!doctype html><title>app</title>' } : undefined));
    const appPage = await browser.newPage();
    await appPage.goto(app.url);
    for (const configuration of [outputs, config]) {
      // A string, so that the test runner leaves the page's own dynamic import alone.
      const session = await appPage.evaluate(`(async () => {
        const cognate = await import('/cognate.js');
        cognate.Amplify.configure(${JSON.stringify(configuration)});
        const result = await cognate.signIn({ username: 'demo@example.com', password: 'Passw0rd!' });
        const session = await cognate.fetchAuthSession();
        await cognate.signOut();
        return { step: result.nextStep.signInStep, iss: session.tokens.idToken.payload.iss, identityId: session.identityId, credentials: !!(session.credentials && session.credentials.accessKeyId) };
      })()`);
      expect(session).toEqual({ step: 'DONE', iss: `${local.url}/${POOL}`, identityId: expect.stringMatching(/^us-east-1:/), credentials: true });
    }
    await appPage.close();
    await app.close();

    // The copy button puts the block on the clipboard.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await page.click(`button.copy[data-copy="outputs:${CLIENT}"]`);
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(JSON.stringify(outputs, null, 2));
    expect(await page.textContent(`button.copy[data-copy="outputs:${CLIENT}"]`)).toBe('Copied');
    await page.click(`button.copy[data-copy="configure:${CLIENT}"]`);
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);

    // The page runs only its own script file: no inline script, no inline handlers.
    const csp = (await page.request.get(`${origin}/`, { headers: { accept: 'text/html' } })).headers()['content-security-policy']!;
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(await page.$$eval('script', s => s.map(e => [e.getAttribute('src'), e.textContent]))).toEqual([['/_local/console/console.js', '']]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it_('fits a 390 px wide phone: no horizontal scroll, with a Manage panel and a configuration open', async () => {
    const { page, errors } = await consolePage({ width: 390, height: 844 });
    await page.click(`tr.client[data-client="${CLIENT}"] + tr.client-config details.config > summary`);
    await manage(page, 'demo@example.com');
    await page.click(`section.pool[data-pool="${POOL}"] details.create > summary`);
    await page.screenshot({ path: artifact('console-390.png'), fullPage: true });
    await page.screenshot({ path: artifact('console-390-top.png') });
    await page.locator('tr.user:has-text("demo@example.com") + tr.user-manage').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('console-390-manage.png') });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Nor does any card within itself: the tables stack into labelled rows.
    expect(await page.$$eval('.card', cards => cards.filter(c => c.scrollWidth > c.clientWidth).map(c => c.className))).toEqual([]);
    // The demo app too.
    await page.goto(`${origin}/_local/console/demo`);
    await page.waitForSelector('body[data-ready=true]');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: artifact('demo-390.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('console: live refresh', () => {
  it_('replaces the live part only when something changed (an open panel or a half-typed field survives otherwise)', async () => {
    const { page, errors } = await consolePage();
    const mark = () => page.evaluate(() => ((document.querySelector('#live section.pool') as HTMLElement).dataset.marked = 'yes'));
    const marked = () => page.evaluate(() => (document.querySelector('#live section.pool') as HTMLElement).dataset.marked ?? 'no');
    await mark();
    // A refresh with nothing new keeps the very same elements.
    await page.waitForResponse(r => r.url().endsWith('/_local/console/overview'));
    await page.waitForResponse(r => r.url().endsWith('/_local/console/overview'));
    expect(await marked()).toBe('yes');
    // A change elsewhere (the SDK) shows up at the next refresh.
    await client.send(new AdminCreateUserCommand({ UserPoolId: POOL, Username: 'fresh@example.com', MessageAction: 'SUPPRESS' }));
    await expect.poll(() => page.textContent('#live'), { timeout: 10_000 }).toContain('fresh@example.com');
    expect(await marked()).toBe('no');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('console API: hostile input', () => {
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${local.url}/_local/console/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('answers garbage with a Cognito-shaped 4xx, never a 500, and changes nothing', async () => {
    const cases: Array<[string, string, number, string]> = [
      ['users/delete', 'not json', 400, 'SerializationException'],
      ['users/delete', '[1]', 400, 'SerializationException'],
      ['users/delete', '{"a":' + '['.repeat(100) + ']'.repeat(100) + '}', 400, 'SerializationException'],
      ['users/delete', JSON.stringify({ UserPoolId: POOL }), 400, 'InvalidParameterException'],
      ['users/delete', JSON.stringify({ UserPoolId: POOL, Username: 42 }), 400, 'InvalidParameterException'],
      ['users/delete', JSON.stringify({ UserPoolId: 'us-east-1_Nope', Username: 'demo@example.com' }), 400, 'ResourceNotFoundException'],
      ['users/set-password', JSON.stringify({ UserPoolId: POOL, Username: 'demo@example.com', Password: 'weak' }), 400, 'InvalidPasswordException'],
      ['users/add-to-group', JSON.stringify({ UserPoolId: POOL, Username: 'demo@example.com', GroupName: 'nobody' }), 400, 'ResourceNotFoundException'],
      ['users/drop-table', '{}', 404, 'ResourceNotFoundException'],
      ['users%2Fdelete', '{}', 404, 'ResourceNotFoundException'],
      ['__proto__', '{}', 404, 'ResourceNotFoundException'],
    ];
    for (const [path, body, status, type] of cases) {
      const res = await post(path, body);
      const answer = (await res.json()) as { __type: string; message: string };
      expect([path, res.status, answer.__type, typeof answer.message]).toEqual([path, status, type, 'string']);
    }
    // A form post (no JSON content type) and a foreign origin are refused before any action runs.
    expect((await post('users/delete', JSON.stringify({ UserPoolId: POOL, Username: 'demo@example.com' }), { 'content-type': 'text/plain' })).status).toBe(400);
    expect((await post('users/delete', JSON.stringify({ UserPoolId: POOL, Username: 'demo@example.com' }), { origin: 'http://evil.example' })).status).toBe(
      403,
    );
    expect((await getUser('demo@example.com')).Enabled).toBe(true);
  });
});
