/**
 * `/oauth2/authorize` and the hosted pages behind it: `/login`, `/signup`, `/confirm`,
 * `/forgotPassword`, `/confirmForgotPassword`, `/mfa`, `/newPassword`. Plain HTML forms (no
 * JavaScript), CSRF-protected, carrying the authorization request from page to page. A finished
 * sign-in starts the hosted session (`cognito` cookie) and redirects to the app with a code (or
 * tokens, for the implicit grant).
 */
import type { OperationContext } from '../context.js';
import { CognitoError } from '../errors.js';
import type { UserPool, UserPoolClient, UserRecord } from '../model.js';
import { confirmForgotPassword } from '../operations/confirm-forgot-password.js';
import { confirmSignUp } from '../operations/confirm-sign-up.js';
import { forgotPassword } from '../operations/forgot-password.js';
import { resendConfirmationCode } from '../operations/resend-confirmation-code.js';
import { signUp } from '../operations/sign-up.js';
import { customScopes } from '../operations/oauth-setup.js';
import { decideMfa, CHALLENGE_OF, METHOD_OF, userMethods } from '../services/mfa.js';
import { composeMessage } from '../services/messages.js';
import { newCode } from '../services/ids.js';
import { maskEmail, maskPhone } from '../services/mask.js';
import { checkPasswordPolicy } from '../services/password-policy.js';
import { checkPassword } from '../services/sign-in.js';
import { simulatedPasswordCheck } from '../services/existence.js';
import { matchTotp, newTotpSecret } from '../services/totp.js';
import { equalSecrets } from '../services/compare.js';
import { findUser, getUser, makePassword, passwordMatches, saveUser } from '../services/users.js';
import {
  checkAuthorizeRequest,
  csrf,
  csrfOk,
  dropFlow,
  errorRedirect,
  hostedSession,
  loadFlow,
  requestQuery,
  saveFlow,
  type AuthorizeRequest,
  type FlowState,
} from './flow.js';
import { html, type SafeHtml } from '../html/html.js';
import { errorPage, field, hidden, htmlResponse, page, redirect } from './html.js';
import { complete } from './complete.js';
import { federatedStart } from './idp.js';
import { readForm } from '../input.js';

type Ctx = OperationContext;

function check(ctx: Ctx, params: URLSearchParams) {
  return checkAuthorizeRequest(ctx, params, pool => customScopes(ctx, pool.Id));
}

export async function authorize(ctx: Ctx, request: Request, url: URL): Promise<Response> {
  const checked = check(ctx, url.searchParams);
  if (!checked.ok) {
    if (checked.page) return errorPage(400, checked.error, checked.description);
    return redirect(errorRedirect(checked.redirectUri, checked.error, checked.description, checked.state));
  }
  const { request: auth, pool, client } = checked;
  const providers = (client.SupportedIdentityProviders as string[] | undefined) ?? [];
  if ((auth.identityProvider && auth.identityProvider !== 'COGNITO') || auth.idpIdentifier) {
    return federatedStart(ctx, request, auth, pool, client);
  }
  if (auth.identityProvider === 'COGNITO' && !providers.includes('COGNITO')) {
    return redirect(errorRedirect(auth.redirectUri, 'unauthorized_client', 'COGNITO is not a supported identity provider for this client.', auth.state));
  }
  const existing = auth.prompt === 'login' ? undefined : hostedSession(ctx, request, pool);
  if (existing) return complete(ctx, request, auth, pool, client, existing.user, existing.session.authTime, [], existing.session.provider);
  if (auth.prompt === 'none') return redirect(errorRedirect(auth.redirectUri, 'login_required', 'The user is not signed in.', auth.state));
  return redirect(`/login?${url.searchParams}`);
}

