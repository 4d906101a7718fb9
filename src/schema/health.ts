import { requireCaller } from '../context/context.js';
import type { ElizaHealth } from '../upstream/eliza/types.js';
import { builder } from './builder.js';

const AgentSessionsHealthRef = builder.objectRef<ElizaHealth>('AgentSessionsHealth');

AgentSessionsHealthRef.implement({
  description: 'Counters of the ElizaOS Sessions API, across all users. Holds no user data.',
  fields: (t) => ({
    status: t.exposeString('status', { description: 'The upstream’s own status word (`healthy`).' }),
    activeSessions: t.exposeInt('activeSessions', { description: 'Live sessions of all users.' }),
    expiringSoon: t.exposeInt('expiringSoon', {
      description: 'Live sessions near expiration that the upstream has not yet marked as warned.',
    }),
    invalidSessions: t.exposeInt('invalidSessions', {
      description: 'Sessions the upstream found inconsistent (0 when it does not report any).',
    }),
    timestamp: t.field({ type: 'DateTime', description: 'When the upstream answered.', resolve: (h) => h.timestamp }),
    uptimeSeconds: t.exposeFloat('uptimeSeconds', { description: 'How long the upstream server has run.' }),
  }),
});

builder.queryFields((t) => ({
  agentSessionsHealth: t.field({
    type: AgentSessionsHealthRef,
    nullable: true,
    description:
      'For operators: the ElizaOS Sessions API’s health counters. It reveals no user data, but still needs ' +
      'an authenticated caller (UNAUTHENTICATED otherwise) so that anonymous clients cannot use the facade ' +
      'to spend the upstream’s shared rate limit. One upstream call, never cached.',
    resolve: (_root, _args, ctx) => {
      requireCaller(ctx);
      return ctx.clients.eliza.health(ctx.signal);
    },
  }),
}));
