/**
 * Which failures are worth another attempt, and how long to wait: Amplify's policy. Three attempts
 * in all; delays of 2^attempt × 100 ms plus up to 100 ms of jitter; only connection failures,
 * throttling, clock skew, timeouts and 5xx are retried, never a definitive answer such as
 * `NotAuthorizedException`.
 */

/** Throttling, clock-skew and timeout error names: worth another attempt whatever the status. */
const RETRYABLE_ERRORS = new Set(
  [
    // throttling
    'BandwidthLimitExceeded EC2ThrottledException LimitExceededException PriorRequestNotComplete ProvisionedThroughputExceededException',
    'RequestLimitExceeded RequestThrottled RequestThrottledException SlowDown ThrottledException Throttling ThrottlingException TooManyRequestsException',
    // clock skew
    'AuthFailure InvalidSignatureException RequestExpired RequestInTheFuture RequestTimeTooSkewed SignatureDoesNotMatch BadRequestException',
    // timeouts
    'TimeoutError RequestTimeout RequestTimeoutException',
  ]
    .join(' ')
    .split(' '),
);

export interface RetryPolicy {
  maxAttempts: number;
  /** Milliseconds to wait after failed attempt `attempt` (1-based). */
  delay(attempt: number): number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 3,
  delay: attempt => Math.min(2 ** attempt * 100 + Math.random() * 100, 5 * 60_000),
};

/** True when a response with this status and error name should be tried again. */
export function isRetryableResponse(status: number, errorName: string): boolean {
  return [429, 500, 502, 503, 504].includes(status) || RETRYABLE_ERRORS.has(errorName);
}
