/**
 * The console's actions: `POST /_local/console/api/<action>` with the admin operation's own input
 * as a JSON body (e.g. `users/create` takes AdminCreateUser's `{ UserPoolId, Username, … }`). Each
 * action runs the very operation the AWS API runs, so every Cognito rule applies and a refusal
 * comes back as Cognito's `{ __type, message }` (400) for the page to show.
 *
 * Who may call: the handler's `/_local/*` rule (handler.ts `localRefusal`) runs first — this
 * server's own pages only (foreign `Origin` / `Sec-Fetch-Site` refused) and a JSON content type,
 * which no cross-site form can send. The console stands in for the signed admin API on the
 * developer's own machine, as the rest of `/_local/*` does.
 */
import { randomUUID } from 'node:crypto';
import type { Json, Operation, OperationContext, Services } from '../context.js';
import { CognitoError, errors } from '../errors.js';
import { MAX_FORM_BYTES, parseJson, readBody } from '../input.js';
import { USER_POOL_OPERATIONS } from '../registry.js';

export const CONSOLE_API_PREFIX = '/_local/console/api/';

/** Action → the AWS operation it runs. */
export const CONSOLE_ACTIONS: Readonly<Record<string, string>> = {
  'users/create': 'AdminCreateUser',
  'users/set-password': 'AdminSetUserPassword',
  'users/confirm': 'AdminConfirmSignUp',
  'users/disable': 'AdminDisableUser',
  'users/enable': 'AdminEnableUser',
  'users/delete': 'AdminDeleteUser',
  'users/update-attributes': 'AdminUpdateUserAttributes',
  'users/add-to-group': 'AdminAddUserToGroup',
  'users/remove-from-group': 'AdminRemoveUserFromGroup',
  'users/sign-out': 'AdminUserGlobalSignOut',
};

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
}

function failure(error: CognitoError): Response {
  return new Response(JSON.stringify({ __type: error.type, message: error.message }), {
    status: error.status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': `${error.type}:`, 'cache-control': 'no-store' },
  });
}

/** The answer to a console API request, or undefined when the path is not one. */
export async function consoleApi(services: Services, request: Request, url: URL, issuer: (poolId: string) => string): Promise<Response | undefined> {
  if (!url.pathname.startsWith(CONSOLE_API_PREFIX)) return undefined;
  const action = url.pathname.slice(CONSOLE_API_PREFIX.length);
  const name = Object.hasOwn(CONSOLE_ACTIONS, action) ? CONSOLE_ACTIONS[action]! : undefined;
  try {
    if (!name) return failure(new CognitoError('ResourceNotFoundException', `No console action ${action}.`, 404));
    if (request.method !== 'POST') return failure(errors.invalidParameter(`${action} is a POST with a JSON body.`));
    const parsed = parseJson(await readBody(request, MAX_FORM_BYTES));
    if (!parsed || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
      return failure(new CognitoError('SerializationException', 'Request body must be a JSON object.'));
    }
    const operation: Operation = USER_POOL_OPERATIONS[name]!.handler;
    const ctx: OperationContext = { ...services, requestId: randomUUID(), issuer };
    return answer(200, await operation(parsed.value as Json, ctx));
  } catch (error) {
    if (error instanceof CognitoError) return failure(error);
    throw error;
  }
}
