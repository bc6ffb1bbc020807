/**
 * The demo app at `/_local/console/demo`: a page that uses cognate's browser bundle
 * (`/_local/console/cognate.js`, built by `npm run build`) against the demo pool, for sign-up (the
 * code can be read from the outbox), sign-in (with the MFA step when the user has turned it on),
 * or through the hosted UI (`signInWithRedirect`, back to this page), the profile with the tokens'
 * claims, authenticator-app setup, and sign-out.
 */
import { html, js, raw, type SafeHtml, type SafeScript } from '../html/html.js';
import { consolePage } from './layout.js';

export const DEMO_POOL_ID = 'us-east-1_CognateD1';
export const DEMO_CLIENT_ID = 'cognatedemo0000000000web01';
export const DEMO_SCRIPT_PATH = '/_local/console/demo.js';

const STYLE = `
.demo{max-width:560px;margin:0 auto} .demo p code{white-space:nowrap}
.demo form,.demo .panel{display:block} .demo label{display:block;font-size:13px;font-weight:600;margin:12px 0 4px}
.demo input{width:100%;padding:9px 11px;border:1px solid #c9ced8;border-radius:6px;font:inherit} .demo input:focus{outline:2px solid #3b6ef5;border-color:#3b6ef5}
.demo button{margin-top:16px;padding:9px 16px;border:0;border-radius:6px;background:#3b6ef5;color:#fff;font:inherit;font-weight:600;cursor:pointer}
.demo button.alt{background:#fff;color:#1b2030;border:1px solid #c9ced8} .demo button:disabled{opacity:.6;cursor:progress}
.demo .row{display:flex;gap:10px;align-items:center;flex-wrap:wrap} .demo .row button{margin-top:16px}
.tabs{display:flex;gap:4px;margin:-4px 0 8px;border-bottom:1px solid #e4e7ee} .tabs button{margin:0;background:none;color:#59627a;border-radius:0;padding:8px 12px;border-bottom:2px solid transparent}
.tabs button[aria-selected=true]{color:#1b2030;border-bottom-color:#3b6ef5}
.alert{padding:9px 12px;border-radius:6px;margin:0 0 12px;font-size:13.5px} .alert.error{background:#fdecec;color:#9b1c1c} .alert.info{background:#eef4ff;color:#1d3f8f}
.kv{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;font-size:13px} .kv dt{color:#59627a;font-weight:600} .kv dd{margin:0;word-break:break-all}
pre{background:#f6f7fb;border-radius:6px;padding:10px;font-size:12px;overflow:auto;max-height:260px;margin:6px 0 0}
#events li{font-size:12.5px;color:#4a5470} #events{margin:6px 0 0;padding-left:18px}
.hint{font-size:12.5px;color:#6b7489;margin-top:6px}
`;

