import type { Route } from '../http.js';
import { json } from './pipeline.js';
import type { RouteKit } from './route-kit.js';

/**
 * `GET /api/agents` as the real agents router lists them: `{success, data: {agents: [{id, name,
 * characterName, bio (first line), status}]}}`, active first, then by name. Every emulated agent has
 * a running runtime, so all are `active`. `GET /api/agents/{id}` is not emulated on purpose (the real
 * one returns the server's environment in `settings.secrets`).
 */
export function agentsRoute({ state, api }: RouteKit): Route {
  return api('GET', '/api/agents', () => {
    const agents = state.agents
      .map((a) => ({ id: a.id, name: a.name, characterName: a.name, bio: a.bio?.[0] ?? '', status: 'active' }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return json(200, { success: true, data: { agents } });
  });
}
