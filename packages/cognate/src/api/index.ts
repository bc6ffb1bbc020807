/**
 * `cognate-auth/api`: the REST API functions of `aws-amplify/api` (`get`, `post`, `put`, `del`, `head`,
 * `patch`), on the context `Amplify.configure` fills (or the `AmplifyContext` given first), with
 * `isCancelError` and the error types.
 */
import { withContext } from '../context/with-context.js';
import type { AmplifyContext } from '../context/with-context.js';
import { restCall } from './rest.js';
import type * as Rest from './rest.js';

export * from './exports.js';

const call = (method: string, args: unknown[]) => {
  const [ctx, input] = withContext<[Rest.PostInput]>(args);
  return restCall(ctx, method, input);
};

export function get(ctx: AmplifyContext, input: Rest.GetInput): Rest.GetOperation;
export function get(input: Rest.GetInput): Rest.GetOperation;
export function get(...args: unknown[]): Rest.GetOperation {
  return call('GET', args);
}
export function post(ctx: AmplifyContext, input: Rest.PostInput): Rest.PostOperation;
export function post(input: Rest.PostInput): Rest.PostOperation;
export function post(...args: unknown[]): Rest.PostOperation {
  return call('POST', args);
}
export function put(ctx: AmplifyContext, input: Rest.PutInput): Rest.PutOperation;
export function put(input: Rest.PutInput): Rest.PutOperation;
export function put(...args: unknown[]): Rest.PutOperation {
  return call('PUT', args);
}
export function del(ctx: AmplifyContext, input: Rest.DeleteInput): Rest.DeleteOperation;
export function del(input: Rest.DeleteInput): Rest.DeleteOperation;
export function del(...args: unknown[]): Rest.DeleteOperation {
  return call('DELETE', args);
}
export function head(ctx: AmplifyContext, input: Rest.HeadInput): Rest.HeadOperation;
export function head(input: Rest.HeadInput): Rest.HeadOperation;
export function head(...args: unknown[]): Rest.HeadOperation {
  return call('HEAD', args);
}
export function patch(ctx: AmplifyContext, input: Rest.PatchInput): Rest.PatchOperation;
export function patch(input: Rest.PatchInput): Rest.PatchOperation;
export function patch(...args: unknown[]): Rest.PatchOperation {
  return call('PATCH', args);
}