function loginForm(
  ctx: Ctx,
  request: Request,
  url: URL,
  auth: AuthorizeRequest,
  pool: UserPool,
  client: UserPoolClient,
  error?: string,
  info?: string,
): Response {
  const token = csrf(request);
  const providers = ((client.SupportedIdentityProviders as string[] | undefined) ?? []).filter(p => p !== 'COGNITO');
  const query = url.searchParams.toString();
  const federated = providers.length
    ? html`<hr>${providers.map(p => html`<form method="get" action="/oauth2/authorize">${hidden({ ...Object.fromEntries(url.searchParams), identity_provider: p })}<button class="alt" type="submit">Continue with ${p}</button></form>`)}`
    : undefined;
  const username = field('username', pool.UsernameAttributes?.includes('email') ? 'Email' : 'Username', {
    autocomplete: 'username',
    required: true,
    value: url.searchParams.get('login_hint') ?? '',
  });
  const cognito = ((client.SupportedIdentityProviders as string[] | undefined) ?? ['COGNITO']).includes('COGNITO')
    ? html`<form method="post" action="/login?${query}">${hidden({ _csrf: token.token })}${username}${field('password', 'Password', { type: 'password', autocomplete: 'current-password', required: true })}<button type="submit" name="signInSubmitButton">Sign in</button></form>
<nav><a href="/forgotPassword?${query}">Forgot your password?</a>${!pool.AdminCreateUserConfig.AllowAdminCreateUserOnly && html`<a href="/signup?${query}">Sign up</a>`}</nav>`
    : undefined;
  return htmlResponse(
    error ? 400 : 200,
    page({ title: 'Sign in', subtitle: `to ${client.ClientName}`, ...(error ? { error } : {}), ...(info ? { info } : {}), body: html`${cognito}${federated}` }),
    token.cookie ? { 'set-cookie': token.cookie } : {},
    { redirectUris: [auth.redirectUri] },
  );
}

export async function login(ctx: Ctx, request: Request, url: URL): Promise<Response> {
  const checked = check(ctx, url.searchParams);
  if (!checked.ok) return errorPage(400, checked.error, checked.description);
  const { request: auth, pool, client } = checked;
  if (request.method === 'GET') return loginForm(ctx, request, url, auth, pool, client);
  const form = await readForm(request);
  if (!csrfOk(request, form)) return loginForm(ctx, request, url, auth, pool, client, 'Your session expired. Please try again.');
  const login = form.get('username') ?? '';
  const password = form.get('password') ?? '';
  const user = login ? findUser(ctx, pool, login) : undefined;
  // The page never tells who exists: an unknown user gets the same password work and the same words
  // as a wrong password; a locked-out, disabled or RESET_REQUIRED user hears more only once the
  // password is right, and a locked-out one not even then (checkPassword's quiet mode).
  if (!user?.password) {
    await simulatedPasswordCheck(ctx, pool, login, password);
    return loginForm(ctx, request, url, auth, pool, client, 'Incorrect username or password.');
  }
  let current: Awaited<ReturnType<typeof checkPassword>>;
  try {
    current = await checkPassword(ctx, pool, user.username, stored => passwordMatches(pool, stored, password), { quiet: true });
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error;
    if (error.name === 'PasswordResetRequiredException') return redirect(`/forgotPassword?${url.searchParams}&reset=required`);
    return loginForm(ctx, request, url, auth, pool, client, errorText(error));
  }
  if (current.status === 'UNCONFIRMED') {
    await Promise.resolve()
      .then(() => resendConfirmationCode({ ClientId: client.ClientId, Username: current.username }, ctx))
      .catch(() => undefined);
    return redirect(`/confirm?${url.searchParams}&username=${encodeURIComponent(login)}`);
  }
  if (current.status === 'FORCE_CHANGE_PASSWORD') {
    const flow = saveFlow(ctx, { request: auth, poolId: pool.Id, username: current.username, step: 'newPassword' });
    return newPasswordForm(request, auth.redirectUri, flow);
  }
  return secondFactor(ctx, request, auth, pool, client, current);
}

