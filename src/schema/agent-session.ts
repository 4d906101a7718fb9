import type { Context } from '../context/context.js';
import { builder, nodeLoaders } from './builder.js';
import { AgentSessionRef, SessionRef, TimeoutConfigRef } from './refs.js';

TimeoutConfigRef.implement({
  description: 'How an agent session expires.',
  fields: (t) => ({
    timeoutMinutes: t.exposeInt('timeoutMinutes', { nullable: false, description: 'Idle time before expiry (5..1440).' }),
    autoRenew: t.exposeBoolean('autoRenew', { nullable: false, description: 'Whether activity extends the session.' }),
    maxDurationMinutes: t.exposeInt('maxDurationMinutes', { nullable: false, description: 'Hard cap on the session’s life.' }),
    warningThresholdMinutes: t.exposeInt('warningThresholdMinutes', {
      nullable: false,
      description: 'How long before expiry the session counts as near expiration.',
    }),
  }),
});

const AgentSessionStatus = builder.enumType('AgentSessionStatus', {
  values: {
    ACTIVE: { value: 'ACTIVE', description: 'Live: messages can be sent.' },
    EXPIRED: { value: 'EXPIRED', description: 'Past its expiry time: create a new session to go on.' },
  } as const,
});

builder.node(AgentSessionRef, {
  description: 'An ElizaOS agent session: a live conversation with an agent, which expires when idle.',
  interfaces: [SessionRef],
  id: { resolve: (s) => s.sessionId },
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'sessionId' in v && 'expiresAt' in v,
  fields: (t) => ({
    sessionId: t.exposeString('sessionId', { nullable: false, description: 'The session’s UUID on the ElizaOS server.' }),
    agentId: t.exposeString('agentId', { nullable: false }),
    channelId: t.exposeString('channelId', { nullable: false, description: 'The channel that keeps the history.' }),
    expiresAt: t.field({ type: 'DateTime', nullable: false, resolve: (s) => s.expiresAt }),
    timeRemaining: t.int({
      nullable: false,
      description: 'Milliseconds until expiry, as of this response (0 when expired).',
      resolve: (s, _args, ctx) => Math.max(0, s.expiresAt - ctx.now()),
    }),
    isNearExpiration: t.exposeBoolean('isNearExpiration', { nullable: false }),
    renewalCount: t.exposeInt('renewalCount', { nullable: false }),
    timeoutConfig: t.field({ type: TimeoutConfigRef, nullable: false, resolve: (s) => s.timeoutConfig }),
    metadata: t.field({ type: 'JSONObject', nullable: false, resolve: (s) => s.metadata }),
    status: t.field({
      type: AgentSessionStatus,
      nullable: false,
      resolve: (s, _args, ctx) => (s.expiresAt > ctx.now() ? 'ACTIVE' : 'EXPIRED'),
    }),
  }),
});

nodeLoaders.set('AgentSession', (id: string, ctx: Context) => ctx.loaders.eliza.session.load(id));
