// Which failed request is tried again and after how long (src/core/gemini/retryPolicy.ts), without timers.
import * as assert from 'node:assert/strict';
import { backoff, retryDelay } from '../../src/core/gemini/retryPolicy';
import type { ClassifiedError } from '../../src/core/gemini/errors';

const err = (kind: ClassifiedError['kind'], retryAfterMs?: number): ClassifiedError => ({ kind, message: kind, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });

describe('retry policy', () => {
  it('a server or network error backs off exponentially from the base, three times by default', () => {
    assert.deepEqual([0, 1, 2].map((n) => retryDelay(err('server'), 0, n, {})), [1000, 2000, 4000]);
    assert.equal(retryDelay(err('server'), 0, 3, {}), undefined, 'the fourth is not retried');
    assert.deepEqual([0, 1].map((n) => retryDelay(err('network'), 0, n, { backoffMs: 10, maxServerRetries: 2 })), [10, 20]);
    assert.equal(retryDelay(err('network'), 0, 2, { backoffMs: 10, maxServerRetries: 2 }), undefined);
  });

  it('a rate limit waits what the server asks, capped at two minutes, else a longer backoff; five times by default', () => {
    assert.equal(retryDelay(err('rateLimit', 7_000), 0, 0, {}), 7_000);
    assert.equal(retryDelay(err('rateLimit', 600_000), 0, 0, {}), 120_000);
    assert.equal(retryDelay(err('rateLimit'), 0, 0, {}), 4_000, 'starts two steps up the backoff');
    assert.equal(retryDelay(err('rateLimit'), 4, 0, {}), 64_000);
    assert.equal(retryDelay(err('rateLimit', 1_000), 5, 0, {}), undefined);
    assert.equal(retryDelay(err('rateLimit', 1_000), 1, 0, { maxRateLimitRetries: 1 }), undefined);
  });

  it('anything else is not retried: a bad request, a bad key, a stop', () => {
    for (const kind of ['badRequest', 'quota', 'auth', 'keyInvalid', 'notFound', 'aborted', 'unknown'] as const) {
      assert.equal(retryDelay(err(kind), 0, 0, {}), undefined, kind);
    }
  });

  it('backoff is base × 2^n', () => {
    assert.deepEqual([0, 1, 5].map((n) => backoff(n, { backoffMs: 3 })), [3, 6, 96]);
  });
});
