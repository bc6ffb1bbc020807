/**
 * Cognito's Lambda triggers, run locally: a pool's `LambdaConfig` names JavaScript modules, by a
 * path relative to the trigger folder (`--triggers DIR`, else the `--config` file's folder; the
 * `triggerBaseDir` option), whose `handler` (or default export) receives Cognito's event and returns
 * it with `response` filled in, as a Lambda handler would. A trigger that throws fails the operation
 * with UserLambdaValidationException, as Cognito does; one that cannot be loaded, takes longer than
 * Cognito's 5 seconds or answers badly gives UnexpectedLambdaException / InvalidLambdaResponseException.
 *
 * Nothing set through the API can name code outside the trigger folder: absolute paths, URLs
 * (`file:`, `data:`, `http:`), `../` and symbolic links leading out are refused when LambdaConfig is
 * set and again when a trigger would run. Trigger code runs in worker threads (trigger-worker.ts),
 * one call per worker at a time with one kept warm: a hanging or looping trigger is cut off at the
 * timeout and its worker replaced, and nothing it throws or leaves rejected reaches the server.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Json, Services } from '../context.js';
import { CognitoError } from '../errors.js';
import type { UserPool, UserRecord } from '../model.js';
import { parseJson } from '../input.js';

export type TriggerName =
  | 'PreSignUp'
  | 'PostConfirmation'
  | 'PreAuthentication'
  | 'PostAuthentication'
  | 'DefineAuthChallenge'
  | 'CreateAuthChallenge'
  | 'VerifyAuthChallengeResponse'
  | 'PreTokenGeneration'
  | 'CustomMessage'
  | 'UserMigration';

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

const inside = (dir: string, path: string) => {
  const rel = relative(dir, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
};

/**
 * Why `ref` may not name a trigger module (undefined when it may): it must be a path relative to
 * `dir` that stays inside it, symbolic links resolved. A Lambda ARN may be stored (it fails when run).
 */
export function triggerReferenceProblem(ref: string, dir: string | undefined): string | undefined {
  if (ref.startsWith('arn:')) return undefined;
  if (!dir) return 'cognate-local has no trigger folder; start it with --triggers DIR (or --config FILE, whose folder is used)';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(ref)) return `${ref} is a URL; a trigger is a module path relative to the trigger folder`;
  if (isAbsolute(ref) || ref.startsWith('\\') || ref.includes('\0')) return `${ref} is not a module path relative to the trigger folder`;
  const base = resolve(dir);
  const path = resolve(base, ref);
  if (!inside(base, path)) return `${ref} leads outside the trigger folder`;
  let real: string | undefined;
  try {
    real = realpathSync(path);
  } catch {
    return undefined; // Not there (yet): checked again when the trigger runs.
  }
  let realBase = base;
  try {
    realBase = realpathSync(base);
  } catch {}
  return inside(realBase, real) ? undefined : `${ref} leads outside the trigger folder through a symbolic link`;
}

/** The module's file URL, or UnexpectedLambdaException for anything outside the trigger folder. */
function moduleUrl(ref: string, dir: string | undefined): string {
  if (ref.startsWith('arn:')) {
    throw new CognitoError('UnexpectedLambdaException', `cognate-local runs triggers from local JavaScript modules; ${ref} is a Lambda ARN.`);
  }
  const problem = triggerReferenceProblem(ref, dir);
  if (problem) throw new CognitoError('UnexpectedLambdaException', `Could not load trigger ${ref}: ${problem}.`);
  try {
    return pathToFileURL(realpathSync(resolve(dir!, ref))).href;
  } catch {
    throw new CognitoError('UnexpectedLambdaException', `Could not load trigger ${ref}: no such module in the trigger folder.`);
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
  const url = moduleUrl(ref, ctx.triggerBaseDir);
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
  const outcome = await ctx.triggers.invoke(url, full, { functionName: ref, awsRequestId: 'local' });
  if (!outcome.ok) {
    switch (outcome.kind) {
      case 'handler':
        throw new CognitoError('UserLambdaValidationException', `${name} failed with error ${outcome.message}.`);
      case 'load':
        throw new CognitoError('UnexpectedLambdaException', `Could not load trigger ${ref}: ${outcome.message}`);
      case 'response':
        throw new CognitoError('InvalidLambdaResponseException', `Invalid ${name} Lambda response.`);
      default:
        // Cognito's words when a function does not answer in time.
        throw new CognitoError('UnexpectedLambdaException', `${name} invocation failed due to error ${outcome.message}.`);
    }
  }
  const returned = parseJson(outcome.json, 64)?.value as Json | undefined;
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