/** After the password: MFA as the pool requires, then back to the app. */
async function secondFactor(
  ctx: Ctx,
  request: Request,
  auth: AuthorizeRequest,
  pool: UserPool,
  client: UserPoolClient,
  user: UserRecord,
  cookies: string[] = [],
): Promise<Response> {
  const decision = decideMfa(pool, user);
  if (decision.kind === 'none') return complete(ctx, request, auth, pool, client, user, ctx.clock.now(), cookies);
  if (decision.kind === 'select') {
    const flow = saveFlow(ctx, { request: auth, poolId: pool.Id, username: user.username, step: 'select' });
    const token = csrf(request);
    const buttons = decision.methods.map(
      m => html`<button type="submit" name="method" value="${m}">${m === 'TOTP' ? 'Authenticator app' : m === 'SMS' ? 'Text message' : 'Email'}</button>`,
    );
    return htmlResponse(
      200,
      page({ title: 'Choose how to verify', body: html`<form method="post" action="/mfa">${hidden({ flow, _csrf: token.token })}${buttons}</form>` }),
      token.cookie ? { 'set-cookie': token.cookie } : {},
      { redirectUris: [auth.redirectUri] },
    );
  }
  if (decision.kind === 'setup') {
    if (!decision.methods.includes('TOTP'))
      return errorPage(400, 'invalid_request', 'This account must set up MFA, which this hosted page offers for authenticator apps only.');
    const secret = newTotpSecret();
    const flow = saveFlow(ctx, { request: auth, poolId: pool.Id, username: user.username, step: 'setup', data: { secret } });
    return mfaForm(
      request,
      auth.redirectUri,
      flow,
      'Set up your authenticator app',
      `Add this key to your authenticator app: ${secret}`,
      `otpauth://totp/${encodeURIComponent(pool.Name)}:${encodeURIComponent(user.username)}?secret=${secret}&issuer=${encodeURIComponent(pool.Name)}`,
    );
  }
  return startChallenge(ctx, request, auth, pool, client, user, decision.method);
}

async function startChallenge(
  ctx: Ctx,
  request: Request,
  auth: AuthorizeRequest,
  pool: UserPool,
  client: UserPoolClient,
  user: UserRecord,
  method: 'SMS' | 'EMAIL' | 'TOTP',
): Promise<Response> {
  if (method === 'TOTP') {
    const flow = saveFlow(ctx, { request: auth, poolId: pool.Id, username: user.username, step: 'code', data: { method } });
    return mfaForm(request, auth.redirectUri, flow, 'Enter the code from your authenticator app');
  }
  const attribute = method === 'SMS' ? 'phone_number' : 'email';
  const value = user.attributes[attribute]!;
  const code = newCode(6);
  const { message } = await composeMessage(
    ctx,
    pool,
    user,
    'Authentication',
    method === 'SMS' ? 'SMS' : 'EMAIL',
    code,
    `Your authentication code is ${code}.`,
    client.ClientId,
  );
  ctx.outbox.deliver({
    userPoolId: pool.Id,
    username: user.username,
    kind: 'Authentication',
    deliveryMedium: method === 'SMS' ? 'SMS' : 'EMAIL',
    destination: value,
    attributeName: attribute,
    code,
    message,
    createdAt: ctx.clock.now(),
  });
  const flow = saveFlow(ctx, { request: auth, poolId: pool.Id, username: user.username, step: 'code', data: { method, code, attempts: '0' } });
  return mfaForm(
    request,
    auth.redirectUri,
    flow,
    'Enter your verification code',
    `We sent a code to ${method === 'SMS' ? maskPhone(value) : maskEmail(value)}.`,
  );
}

function mfaForm(request: Request, redirectUri: string, flow: string, title: string, info?: string, uri?: string, error?: string): Response {
  const token = csrf(request);
  const body = html`${uri && html`<p><code>${uri}</code></p>`}<form method="post" action="/mfa">${hidden({ flow, _csrf: token.token })}${field('code', 'Code', { inputmode: 'numeric', autocomplete: 'one-time-code', required: true })}<button type="submit">Verify</button></form>`;
  return htmlResponse(
    error ? 400 : 200,
    page({ title, ...(info ? { info } : {}), ...(error ? { error } : {}), body }),
    token.cookie ? { 'set-cookie': token.cookie } : {},
    { redirectUris: [redirectUri] },
  );
}

