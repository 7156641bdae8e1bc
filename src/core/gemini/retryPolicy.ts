// Which failed request is tried again, after how long: a rate limit waits what the server asks (or a long
// backoff), a server or network error backs off exponentially, anything else is not retried. Pure: the waits
// can be tested without timers.
import type { ClassifiedError } from './errors';

/** The limits a conversation may set (see ConversationDeps); an absent one takes the default below. */
export interface RetryLimits {
  maxRateLimitRetries?: number;
  maxServerRetries?: number;
  /** Base of the exponential backoff for server errors and resumes. */
  backoffMs?: number;
}

/** How long to wait before the next attempt; undefined when the error is not (or no longer) retried. */
export function retryDelay(c: ClassifiedError, rateRetries: number, serverRetries: number, limits: RetryLimits): number | undefined {
  if (c.kind === 'rateLimit' && rateRetries < (limits.maxRateLimitRetries ?? 5)) {
    return Math.min(c.retryAfterMs ?? backoff(rateRetries + 2, limits), 120_000);
  }
  if ((c.kind === 'server' || c.kind === 'network') && serverRetries < (limits.maxServerRetries ?? 3)) {
    return backoff(serverRetries, limits);
  }
  return undefined;
}

/** The n-th wait (from 0) of the exponential backoff. */
export function backoff(n: number, limits: RetryLimits): number {
  return (limits.backoffMs ?? 1000) * 2 ** n;
}
