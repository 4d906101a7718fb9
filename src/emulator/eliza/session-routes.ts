import { randomUUID } from 'node:crypto';
import type { Route } from '../http.js';
import { mergeTimeoutConfigs } from './config.js';
import { agentNotFound, invalidUuid, missingFields, sessionNotFound } from './errors.js';
import { json } from './pipeline.js';
import { isUuid, sessionIdOf, validateMetadata } from './request-checks.js';
import { SESSIONS, type RouteKit } from './route-kit.js';
import { iso, jsonb, type Session } from './store.js';

/** Create, list, read and delete sessions. */
export function sessionRoutes({ state, findAgent, agentConfig, liveSession, api }: RouteKit): Route[] {
  const { store, g } = state;
  return [
    api('POST', SESSIONS, (_req, { body, now }) => {
      const b = body as Record<string, unknown> | undefined;
      if (!b || typeof b !== 'object' || typeof b.agentId !== 'string' || typeof b.userId !== 'string') {
        throw missingFields(['agentId', 'userId']);
      }
      if (!isUuid(b.agentId)) throw invalidUuid('agentId', b.agentId);
      if (!isUuid(b.userId)) throw invalidUuid('userId', b.userId);
      const agent = findAgent(b.agentId);
      if (!agent) throw agentNotFound(b.agentId);
      if (b.metadata) validateMetadata(b.metadata);
      const timeoutConfig = mergeTimeoutConfigs(b.timeoutConfig, agentConfig(agent), g);
      const sessionId = randomUUID();
      const channelId = randomUUID();
      store.channels.set(channelId, {
        id: channelId,
        name: `session-${sessionId}`,
        metadata: jsonb({
          sessionId,
          agentId: b.agentId,
          userId: b.userId,
          timeoutConfig,
          ...((b.metadata || {}) as object),
        }) as Record<string, unknown>,
      });
      const session: Session = {
        id: sessionId,
        agentId: b.agentId,
        channelId,
        userId: b.userId,
        metadata: b.metadata || {},
        createdAt: now,
        lastActivity: now,
        expiresAt: 0,
        timeoutConfig,
        renewalCount: 0,
        warned: false,
      };
      session.expiresAt = store.expiration(session, now);
      store.sessions.set(sessionId, session);
      return json(201, {
        sessionId,
        channelId,
        agentId: session.agentId,
        userId: session.userId,
        createdAt: iso(session.createdAt),
        metadata: session.metadata,
        expiresAt: iso(session.expiresAt),
        timeoutConfig: session.timeoutConfig,
      });
    }),

    api('GET', SESSIONS, (_req, { now }) => {
      const active = [...store.sessions.values()].filter((s) => s.expiresAt > now).map((s) => store.info(s, now));
      return json(200, {
        sessions: active,
        total: active.length,
        stats: {
          totalSessions: store.sessions.size,
          activeSessions: active.length,
          expiredSessions: store.sessions.size - active.length,
        },
      });
    }),

    api('GET', `${SESSIONS}/:sessionId`, (req, { now }) => {
      const session = liveSession(sessionIdOf(req), now);
      return json(200, store.info(session, now));
    }),

    api('DELETE', `${SESSIONS}/:sessionId`, (req) => {
      const sessionId = sessionIdOf(req);
      if (!store.sessions.has(sessionId)) throw sessionNotFound(sessionId);
      store.sessions.delete(sessionId);
      return json(200, { success: true, message: `Session ${sessionId} deleted successfully` });
    }),
  ];
}
