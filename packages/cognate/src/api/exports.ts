/** What `cognate-auth/api` and `cognate-auth/api/server` both export besides the six functions: the error types and the inputs and results. */
export { CanceledError, isCancelError, RestApiError } from './errors.js';
export type { RestApiErrorParams, RestApiErrorResponse } from './errors.js';
export type {
  DeleteInput,
  DeleteOperation,
  DocumentType,
  GetInput,
  GetOperation,
  HeadInput,
  HeadOperation,
  PatchInput,
  PatchOperation,
  PostInput,
  PostOperation,
  PutInput,
  PutOperation,
  ResponsePayload,
  RestApiOptionsBase,
  RestApiResponse,
} from './rest.js';
