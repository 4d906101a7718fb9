import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';

describe('shared-state configuration', () => {
  it('defaults to state in this process, an index reconciled every minute and the planner switch at 200', () => {
    expect(loadConfig({}).shared).toEqual({ redisKeyPrefix: 'sessions-graphql:', reconcileIntervalMs: 60_000, inboxListMaxSessions: 200 });
  });

  it('takes a Redis URL, a key prefix, an interval and a switch', () => {
    const c = loadConfig({ REDIS_URL: 'rediss://cache.internal:6380/2', REDIS_KEY_PREFIX: 'prod:', RECONCILE_INTERVAL_MS: '30000', INBOX_LIST_MAX_SESSIONS: '0' });
    expect(c.shared).toEqual({ redisUrl: 'rediss://cache.internal:6380/2', redisKeyPrefix: 'prod:', reconcileIntervalMs: 30_000, inboxListMaxSessions: 0 });
  });

  it.each([
    ['REDIS_URL', 'http://cache.internal:6379'],
    ['REDIS_URL', 'not a url'],
    ['RECONCILE_INTERVAL_MS', '10'],
    ['INBOX_LIST_MAX_SESSIONS', '-1'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});