/** The demo page's module script, served at DEMO_SCRIPT_PATH. */
export function demoScript(poolId: string = DEMO_POOL_ID, clientId: string = DEMO_CLIENT_ID): SafeScript {
  return js`
import { Amplify, Hub, signUp, confirmSignUp, resendSignUpCode, signIn, signInWithRedirect, confirmSignIn, signOut, getCurrentUser, fetchUserAttributes, fetchAuthSession, fetchMFAPreference, setUpTOTP, verifyTOTPSetup, updateMFAPreference } from '/_local/console/cognate.js';
const POOL = ${poolId};
// The hosted UI is cognate-local itself (this host and port); it sends the browser back to this page.
const here = location.origin + location.pathname;
const oauth = { domain: location.host, scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'], redirectSignIn: [here], redirectSignOut: [here], responseType: 'code' };
Amplify.configure({ Auth: { Cognito: { userPoolId: POOL, userPoolClientId: ${clientId}, userPoolEndpoint: location.origin, loginWith: { email: true, oauth } } } });

const $ = (id) => document.getElementById(id);
const views = ['signin', 'signup', 'confirm', 'challenge', 'profile'];
let pendingEmail = '';
function show(view, message, kind = 'info') {
  for (const v of views) $('view-' + v).hidden = v !== view;
  $('tabs').hidden = !(view === 'signin' || view === 'signup');
  for (const b of document.querySelectorAll('#tabs button')) b.setAttribute('aria-selected', String(b.dataset.view === view));
  const alert = $('alert');
  alert.hidden = !message;
  alert.className = 'alert ' + kind;
  alert.textContent = message || '';
}
const fail = (error) => show(currentView(), (error && (error.name + ': ' + error.message)) || String(error), 'error');
const currentView = () => views.find((v) => !$('view-' + v).hidden) || 'signin';
async function busy(form, work) {
  const buttons = form.querySelectorAll('button');
  buttons.forEach((b) => (b.disabled = true));
  try { await work(); } catch (error) { fail(error); } finally { buttons.forEach((b) => (b.disabled = false)); }
}
const onSubmit = (id, work) => $(id).addEventListener('submit', (event) => { event.preventDefault(); busy(event.target, work); });

Hub.listen('auth', ({ payload }) => {
  // Back from the hosted UI: the redirect sign-in completes on load.
  if (payload.event === 'signInWithRedirect') showProfile('Signed in through the hosted UI.').catch(fail);
  if (payload.event === 'signInWithRedirect_failure') show('signin', 'Hosted UI sign-in failed: ' + (payload.data?.error?.message || 'unknown error'), 'error');
  const li = document.createElement('li');
  li.textContent = new Date().toLocaleTimeString() + '  ' + payload.event;
  $('events').prepend(li);
});
for (const b of document.querySelectorAll('#tabs button')) b.addEventListener('click', () => show(b.dataset.view));

async function afterSignIn(result) {
  const step = result.nextStep.signInStep;
  if (step === 'DONE') return showProfile();
  if (step === 'CONFIRM_SIGN_UP') { pendingEmail = $('signin-email').value; $('confirm-email').textContent = pendingEmail; return show('confirm', 'Confirm your account first: enter the code we sent.'); }
  const prompts = {
    CONFIRM_SIGN_IN_WITH_TOTP_CODE: 'Enter the 6-digit code from your authenticator app.',
    CONFIRM_SIGN_IN_WITH_SMS_CODE: 'Enter the code sent by text message (see the outbox on the console).',
    CONFIRM_SIGN_IN_WITH_EMAIL_CODE: 'Enter the code sent by email (see the outbox on the console).',
    CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED: 'Choose a new password.',
  };
  if (prompts[step]) {
    $('challenge-label').textContent = step === 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED' ? 'New password' : 'Code';
    $('challenge-code').type = step === 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED' ? 'password' : 'text';
    $('challenge-code').value = '';
    $('challenge-choices').innerHTML = '';
    $('challenge-form').hidden = false;
    return show('challenge', prompts[step]);
  }
  if (step === 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION') {
    $('challenge-form').hidden = true;
    $('challenge-choices').innerHTML = '';
    for (const type of result.nextStep.allowedMFATypes || []) {
      const button = document.createElement('button');
      button.textContent = { TOTP: 'Authenticator app', SMS: 'Text message', EMAIL: 'Email' }[type] || type;
      button.addEventListener('click', () => busy($('view-challenge'), async () => afterSignIn(await confirmSignIn({ challengeResponse: type }))));
      $('challenge-choices').append(button);
    }
    return show('challenge', 'Choose how to verify it is you.');
  }
  show('signin', 'This demo does not handle the step ' + step + '.', 'error');
}

onSubmit('signin-form', async () => afterSignIn(await signIn({ username: $('signin-email').value, password: $('signin-password').value })));
$('hosted-ui').addEventListener('click', () => busy($('signin-form'), () => signInWithRedirect()));
onSubmit('challenge-form', async () => afterSignIn(await confirmSignIn({ challengeResponse: $('challenge-code').value.trim() })));
onSubmit('signup-form', async () => {
  pendingEmail = $('signup-email').value;
  const attributes = { email: pendingEmail };
  if ($('signup-name').value) attributes.name = $('signup-name').value;
  const result = await signUp({ username: pendingEmail, password: $('signup-password').value, options: { userAttributes: attributes } });
  if (result.nextStep.signUpStep === 'DONE') return show('signin', 'Account created. Sign in.');
  $('confirm-email').textContent = pendingEmail;
  $('confirm-code').value = '';
  show('confirm', 'We sent a code to ' + (result.nextStep.codeDeliveryDetails?.destination || pendingEmail) + '. It is in the console\\'s outbox.');
});
onSubmit('confirm-form', async () => {
  await confirmSignUp({ username: pendingEmail, confirmationCode: $('confirm-code').value.trim() });
  $('signin-email').value = pendingEmail;
  $('signin-password').value = '';
  show('signin', 'Account confirmed. Sign in with your new password.');
});
$('confirm-outbox').addEventListener('click', () => busy($('confirm-form'), async () => {
  const res = await fetch('/_local/messages?' + new URLSearchParams({ userPoolId: POOL, username: pendingEmail }));
  const { messages } = await res.json();
  const code = messages.filter((m) => m.code).at(-1)?.code;
  if (!code) throw new Error('No code in the outbox yet.');
  $('confirm-code').value = code;
}));
$('confirm-resend').addEventListener('click', () => busy($('confirm-form'), async () => {
  await resendSignUpCode({ username: pendingEmail });
  show('confirm', 'A new code is on its way (see the outbox).');
}));

function claims(token) {
  const { exp, iat, auth_time, ...rest } = token.payload;
  return JSON.stringify({ ...rest, iat: new Date(iat * 1000).toISOString(), exp: new Date(exp * 1000).toISOString() }, null, 2);
}
async function showProfile(message) {
  const user = await getCurrentUser();
  const [attributes, session, mfa] = await Promise.all([fetchUserAttributes(), fetchAuthSession(), fetchMFAPreference().catch(() => ({}))]);
  $('profile-name').textContent = attributes.name || attributes.email || user.username;
  const rows = { username: user.username, userId: user.userId, ...attributes };
  $('profile-attributes').innerHTML = '';
  for (const [key, value] of Object.entries(rows)) {
    const dt = document.createElement('dt'); dt.textContent = key;
    const dd = document.createElement('dd'); dd.textContent = value;
    $('profile-attributes').append(dt, dd);
  }
  $('profile-id-token').textContent = claims(session.tokens.idToken);
  $('profile-access-token').textContent = claims(session.tokens.accessToken);
  const enabled = mfa.enabled || [];
  $('mfa-status').textContent = enabled.length ? 'On: ' + enabled.join(', ') + (mfa.preferred ? ' (preferred ' + mfa.preferred + ')' : '') : 'Off';
  $('mfa-setup').hidden = enabled.includes('TOTP');
  $('totp-form').hidden = true;
  show('profile', message);
}
$('mfa-setup').addEventListener('click', () => busy($('view-profile'), async () => {
  const details = await setUpTOTP();
  const user = await getCurrentUser();
  $('totp-secret').textContent = details.sharedSecret;
  $('totp-uri').textContent = details.getSetupUri('cognate-demo', user.username).href;
  $('totp-form').hidden = false;
  $('mfa-setup').hidden = true;
}));
onSubmit('totp-form', async () => {
  await verifyTOTPSetup({ code: $('totp-code').value.trim() });
  await updateMFAPreference({ totp: 'PREFERRED' });
  await showProfile('Authenticator app on: the next sign-in asks for a code.');
});
$('refresh').addEventListener('click', () => busy($('view-profile'), async () => { await fetchAuthSession({ forceRefresh: true }); await showProfile('Tokens refreshed.'); }));
$('signout').addEventListener('click', () => busy($('view-profile'), async () => { await signOut(); $('signin-password').value = ''; show('signin', 'Signed out.'); }));

// Back from the hosted UI (?code=…&state=… or ?error=…): the Hub events above show the outcome.
const returning = new URLSearchParams(location.search).has('state');
(returning ? Promise.resolve() : getCurrentUser().then(() => showProfile(), () => show('signin'))).finally(() => document.body.dataset.ready = 'true');
`;
}

