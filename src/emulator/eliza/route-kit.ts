import type { Route } from '../http.js';
import type { ElizaAgent } from './agents.js';
import { agentTimeoutConfig, type TimeoutConfig } from './config.js';
import { sessionExpired, sessionNotFound } from './errors.js';
import { runApi, type ApiHandler } from './pipeline.js';
import type { ElizaState } from './state.js';
import { iso, type Session } from './store.js';

export const SESSIONS = '/api/messaging/sessions';

/** What the route groups share: one agent-config cache, the session lookup and the route builder. */
export interface RouteKit {
  state: ElizaState;
  findAgent(id: string): ElizaAgent | undefined;
  agentConfig(agent: ElizaAgent): TimeoutConfig;
  liveSession(sessionId: string, now: number): Session;
  api(method: string, pattern: string, handler: ApiHandler): Route;
}

export function createRouteKit(state: ElizaState): RouteKit {
  const { store, g } = state;
  const agentConfigs = new Map<string, TimeoutConfig>();

  const findAgent = (id: string) => state.agents.find((a) => a.id === id);
  const agentConfig = (agent: ElizaAgent): TimeoutConfig => {
    let c = agentConfigs.get(agent.id);
    if (!c) {
      c = agentTimeoutConfig(agent.settings, g);
      agentConfigs.set(agent.id, c);
    }
    return c;
  };

  /** Map lookup, then the lazy expiry check: an expired session is deleted and answers 410 once. */
  const liveSession = (sessionId: string, now: number): Session => {
    const session = store.sessions.get(sessionId);
    if (!session) throw sessionNotFound(sessionId);
    if (session.expiresAt <= now) {
      store.sessions.delete(sessionId);
      throw sessionExpired(sessionId, iso(session.expiresAt));
    }
    return session;
  };

  const api = (method: string, pattern: string, handler: ApiHandler): Route => ({
    method,
    pattern,
    handler: (req) => runApi(state, req, handler),
  });

  return { state, findAgent, agentConfig, liveSession, api };
}
