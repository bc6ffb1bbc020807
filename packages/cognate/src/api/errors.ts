/**
 * The REST API category's errors, as `aws-amplify/api` has them: `RestApiError` for an HTTP error
 * status (its `response` is the status, the lower-cased headers and the body as text; `$metadata`
 * the AWS request facts), and `CanceledError` when `cancel()` ended the request.
 */
export interface RestApiErrorResponse {
  statusCode: number;
  headers: Record<string, string>;
  body?: string;
}

export interface RestApiErrorParams {
  name: string;
  message: string;
  recoverySuggestion?: string;
  underlyingError?: unknown;
  response?: RestApiErrorResponse;
}

export class RestApiError extends Error {
  recoverySuggestion?: string;
  underlyingError?: unknown;
  #response?: RestApiErrorResponse;

  constructor({ name, message, recoverySuggestion, underlyingError, response }: RestApiErrorParams) {
    super(message);
    this.name = name;
    this.recoverySuggestion = recoverySuggestion;
    this.underlyingError = underlyingError;
    this.#response = response;
  }

  /** A copy of the HTTP response that caused the error, as Amplify's `ApiError.response`. */
  get response(): RestApiErrorResponse | undefined {
    return this.#response ? { ...this.#response, headers: { ...this.#response.headers } } : undefined;
  }
}

export class CanceledError extends RestApiError {
  constructor(params: Partial<RestApiErrorParams> = {}) {
    super({ name: 'CanceledError', message: 'Request is canceled by user', ...params });
  }
}

/** Whether `error` is the rejection of a request that `cancel()` ended. */
export const isCancelError = (error: unknown): error is CanceledError => !!error && error instanceof CanceledError;