function body(available: boolean): SafeHtml {
  const missing =
    !available &&
    html`<div class="alert error">cognate's browser bundle is not built: run <code>npm run build</code> at the repository root, then reload.</div>`;
  return html`<main class="demo">${missing}
<section class="card"><h2>Demo app</h2><p class="muted" style="margin:0 0 12px">A page using <code>cognate</code> (the Amplify-compatible client) against the demo pool <code>${DEMO_POOL_ID}</code>. Try <code>demo@example.com</code> / <code>Passw0rd!</code>, or create an account.</p>
<div id="alert" class="alert info" role="status" hidden></div>
<div id="tabs" class="tabs" role="tablist"><button type="button" data-view="signin" aria-selected="true">Sign in</button><button type="button" data-view="signup" aria-selected="false">Create account</button></div>

<div id="view-signin" class="panel"><form id="signin-form">
<label for="signin-email">Email</label><input id="signin-email" type="email" autocomplete="username" required>
<label for="signin-password">Password</label><input id="signin-password" type="password" autocomplete="current-password" required>
<div class="row"><button type="submit">Sign in</button><button type="button" class="alt" id="hosted-ui">Continue with the hosted UI</button></div></form></div>

<div id="view-signup" class="panel" hidden><form id="signup-form">
<label for="signup-email">Email</label><input id="signup-email" type="email" autocomplete="username" required>
<label for="signup-name">Name <span class="muted">(optional)</span></label><input id="signup-name" autocomplete="name">
<label for="signup-password">Password</label><input id="signup-password" type="password" autocomplete="new-password" required>
<p class="hint">At least 8 characters with upper and lower case, a number and a symbol.</p>
<button type="submit">Create account</button></form></div>

<div id="view-confirm" class="panel" hidden><form id="confirm-form">
<p style="margin:0">Confirming <b id="confirm-email"></b></p>
<label for="confirm-code">Confirmation code</label><input id="confirm-code" inputmode="numeric" autocomplete="one-time-code" required>
<div class="row"><button type="submit">Confirm</button><button type="button" class="alt" id="confirm-outbox">Fill in from the outbox</button><button type="button" class="alt" id="confirm-resend">Send a new code</button></div></form></div>

<div id="view-challenge" class="panel" hidden><form id="challenge-form">
<label for="challenge-code" id="challenge-label">Code</label><input id="challenge-code" autocomplete="one-time-code" required>
<button type="submit">Continue</button></form><div id="challenge-choices" class="row"></div></div>

<div id="view-profile" class="panel" hidden>
<h2 id="profile-name" style="font-size:18px;margin:4px 0 10px"></h2>
<dl id="profile-attributes" class="kv"></dl>
<h3>Multi-factor authentication</h3><p style="margin:0"><span id="mfa-status"></span></p>
<button type="button" class="alt" id="mfa-setup">Set up an authenticator app</button>
<form id="totp-form" hidden><p class="hint">Add this key to your authenticator app: <code id="totp-secret"></code><br><code id="totp-uri"></code></p>
<label for="totp-code">Code from the app</label><input id="totp-code" inputmode="numeric" autocomplete="one-time-code" required><button type="submit">Turn on</button></form>
<h3>ID token</h3><pre id="profile-id-token"></pre><h3>Access token</h3><pre id="profile-access-token"></pre>
<div class="row"><button type="button" id="signout">Sign out</button><button type="button" class="alt" id="refresh">Refresh tokens</button></div></div>
</section>
<section class="card"><h2>Hub events</h2><ul id="events"></ul></section>
</main>`;
}

export function demoPage(bundleAvailable: boolean): SafeHtml {
  return consolePage('cognate demo app', body(bundleAvailable), { extraStyle: raw(STYLE), ...(bundleAvailable ? { moduleSrc: DEMO_SCRIPT_PATH } : {}) });
}
