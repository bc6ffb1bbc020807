/**
 * `/oauth2/authorize` and the hosted pages behind it: `/login`, `/signup`, `/confirm`,
 * `/forgotPassword`, `/confirmForgotPassword`, `/mfa`, `/newPassword`. Plain HTML forms (no
 * JavaScript), CSRF-protected, carrying the authorization request from page to page. A finished
 * sign-in starts the hosted session (`cognito` cookie) and redirects to the app with a code (or
 * tokens, for the implicit grant).
 *
 * The pages hold no sign-in rules of their own: each form post is a call into the engine behind
 * InitiateAuth and RespondToAuthChallenge (the password as USER_PASSWORD_AUTH, each challenge
 * answer as RespondToAuthChallenge with the engine's Session kept in the flow), so lockout, user
 * existence, temporary passwords, triggers, MFA choice and code limits are the API's, and the
 * engine's error is the page's message.
 */
import type { ChallengeName } from '@cognate/protocol/wire';
import type { Json, OperationContext } from '../context.js';
import { CognitoError, errors } from '../errors.js';
import type { UserPool, UserPoolClient } from '../model.js';
import { confirmForgotPassword } from '../operations/confirm-forgot-password.js';
import { confirmSignUp } from '../operations/confirm-sign-up.js';
import { forgotPassword } from '../operations/forgot-password.js';
import { passwordAuth } from '../operations/initiate-auth.js';
import { resendConfirmationCode } from '../operations/resend-confirmation-code.js';
import { respond } from '../operations/respond-to-auth-challenge.js';
import { signUp } from '../operations/sign-up.js';
import { associateSoftwareToken, verifySoftwareToken } from '../operations/software-token.js';
import { customScopes } from '../operations/oauth-setup.js';
import { customCssRules } from '../operations/ui-customization.js';
import { peekAuthSession } from '../services/auth-sessions.js';
import { secretHash } from '../services/pools.js';
import { assertCanAttempt, continueAfterFirstFactor, hostedSignIn, preAuthentication } from '../services/sign-in.js';
import { findUser, getUser } from '../services/users.js';
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

/** A page's error: the engine's (its message, and its type in `data-error-type`) or the page's own words. */
type PageError = CognitoError | string;

function errorOptions(error: PageError | undefined): { error?: string; errorType?: string } {
  if (error === undefined) return {};
  return typeof error === 'string' ? { error } : { error: error.message, errorType: error.name };
}

function loginForm(
  ctx: Ctx,
  request: Request,
  url: URL,
  auth: AuthorizeRequest,
  pool: UserPool,
  client: UserPoolClient,
  error?: PageError,
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
    page({
      title: 'Sign in',
      subtitle: `to ${client.ClientName}`,
      ...errorOptions(error),
      ...(info ? { info } : {}),
      body: html`${cognito}${federated}`,
      customCss: customCssRules(ctx, pool.Id, client.ClientId),
    }),
    token.cookie ? { 'set-cookie': token.cookie } : {},
    { redirectUris: [auth.redirectUri] },
  );
}

/** The page is the app client: it knows the client secret, so it sends the SECRET_HASH an app would. */
function secretHashFor(client: UserPoolClient, username: string): Record<string, string> {
  return client.ClientSecret ? { SECRET_HASH: secretHash(client.ClientSecret, username, client.ClientId) } : {};
}

/**
 * The sign-in form posts to the engine behind InitiateAuth: USER_PASSWORD_AUTH with the pool's
 * rules (PreventUserExistenceErrors, lockout, triggers, temporary passwords), whatever the client's
 * ExplicitAuthFlows, as Cognito's hosted UI does. The engine's error is the page's message; an
 * unconfirmed user is sent to confirm (with a new code) and a RESET_REQUIRED one to reset.
 */
export async function login(ctx: Ctx, request: Request, url: URL): Promise<Response> {
  const checked = check(ctx, url.searchParams);
  if (!checked.ok) return errorPage(400, checked.error, checked.description);
  const { request: auth, pool, client } = checked;
  if (request.method === 'GET') return loginForm(ctx, request, url, auth, pool, client);
  const form = await readForm(request);
  if (!csrfOk(request, form)) return loginForm(ctx, request, url, auth, pool, client, 'Your session expired. Please try again.');
  const login = form.get('username') ?? '';
  const password = form.get('password') ?? '';
  let result: Json;
  try {
    result = await passwordAuth(ctx, pool, client, { USERNAME: login, PASSWORD: password, ...secretHashFor(client, login) }, { hosted: true });
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error;
    if (error.name === 'PasswordResetRequiredException') return redirect(`/forgotPassword?${url.searchParams}&reset=required`);
    if (error.name === 'UserNotConfirmedException') {
      await Promise.resolve()
        .then(() => resendConfirmationCode({ ClientId: client.ClientId, Username: login, ...secretHashFor(client, login) }, ctx))
        .catch(() => undefined);
      return redirect(`/confirm?${url.searchParams}&username=${encodeURIComponent(login)}`);
    }
    return loginForm(ctx, request, url, auth, pool, client, error);
  }
  return advance(ctx, request, auth, pool, client, result);
}

