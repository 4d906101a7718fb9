import type { Route } from '../http.js';
import { json } from './pipeline.js';
import { SESSIONS, type RouteKit } from './route-kit.js';
import { iso } from './store.js';

/** `/healthz` and the sessions health endpoint. */
export function healthRoutes({ state, api }: RouteKit): Route[] {
  const { store, controls } = state;
  return [
    {
      method: 'GET',
      pattern: '/healthz',
      handler: () => json(200, { status: 'ok', timestamp: iso(controls.clock.now()) }),
    },

    api('GET', `${SESSIONS}/health`, (_req, { now }) => {
      let activeSessions = 0;
      let expiringSoon = 0;
      for (const s of store.sessions.values()) {
        if (s.expiresAt > now) {
          activeSessions += 1;
          if (store.shouldWarn(s, now)) expiringSoon += 1;
        }
      }
      return json(200, {
        status: 'healthy',
        activeSessions,
        timestamp: iso(now),
        expiringSoon,
        uptime: (performance.now() - state.startedAt) / 1000,
      });
    }),
  ];
}