function newPasswordForm(request: Request, redirectUri: string, flow: string, error?: string): Response {
  const token = csrf(request);
  const body = html`<form method="post" action="/newPassword">${hidden({ flow, _csrf: token.token })}${field('password', 'New password', { type: 'password', autocomplete: 'new-password', required: true })}<button type="submit">Change password</button></form>`;
  return htmlResponse(
    error ? 400 : 200,
    page({ title: 'Change your password', subtitle: 'Your administrator requires a new password.', ...(error ? { error } : {}), body }),
    token.cookie ? { 'set-cookie': token.cookie } : {},
    { redirectUris: [redirectUri] },
  );
}

function flowParts(ctx: Ctx, flow: FlowState): { pool: UserPool; client: UserPoolClient; user: UserRecord } | undefined {
  const pool = ctx.store.get<UserPool>('pool', flow.poolId);
  const client = ctx.store.get<UserPoolClient>('client', flow.request.clientId);
  const user = pool ? getUser(ctx, pool, flow.username) : undefined;
  return pool && client && user && user.enabled ? { pool, client, user } : undefined;
}

export async function mfa(ctx: Ctx, request: Request): Promise<Response> {
  const form = await readForm(request);
  const id = form.get('flow');
  const flow = loadFlow(ctx, id);
  const parts = flow && flowParts(ctx, flow);
  if (!flow || !parts || !id || !csrfOk(request, form)) return errorPage(400, 'invalid_request', 'This sign-in has expired. Start again from the app.');
  const { pool, client, user } = parts;
  if (flow.step === 'select') {
    const method = form.get('method') as 'SMS' | 'EMAIL' | 'TOTP' | null;
    if (!method || !userMethods(pool, user).includes(method)) return errorPage(400, 'invalid_request', 'Choose one of the offered methods.');
    dropFlow(ctx, id);
    return startChallenge(ctx, request, flow.request, pool, client, user, method);
  }
  const code = form.get('code') ?? '';
  if (flow.step === 'setup') {
    const step = matchTotp(flow.data!.secret!, code, ctx.clock.now());
    if (step === undefined)
      return mfaForm(
        request,
        flow.request.redirectUri,
        id,
        'Set up your authenticator app',
        `Add this key to your authenticator app: ${flow.data!.secret}`,
        undefined,
        'Invalid code. Try again.',
      );
    dropFlow(ctx, id);
    const before = structuredClone(user);
    user.totp = { secret: flow.data!.secret!, lastStep: step };
    user.mfa = { ...user.mfa, TOTP: { enabled: true, preferred: true } };
    saveUser(ctx, pool, user, before);
    return complete(ctx, request, flow.request, pool, client, user, ctx.clock.now());
  }
  if (flow.step !== 'code') return errorPage(400, 'invalid_request', 'Unexpected step.');
  let ok: boolean;
  if (flow.data?.method === 'TOTP') {
    const step = user.totp ? matchTotp(user.totp.secret, code, ctx.clock.now(), user.totp.lastStep) : undefined;
    ok = step !== undefined;
    if (ok) {
      const before = structuredClone(user);
      user.totp = { ...user.totp!, lastStep: step! };
      saveUser(ctx, pool, user, before);
    }
  } else {
    ok = flow.data?.code !== undefined && equalSecrets(code, flow.data.code);
  }
  if (!ok) {
    const attempts = Number(flow.data?.attempts ?? '0') + 1;
    if (attempts >= 3) {
      dropFlow(ctx, id);
      return errorPage(400, 'access_denied', 'Too many wrong codes. Start again from the app.');
    }
    saveFlow(ctx, { ...flow, data: { ...flow.data, attempts: String(attempts) } }, id);
    return mfaForm(request, flow.request.redirectUri, id, 'Enter your verification code', undefined, undefined, 'Invalid code. Try again.');
  }
  dropFlow(ctx, id);
  return complete(ctx, request, flow.request, pool, client, user, ctx.clock.now());
}

