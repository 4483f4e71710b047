import type { FetchFailureCode } from '../core/fetcher.ts';
import type { FeedDisabledCode } from '../store/feed-store.ts';

/** Polling rules in one place: the README states them and the tests hold them. */
export const FEED_SCHEDULE = {
  defaultIntervalMinutes: 15,
  minIntervalMinutes: 5,
  maxIntervalMinutes: 24 * 60,
  /** First retry after a failure; doubles with each further failure. */
  backoffBaseMs: 5 * 60_000,
  /** Consecutive failures after which a feed is disabled until `/feed resume`. */
  maxFailures: 11,
} as const;

/** When a feed that just polled fine is due again. */
export function nextPollAfterSuccess(now: Date, intervalMinutes: number): Date {
  const minutes = Math.min(
    FEED_SCHEDULE.maxIntervalMinutes,
    Math.max(FEED_SCHEDULE.minIntervalMinutes, intervalMinutes),
  );
  return new Date(now.getTime() + minutes * 60_000);
}

/** After a failure with `failuresBefore` earlier ones in a row: 5 min × 2^failuresBefore, or disable. */
export function afterFailure(now: Date, failuresBefore: number): { retryAt: Date; disable: boolean } {
  const failures = failuresBefore + 1;
  const delay = FEED_SCHEDULE.backoffBaseMs * 2 ** Math.min(failuresBefore, 20);
  return { retryAt: new Date(now.getTime() + delay), disable: failures >= FEED_SCHEDULE.maxFailures };
}

/** The code a feed is disabled with when this fetch failure is the last straw. */
export function disabledCodeFor(code: FetchFailureCode): FeedDisabledCode {
  switch (code) {
    case 'NOT_FOUND':
      return 'NOT_FOUND';
    case 'FORBIDDEN':
      return 'FORBIDDEN';
    case 'TOO_LARGE':
      return 'TOO_LARGE';
    case 'BAD_CONTENT_TYPE':
      return 'INVALID_FEED';
    default:
      return 'FAILED_REQUESTS';
  }
}
