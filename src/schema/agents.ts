import { requireCaller } from '../context/context.js';
import type { ElizaAgentSummary } from '../upstream/eliza/types.js';
import { builder } from './builder.js';

/** How old an agents list may be when `Query.agents` answers it from this process's cache. */
export const AGENTS_MAX_AGE_MS = 5_000;

const AgentStatus = builder.enumType('AgentStatus', {
  values: {
    ACTIVE: { value: 'active', description: 'Running: sessions with it can be created.' },
    INACTIVE: { value: 'inactive', description: 'Known to the server but stopped.' },
    UNKNOWN: { value: 'unknown', description: 'The server reported no status, or one this API does not know.' },
  } as const,
});

const AgentRef = builder.objectRef<ElizaAgentSummary>('Agent').implement({
  description:
    'An ElizaOS agent. Not a `Node`: its `id` is the agent’s UUID on the ElizaOS server, the value ' +
    '`createAgentSession(input: { agentId })` takes.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The agent’s UUID; pass it as `agentId`.' }),
    name: t.exposeString('name'),
    characterName: t.exposeString('characterName', { description: 'The character’s name (the agent name when it has none).' }),
    bio: t.exposeString('bio', { description: 'The first line of the character’s bio; empty when it has none.' }),
    status: t.field({ type: AgentStatus, resolve: (a) => a.status }),
  }),
});

builder.queryFields((t) => ({
  agents: t.field({
    type: [AgentRef],
    description:
      'The agents a user can talk to (start a conversation with `createAgentSession(input: { agentId: id })`), ' +
      `from the ElizaOS agents list. The list is kept for ${AGENTS_MAX_AGE_MS / 1000} seconds per server process, ` +
      'so a new or stopped agent can take that long to show.',
    resolve: (_root, _args, ctx) => {
      requireCaller(ctx);
      return ctx.clients.eliza.listAgents(ctx.signal, AGENTS_MAX_AGE_MS);
    },
  }),
}));