export async function newPassword(ctx: Ctx, request: Request): Promise<Response> {
  const form = await readForm(request);
  const id = form.get('flow');
  const flow = loadFlow(ctx, id);
  const parts = flow && flowParts(ctx, flow);
  if (!flow || !parts || !id || flow.step !== 'newPassword' || !csrfOk(request, form))
    return errorPage(400, 'invalid_request', 'This sign-in has expired. Start again from the app.');
  const { pool, client, user } = parts;
  const password = form.get('password') ?? '';
  try {
    checkPasswordPolicy(password, pool.Policies.PasswordPolicy);
  } catch (error) {
    return newPasswordForm(request, flow.request.redirectUri, id, (error as Error).message);
  }
  dropFlow(ctx, id);
  const before = structuredClone(user);
  user.password = await makePassword(pool, user.username, password, ctx.clock.now());
  user.status = 'CONFIRMED';
  user.updatedAt = ctx.clock.now();
  saveUser(ctx, pool, user, before);
  return secondFactor(ctx, request, flow.request, pool, client, user);
}

function simpleForm(
  request: Request,
  auth: AuthorizeRequest,
  action: string,
  title: string,
  fields: SafeHtml,
  options: { error?: string; info?: string; subtitle?: string; submit?: string } = {},
): Response {
  const token = csrf(request);
  const body = html`<form method="post" action="${action}">${hidden({ _csrf: token.token })}${fields}<button type="submit">${options.submit ?? title}</button></form>`;
  return htmlResponse(options.error ? 400 : 200, page({ title, ...options, body }), token.cookie ? { 'set-cookie': token.cookie } : {}, {
    redirectUris: [auth.redirectUri],
  });
}

function errorText(error: unknown): string {
  return error instanceof CognitoError ? error.message : 'Something went wrong.';
}

export async function signUpPage(ctx: Ctx, request: Request, url: URL): Promise<Response> {
  const checked = check(ctx, url.searchParams);
  if (!checked.ok) return errorPage(400, checked.error, checked.description);
  const { request: auth, pool, client } = checked;
  const query = url.searchParams.toString();
  const emailLogin = pool.UsernameAttributes?.includes('email');
  const fields = html`${!emailLogin && field('username', 'Username', { autocomplete: 'username', required: true })}${field('email', 'Email', { type: 'email', autocomplete: 'email', required: true })}${field('password', 'Password', { type: 'password', autocomplete: 'new-password', required: true })}`;
  if (request.method === 'GET') return simpleForm(request, auth, `/signup?${query}`, 'Sign up', fields, { subtitle: `for ${client.ClientName}` });
  const form = await readForm(request);
  if (!csrfOk(request, form)) return simpleForm(request, auth, `/signup?${query}`, 'Sign up', fields, { error: 'Your session expired. Please try again.' });
  const email = form.get('email') ?? '';
  const username = emailLogin ? email : (form.get('username') ?? '');
  try {
    const out = (await signUp(
      { ClientId: client.ClientId, Username: username, Password: form.get('password') ?? '', UserAttributes: [{ Name: 'email', Value: email }] },
      ctx,
    )) as { UserConfirmed: boolean };
    if (out.UserConfirmed) return redirect(`/login?${query}`);
    return redirect(`/confirm?${query}&username=${encodeURIComponent(username)}`);
  } catch (error) {
    return simpleForm(request, auth, `/signup?${query}`, 'Sign up', fields, { error: errorText(error) });
  }
}

