/**
 * The ten session endpoints (plus `/healthz`, the agents list and a channel's messages), each behind the same request
 * pipeline the real server runs: JSON body parsing → API key → rate limit → Content-Type check → handler.
 */
import type { Route } from '../http.js';
import { agentsRoute } from './agents-route.js';
import { channelMessagesRoute } from './channel-messages-route.js';
import { healthRoutes } from './health-routes.js';
import { lifecycleRoutes } from './lifecycle-routes.js';
import { listMessagesRoute } from './list-messages-route.js';
import { createRouteKit } from './route-kit.js';
import { sendMessageRoute } from './send-message-route.js';
import { sessionRoutes } from './session-routes.js';
import type { ElizaState } from './state.js';

export function createElizaRoutes(state: ElizaState): Route[] {
  const kit = createRouteKit(state);
  return [
    ...healthRoutes(kit),
    agentsRoute(kit),
    ...sessionRoutes(kit),
    sendMessageRoute(kit),
    listMessagesRoute(kit),
    channelMessagesRoute(kit),
    ...lifecycleRoutes(kit),
  ];
}
