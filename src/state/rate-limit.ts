import { BurstyRateLimiter, RateLimiterRes } from 'rate-limiter-flexible';
import type { SharedStore } from './store.js';

export interface CallerLimiter {
  /** Counts one operation for `key`; 0 when allowed, else the milliseconds until one is free. */
  take(key: string): Promise<number>;
}

export interface CallerLimitOptions {
  /** Unique per limiter in the store. */
  name: string;
  perMinute: number;
  /** Operations allowed at once on top of the steady rate. Default perMinute / 6. */
  burst?: number;
  /** Told once a minute at most while the store fails and operations are let through. */
  onStoreError?: (err: unknown) => void;
}

/**
 * One limit per caller across every instance, counted in the shared store (rate-limiter-flexible):
 * a steady rate of `perMinute / 60` a second (fixed windows of one second, longer below 60 a
 * minute) plus a burst allowance
 * that refills every minute. When the store cannot count, the operation is let through (fail
 * open) and a warning is logged: an outage of the store must not stop the API.
 */
export function createCallerLimiter(store: SharedStore, opts: CallerLimitOptions): CallerLimiter {
  // under 60 a minute, the steady rate is one per 60 / perMinute seconds
  const steady = Math.max(1, Math.ceil(opts.perMinute / 60));
  const window = opts.perMinute >= 60 ? 1 : Math.ceil(60 / opts.perMinute);
  const burst = Math.max(steady, opts.burst ?? Math.ceil(opts.perMinute / 6));
  const base = store.rateLimiter({ keyPrefix: `${opts.name}:s`, points: steady, durationSeconds: window });
  const limiter =
    burst > steady
      ? new BurstyRateLimiter(base, store.rateLimiter({ keyPrefix: `${opts.name}:b`, points: burst - steady, durationSeconds: 60 }))
      : base;
  let lastWarning = -Infinity;
  return {
    async take(key) {
      try {
        await limiter.consume(key);
        return 0;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return Math.max(1, rejection.msBeforeNext);
        if (Date.now() - lastWarning >= 60_000) {
          lastWarning = Date.now();
          try {
            opts.onStoreError?.(rejection);
          } catch {
            // logging must never fail an operation
          }
        }
        return 0;
      }
    },
  };
}
