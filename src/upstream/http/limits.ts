/** Limits from the reliability policy, in one place. */
export const UPSTREAM_DEFAULTS = {
  connections: 100,
  connectTimeoutMs: 2_000,
  keepAliveTimeoutMs: 4_000,
  keepAliveMaxTimeoutMs: 60_000,
  attemptMs: 5_000,
  budgetMs: 15_000,
  maxResponseBytes: 2 * 1024 * 1024,
  maxErrorBodyBytes: 64 * 1024,
  maxRetries: 2,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
} as const;