export async function confirmPage(ctx: Ctx, request: Request, url: URL): Promise<Response> {
  const checked = check(ctx, url.searchParams);
  if (!checked.ok) return errorPage(400, checked.error, checked.description);
  const { request: auth, pool, client } = checked;
  const username = url.searchParams.get('username') ?? '';
  const query = url.searchParams.toString();
  const fields = field('code', 'Confirmation code', { inputmode: 'numeric', autocomplete: 'one-time-code', required: true });
  const info = 'We sent a confirmation code. Enter it to finish signing up.';
  if (request.method === 'GET') return simpleForm(request, auth, `/confirm?${query}`, 'Confirm your account', fields, { info, submit: 'Confirm' });
  const form = await readForm(request);
  if (!csrfOk(request, form))
    return simpleForm(request, auth, `/confirm?${query}`, 'Confirm your account', fields, {
      error: 'Your session expired. Please try again.',
      submit: 'Confirm',
    });
  try {
    await confirmSignUp({ ClientId: client.ClientId, Username: username, ConfirmationCode: form.get('code') ?? '' }, ctx);
  } catch (error) {
    return simpleForm(request, auth, `/confirm?${query}`, 'Confirm your account', fields, { error: errorText(error), submit: 'Confirm' });
  }
  const user = findUser(ctx, pool, username);
  if (!user) return redirect(`/login?${requestQuery(auth)}`);
  // Cognito signs the user in after confirming on the hosted pages.
  return secondFactor(ctx, request, auth, pool, client, user);
}

export async function forgotPasswordPage(ctx: Ctx, request: Request, url: URL): Promise<Response> {
  const checked = check(ctx, url.searchParams);
  if (!checked.ok) return errorPage(400, checked.error, checked.description);
  const { client, request: auth } = checked;
  const query = new URLSearchParams(url.searchParams);
  query.delete('reset');
  const fields = field('username', 'Username or email', { autocomplete: 'username', required: true });
  const info =
    url.searchParams.get('reset') === 'required' ? 'You must reset your password before you can sign in.' : 'We will send a code to reset your password.';
  if (request.method === 'GET') return simpleForm(request, auth, `/forgotPassword?${query}`, 'Forgot your password?', fields, { info, submit: 'Send code' });
  const form = await readForm(request);
  if (!csrfOk(request, form))
    return simpleForm(request, auth, `/forgotPassword?${query}`, 'Forgot your password?', fields, {
      error: 'Your session expired. Please try again.',
      submit: 'Send code',
    });
  const username = form.get('username') ?? '';
  try {
    await forgotPassword({ ClientId: client.ClientId, Username: username }, ctx);
  } catch (error) {
    return simpleForm(request, auth, `/forgotPassword?${query}`, 'Forgot your password?', fields, { error: errorText(error), submit: 'Send code' });
  }
  return redirect(`/confirmForgotPassword?${query}&username=${encodeURIComponent(username)}`);
}

export async function confirmForgotPasswordPage(ctx: Ctx, request: Request, url: URL): Promise<Response> {
  const checked = check(ctx, url.searchParams);
  if (!checked.ok) return errorPage(400, checked.error, checked.description);
  const { client, request: auth } = checked;
  const query = url.searchParams.toString();
  const fields = html`${field('code', 'Code', { inputmode: 'numeric', autocomplete: 'one-time-code', required: true })}${field('password', 'New password', { type: 'password', autocomplete: 'new-password', required: true })}`;
  if (request.method === 'GET')
    return simpleForm(request, auth, `/confirmForgotPassword?${query}`, 'Reset your password', fields, {
      info: 'Enter the code we sent and a new password.',
      submit: 'Reset password',
    });
  const form = await readForm(request);
  if (!csrfOk(request, form))
    return simpleForm(request, auth, `/confirmForgotPassword?${query}`, 'Reset your password', fields, {
      error: 'Your session expired. Please try again.',
      submit: 'Reset password',
    });
  try {
    await confirmForgotPassword(
      {
        ClientId: client.ClientId,
        Username: url.searchParams.get('username') ?? '',
        ConfirmationCode: form.get('code') ?? '',
        Password: form.get('password') ?? '',
      },
      ctx,
    );
  } catch (error) {
    return simpleForm(request, auth, `/confirmForgotPassword?${query}`, 'Reset your password', fields, { error: errorText(error), submit: 'Reset password' });
  }
  return redirect(`/login?${requestQuery(auth)}`);
}

export { CHALLENGE_OF, METHOD_OF };
