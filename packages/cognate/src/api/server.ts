/**
 * `cognate-auth/api/server`: the REST API functions of `aws-amplify/api/server`. Each takes the
 * `contextSpec` that `runWithAmplifyServerContext` gives its operation first and signs with that
 * request's session (its tokens verified, its identity-pool credentials), never the process's.
 */
import { getServerAuthContext, type ContextSpec } from '../server/context.js';
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

export const get = (contextSpec: ContextSpec, input: GetInput): GetOperation => restCall(getServerAuthContext(contextSpec), 'GET', input);
export const post = (contextSpec: ContextSpec, input: PostInput): PostOperation => restCall(getServerAuthContext(contextSpec), 'POST', input);
export const put = (contextSpec: ContextSpec, input: PutInput): PutOperation => restCall(getServerAuthContext(contextSpec), 'PUT', input);
export const del = (contextSpec: ContextSpec, input: DeleteInput): DeleteOperation => restCall(getServerAuthContext(contextSpec), 'DELETE', input);
export const head = (contextSpec: ContextSpec, input: HeadInput): HeadOperation => restCall(getServerAuthContext(contextSpec), 'HEAD', input);
export const patch = (contextSpec: ContextSpec, input: PatchInput): PatchOperation => restCall(getServerAuthContext(contextSpec), 'PATCH', input);