/** The challenges the hosted pages answer, and the page each is answered on. */
const STEP_ACTION: Record<string, '/mfa' | '/newPassword'> = {
  NEW_PASSWORD_REQUIRED: '/newPassword',
  SELECT_MFA_TYPE: '/mfa',
  SMS_MFA: '/mfa',
  EMAIL_OTP: '/mfa',
  SOFTWARE_TOKEN_MFA: '/mfa',
  MFA_SETUP: '/mfa',
};
const CODE_FIELD: Record<string, string> = { SMS_MFA: 'SMS_MFA_CODE', EMAIL_OTP: 'EMAIL_OTP_CODE', SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE' };
const METHOD_LABEL: Record<string, string> = { SOFTWARE_TOKEN_MFA: 'Authenticator app', SMS_MFA: 'Text message', EMAIL_OTP: 'Email' };

function jsonList(text: string | undefined): string[] {
  try {
    const list: unknown = JSON.parse(text ?? '[]');
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The engine's answer as a page: tokens end the sign-in (code or implicit redirect, hosted
 * session); a challenge becomes its form, with the engine's Session kept server-side in the flow.
 */
async function advance(ctx: Ctx, request: Request, auth: AuthorizeRequest, pool: UserPool, client: UserPoolClient, result: Json): Promise<Response> {
  const done = hostedSignIn(result);
  if (done !== undefined) {
    const user = getUser(ctx, pool, done);
    if (!user) return errorPage(400, 'invalid_request', 'This sign-in has expired. Start again from the app.');
    return complete(ctx, request, auth, pool, client, user, ctx.clock.now());
  }
  const named = typeof result.ChallengeName === 'string' ? result.ChallengeName : '';
  if (!STEP_ACTION[named]) return errorPage(400, 'invalid_request', `The ${named} step is not offered on the hosted pages.`);
  const challenge = named as ChallengeName; // STEP_ACTION's keys are challenge names
  const params = (result.ChallengeParameters ?? {}) as Record<string, string>;
  let data: Record<string, string> = { session: typeof result.Session === 'string' ? result.Session : '' };
  if (challenge === 'SELECT_MFA_TYPE') data.choices = params.MFAS_CAN_CHOOSE ?? '[]';
  if (challenge === 'SMS_MFA' || challenge === 'EMAIL_OTP') data.destination = params.CODE_DELIVERY_DESTINATION ?? '';
  if (challenge === 'MFA_SETUP') {
    const offered = jsonList(params.MFAS_CAN_SETUP);
    if (offered.includes('SOFTWARE_TOKEN_MFA')) {
      const associated = (await associateSoftwareToken({ Session: data.session }, ctx)) as { SecretCode: string; Session: string };
      data = { session: associated.Session, setup: 'TOTP', secret: associated.SecretCode };
    } else if (offered.includes('EMAIL_OTP')) {
      data.setup = 'EMAIL';
    } else {
      return errorPage(400, 'invalid_request', 'This account must set up MFA, which this hosted page offers for authenticator apps and email only.');
    }
  }
  const flow = { request: auth, poolId: pool.Id, username: params.USER_ID_FOR_SRP ?? '', step: challenge, data };
  return challengePage(request, pool, flow, saveFlow(ctx, flow));
}

/** The form for a flow's challenge; `error` re-renders it after a wrong answer. */
function challengePage(request: Request, pool: UserPool, flow: Omit<FlowState, 'expiresAt'>, id: string, error?: PageError): Response {
  const token = csrf(request);
  const data = flow.data ?? {};
  const action = STEP_ACTION[flow.step] ?? '/mfa';
  const codeField = field('code', 'Code', { inputmode: 'numeric', autocomplete: 'one-time-code', required: true });
  const form = (fields: SafeHtml, submit: string) =>
    html`<form method="post" action="${action}">${hidden({ flow: id, _csrf: token.token })}${fields}<button type="submit">${submit}</button></form>`;
  let content: { title: string; subtitle?: string; info?: string; body: SafeHtml };
  if (flow.step === 'NEW_PASSWORD_REQUIRED') {
    content = {
      title: 'Change your password',
      subtitle: 'Your administrator requires a new password.',
      body: form(field('password', 'New password', { type: 'password', autocomplete: 'new-password', required: true }), 'Change password'),
    };
  } else if (flow.step === 'SELECT_MFA_TYPE') {
    const buttons = jsonList(data.choices).map(m => html`<button type="submit" name="method" value="${m}">${METHOD_LABEL[m] ?? m}</button>`);
    content = { title: 'Choose how to verify', body: html`<form method="post" action="/mfa">${hidden({ flow: id, _csrf: token.token })}${buttons}</form>` };
  } else if (flow.step === 'MFA_SETUP' && data.setup === 'TOTP') {
    const uri = `otpauth://totp/${encodeURIComponent(pool.Name)}:${encodeURIComponent(flow.username)}?secret=${data.secret}&issuer=${encodeURIComponent(pool.Name)}`;
    content = {
      title: 'Set up your authenticator app',
      info: `Add this key to your authenticator app: ${data.secret}`,
      body: html`<p><code>${uri}</code></p>${form(codeField, 'Verify')}`,
    };
  } else if (flow.step === 'MFA_SETUP') {
    content = {
      title: 'Set up email verification',
      info: 'Your account needs a second factor: we will send codes to this address.',
      body: form(field('email', 'Email', { type: 'email', autocomplete: 'email', required: true }), 'Send code'),
    };
  } else if (flow.step === 'SOFTWARE_TOKEN_MFA') {
    content = { title: 'Enter the code from your authenticator app', body: form(codeField, 'Verify') };
  } else {
    content = {
      title: flow.step === 'SMS_MFA' ? 'Enter the code sent by text message' : 'Enter the code sent by email',
      info: `We sent a code to ${data.destination ?? ''}.`,
      body: form(codeField, 'Verify'),
    };
  }
  return htmlResponse(error ? 400 : 200, page({ ...content, ...errorOptions(error) }), token.cookie ? { 'set-cookie': token.cookie } : {}, {
    redirectUris: [flow.request.redirectUri],
  });
}

/** A form post on a challenge page, as the RespondToAuthChallenge call an app would make. */
async function answer(ctx: Ctx, pool: UserPool, client: UserPoolClient, flow: FlowState, form: URLSearchParams): Promise<Json> {
  // A federated flow has no challenge to answer (its pages are the identity provider's).
  if (flow.step === 'federated') throw errors.notAuthorized('Invalid session for the user.');
  const session = flow.data?.session;
  const base = { USERNAME: flow.username, ...secretHashFor(client, flow.username) };
  switch (flow.step) {
    case 'NEW_PASSWORD_REQUIRED':
      return respond(ctx, pool, client, flow.step, { ...base, NEW_PASSWORD: form.get('password') ?? '' }, session);
    case 'SELECT_MFA_TYPE':
      return respond(ctx, pool, client, flow.step, { ...base, ANSWER: form.get('method') ?? '' }, session);
    case 'MFA_SETUP': {
      if (flow.data?.setup === 'EMAIL') return respond(ctx, pool, client, flow.step, { ...base, EMAIL: form.get('email') ?? '' }, session);
      const verified = (await verifySoftwareToken({ Session: session, UserCode: form.get('code') ?? '' }, ctx)) as { Session: string };
      return respond(ctx, pool, client, flow.step, base, verified.Session);
    }
    default:
      return respond(ctx, pool, client, flow.step, { ...base, [CODE_FIELD[flow.step] ?? 'CODE']: form.get('code') ?? '' }, session);
  }
}

/**
 * `/mfa` and `/newPassword`: the answer goes to the engine. A wrong answer the engine lets the user
 * retry (its session still stands) shows the same form with the engine's message; one that ends
 * the session (the wrong-code limit, an expired session) ends the flow with that message.
 */
async function answerStep(ctx: Ctx, request: Request, action: '/mfa' | '/newPassword'): Promise<Response> {
  const form = await readForm(request);
  const id = form.get('flow');
  const flow = loadFlow(ctx, id);
  const pool = flow && ctx.store.get<UserPool>('pool', flow.poolId);
  const client = flow && ctx.store.get<UserPoolClient>('client', flow.request.clientId);
  if (!flow || !id || !pool || !client || STEP_ACTION[flow.step] !== action || !csrfOk(request, form))
    return errorPage(400, 'invalid_request', 'This sign-in has expired. Start again from the app.');
  let result: Json;
  try {
    result = await answer(ctx, pool, client, flow, form);
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error;
    const session = flow.data?.session ? peekAuthSession(ctx, flow.data.session) : undefined;
    if (session && session.expiresAt > ctx.clock.now()) return challengePage(request, pool, flow, id, error);
    dropFlow(ctx, id);
    return htmlResponse(
      400,
      page({ title: 'Something went wrong', ...errorOptions(error), info: 'Start again from the app.', body: html`` }),
      {},
      {
        redirectUris: [flow.request.redirectUri],
      },
    );
  }
  dropFlow(ctx, id);
  return advance(ctx, request, flow.request, pool, client, result);
}

export function mfa(ctx: Ctx, request: Request): Promise<Response> {
  return answerStep(ctx, request, '/mfa');
}

export function newPassword(ctx: Ctx, request: Request): Promise<Response> {
  return answerStep(ctx, request, '/newPassword');
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
  // Cognito signs the user in after confirming on the hosted pages: the code proved the account, so
  // the engine goes on from the first factor (PreAuthentication, MFA, PostAuthentication).
  let result: Json;
  try {
    assertCanAttempt(ctx, user);
    await preAuthentication(ctx, pool, client, user);
    result = await continueAfterFirstFactor(ctx, pool, client, user, { hosted: true });
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error;
    return loginForm(ctx, request, new URL(`/login?${requestQuery(auth)}`, request.url), auth, pool, client, error);
  }
  return advance(ctx, request, auth, pool, client, result);
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
