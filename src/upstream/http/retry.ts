import type { IncomingHttpHeaders } from 'node:http';
import { abortError } from './abort.js';
import { headerValue } from './headers.js';

/**
 * `Retry-After` as delay-seconds or an HTTP-date, else `RateLimit-Reset` as delay-seconds.
 * Returns undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: IncomingHttpHeaders, now: number): number | undefined {
  const retryAfter = headerValue(headers, 'retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headerValue(headers, 'ratelimit-reset')?.trim();
  if (reset && /^\d+$/.test(reset)) return Number(reset) * 1000;
  return undefined;
}

export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? abortError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(handle);
      reject(signal?.reason ?? abortError());
    };
    const handle = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
