/**
 * Cognito's Lambda triggers, run locally: a pool's `LambdaConfig` names JavaScript modules (a path,
 * relative to the `--config` file's folder or the working directory, or a `file:` URL) whose
 * `handler` (or default export) receives Cognito's event and returns it with `response` filled in,
 * as a Lambda handler would. A trigger that throws fails the operation with
 * UserLambdaValidationException, as Cognito does; one that cannot be loaded or answers badly gives
 * UnexpectedLambdaException / InvalidLambdaResponseException.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Json, Services } from '../context.js';
import { CognitoError } from '../errors.js';
import type { UserPool, UserRecord } from '../model.js';

export type TriggerName =
  | 'PreSignUp' | 'PostConfirmation' | 'PreAuthentication' | 'PostAuthentication' | 'DefineAuthChallenge' | 'CreateAuthChallenge'
  | 'VerifyAuthChallengeResponse' | 'PreTokenGeneration' | 'CustomMessage' | 'UserMigration';

type Handler = (event: Json, context: Json) => unknown;
const modules = new Map<string, Promise<Handler>>();

function reference(pool: UserPool, name: TriggerName): string | undefined {
  const config = pool.LambdaConfig ?? {};
  if (name === 'PreTokenGeneration') {
    const v2 = (config.PreTokenGenerationConfig as Json | undefined)?.LambdaArn;
    if (typeof v2 === 'string') return v2;
  }
  const value = config[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function hasTrigger(pool: UserPool, name: TriggerName): boolean {
  return reference(pool, name) !== undefined;
}

/** PreTokenGeneration's event version: V1_0 (ID token only), V2_0 / V3_0 (access token too). */
export function preTokenVersion(pool: UserPool): string {
  const config = (pool.LambdaConfig ?? {}).PreTokenGenerationConfig as Json | undefined;
  return typeof config?.LambdaVersion === 'string' ? config.LambdaVersion : 'V1_0';
}

async function load(ref: string, baseDir: string): Promise<Handler> {
  if (ref.startsWith('arn:')) {
    throw new CognitoError('UnexpectedLambdaException', `cognate-local runs triggers from local JavaScript modules; ${ref} is a Lambda ARN.`);
  }
  const url = ref.startsWith('file:') ? ref : pathToFileURL(isAbsolute(ref) ? ref : resolve(baseDir, ref)).href;
  let pending = modules.get(url);
  if (!pending) {
    pending = import(url).then((mod: { handler?: unknown; default?: unknown }) => {
      const fn = typeof mod.handler === 'function' ? mod.handler : typeof mod.default === 'function' ? mod.default : undefined;
      if (!fn) throw new Error('the module exports no handler function');
      return fn as Handler;
    });
    pending.catch(() => modules.delete(url));
    modules.set(url, pending);
  }
  try {
    return await pending;
  } catch (error) {
    throw new CognitoError('UnexpectedLambdaException', `Could not load trigger ${ref}: ${(error as Error).message}`);
  }
}

export interface TriggerEvent {
  triggerSource: string;
  userName: string;
  clientId?: string;
  request: Json;
  response?: Json;
}

/**
 * Runs a trigger if the pool has one; returns the event's `response` (or undefined when there is
 * no trigger).
 */
export async function runTrigger(ctx: Services, pool: UserPool, name: TriggerName, event: TriggerEvent): Promise<Json | undefined> {
  const ref = reference(pool, name);
  if (!ref) return undefined;
  const handler = await load(ref, ctx.triggerBaseDir ?? process.cwd());
  const full: Json = {
    version: name === 'PreTokenGeneration' ? (preTokenVersion(pool) === 'V1_0' ? '1' : '2') : '1',
    triggerSource: event.triggerSource,
    region: ctx.region,
    userPoolId: pool.Id,
    userName: event.userName,
    callerContext: { awsSdkVersion: 'cognate-local', clientId: event.clientId ?? 'CLIENT_ID_NOT_APPLICABLE' },
    request: event.request,
    response: event.response ?? {},
  };
  let result: unknown;
  try {
    result = await handler(full, { functionName: ref, awsRequestId: 'local' });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CognitoError('UserLambdaValidationException', `${name} failed with error ${message}.`);
  }
  const returned = (result ?? full) as Json;
  if (typeof returned !== 'object' || returned === null) {
    throw new CognitoError('InvalidLambdaResponseException', `Invalid ${name} Lambda response.`);
  }
  const response = returned.response;
  if (response !== undefined && (typeof response !== 'object' || response === null)) {
    throw new CognitoError('InvalidLambdaResponseException', `Invalid ${name} Lambda response.`);
  }
  return (response as Json | undefined) ?? {};
}

/** User attributes as triggers see them: `sub` included, Cognito's `cognito:user_status`. */
export function triggerAttributes(user: UserRecord): Record<string, string> {
  return { ...user.attributes, 'cognito:user_status': user.status };
}
