/**
 * `cognate-auth/api`: the REST API functions of `aws-amplify/api` (`get`, `post`, `put`, `del`, `head`,
 * `patch`), on the context `Amplify.configure` fills (or the `AmplifyContext` given first), with
 * `isCancelError` and the error types.
 */
import { withContext } from '../context/with-context.js';
import type { AmplifyContext } from '../context/with-context.js';
import {
  type DeleteInput,
  type DeleteOperation,
  type GetInput,
  type GetOperation,
  type HeadInput,
  type HeadOperation,
  type PatchInput,
  type PatchOperation,
  type PostInput,
  type PostOperation,
  type PutInput,
  type PutOperation,
  restCall,
} from './rest.js';

export * from './exports.js';

const call = (method: string, args: unknown[]) => {
  const [ctx, input] = withContext<[PostInput]>(args);
  return restCall(ctx, method, input);
};

export function get(ctx: AmplifyContext, input: GetInput): GetOperation;
export function get(input: GetInput): GetOperation;
export function get(...args: unknown[]): GetOperation {
  return call('GET', args);
}
export function post(ctx: AmplifyContext, input: PostInput): PostOperation;
export function post(input: PostInput): PostOperation;
export function post(...args: unknown[]): PostOperation {
  return call('POST', args);
}
export function put(ctx: AmplifyContext, input: PutInput): PutOperation;
export function put(input: PutInput): PutOperation;
export function put(...args: unknown[]): PutOperation {
  return call('PUT', args);
}
export function del(ctx: AmplifyContext, input: DeleteInput): DeleteOperation;
export function del(input: DeleteInput): DeleteOperation;
export function del(...args: unknown[]): DeleteOperation {
  return call('DELETE', args);
}
export function head(ctx: AmplifyContext, input: HeadInput): HeadOperation;
export function head(input: HeadInput): HeadOperation;
export function head(...args: unknown[]): HeadOperation {
  return call('HEAD', args);
}
export function patch(ctx: AmplifyContext, input: PatchInput): PatchOperation;
export function patch(input: PatchInput): PatchOperation;
export function patch(...args: unknown[]): PatchOperation {
  return call('PATCH', args);
}
