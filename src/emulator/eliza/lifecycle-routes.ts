import type { Route } from '../http.js';
import { isValidTimeoutConfig, mergeTimeoutConfigs } from './config.js';
import { invalidTimeoutConfig, renewalFailed } from './errors.js';
import { json } from './pipeline.js';
import { sessionIdOf } from './request-checks.js';
import { SESSIONS, type RouteKit } from './route-kit.js';
import { iso } from './store.js';

/** Renew, timeout settings and heartbeat of a session. */
export function lifecycleRoutes({ state, findAgent, agentConfig, liveSession, api }: RouteKit): Route[] {
  const { store, g } = state;
  return [
    api('POST', `${SESSIONS}/:sessionId/renew`, (req, { now }) => {
      const sessionId = sessionIdOf(req);
      const session = liveSession(sessionId, now);
      const previous = session.timeoutConfig.autoRenew;
      session.timeoutConfig.autoRenew = true;
      const renewed = store.renew(session, now);
      session.timeoutConfig.autoRenew = previous;
      if (!renewed) {
        throw renewalFailed(sessionId, {
          maxDuration: session.timeoutConfig.maxDurationMinutes,
          createdAt: iso(session.createdAt),
          timeSinceCreation: now - session.createdAt,
        });
      }
      return json(200, store.info(session, now));
    }),

    api('PATCH', `${SESSIONS}/:sessionId/timeout`, (req, { body, now }) => {
      const session = liveSession(sessionIdOf(req), now);
      if (!isValidTimeoutConfig(body)) throw invalidTimeoutConfig('Invalid timeout configuration format', body);
      const timeout = (body as Record<string, unknown>).timeoutMinutes;
      if (timeout !== undefined) {
        const v = Number(timeout);
        if (!Number.isNaN(v) && Number.isFinite(v) && (v < g.minTimeoutMinutes || v > g.maxTimeoutMinutes)) {
          throw invalidTimeoutConfig(`Timeout must be between ${g.minTimeoutMinutes} and ${g.maxTimeoutMinutes} minutes`, body);
        }
      }
      const agent = findAgent(session.agentId);
      session.timeoutConfig = mergeTimeoutConfigs(body, agent ? agentConfig(agent) : undefined, g);
      session.expiresAt = store.expiration(session, now);
      return json(200, store.info(session, now));
    }),

    api('POST', `${SESSIONS}/:sessionId/heartbeat`, (req, { now }) => {
      const session = liveSession(sessionIdOf(req), now);
      session.lastActivity = now;
      if (session.timeoutConfig.autoRenew) store.renew(session, now);
      return json(200, store.info(session, now));
    }),
  ];
}
