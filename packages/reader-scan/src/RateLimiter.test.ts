import { describe, expect, it } from 'vitest';
import { RateLimiter } from './RateLimiter.js';

describe('RateLimiter', () => {
  it('does not wait when unlimited', async () => {
    const started = Date.now();
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 100; i++) await limiter.take(1000);
    expect(Date.now() - started).toBeLessThan(50);
  });
  it('paces batches to the rate', async () => {
    const limiter = new RateLimiter(1000);
    const started = Date.now();
    await limiter.take(100); // now
    await limiter.take(100); // after 100 ms
    await limiter.take(1); // after 200 ms
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
  it('stops waiting when the signal aborts', async () => {
    const limiter = new RateLimiter(1);
    await limiter.take(100);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 20);
    const started = Date.now();
    await limiter.take(1, abort.signal);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
