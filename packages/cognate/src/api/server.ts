/**
 * `cognate-auth/api/server`: the REST API functions of `aws-amplify/api/server`. Each takes the
 * `contextSpec` that `runWithAmplifyServerContext` gives its operation first and signs with that
 * request's session (its tokens verified, its identity-pool credentials), never the process's.
 */
import { getServerAuthContext, type ContextSpec } from '../server/context.js';
import { restCall } from './rest.js';
import type * as Rest from './rest.js';

export * from './exports.js';

export const get = (contextSpec: ContextSpec, input: Rest.GetInput): Rest.GetOperation => restCall(getServerAuthContext(contextSpec), 'GET', input);
export const post = (contextSpec: ContextSpec, input: Rest.PostInput): Rest.PostOperation => restCall(getServerAuthContext(contextSpec), 'POST', input);
export const put = (contextSpec: ContextSpec, input: Rest.PutInput): Rest.PutOperation => restCall(getServerAuthContext(contextSpec), 'PUT', input);
export const del = (contextSpec: ContextSpec, input: Rest.DeleteInput): Rest.DeleteOperation => restCall(getServerAuthContext(contextSpec), 'DELETE', input);
export const head = (contextSpec: ContextSpec, input: Rest.HeadInput): Rest.HeadOperation => restCall(getServerAuthContext(contextSpec), 'HEAD', input);
export const patch = (contextSpec: ContextSpec, input: Rest.PatchInput): Rest.PatchOperation => restCall(getServerAuthContext(contextSpec), 'PATCH', input);
