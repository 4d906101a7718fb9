import { parseConnectionArgs } from '../domain/connection-args.js';
import { elizaMessageCursors } from '../domain/cursor.js';
import { pageElizaMessages } from '../domain/message-pages.js';
import { elizaTitle } from '../domain/session-list.js';
import { builder } from './builder.js';
import { AgentSessionRef, MessageConnection, ProviderEnum, SessionRef, TimeoutConfigRef } from './refs.js';
import { SESSION_FIELD_DOCS } from './session.js';

TimeoutConfigRef.implement({
  description: 'How an agent session expires.',
  fields: (t) => ({
    timeoutMinutes: t.exposeInt('timeoutMinutes', { description: 'Idle time before expiry (5..1440).' }),
    autoRenew: t.exposeBoolean('autoRenew', { description: 'Whether activity extends the session.' }),
    maxDurationMinutes: t.exposeInt('maxDurationMinutes', { description: 'Hard cap on the session’s life.' }),
    warningThresholdMinutes: t.exposeInt('warningThresholdMinutes', {
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
  fields: (t) => ({
    upstreamId: t.exposeString('sessionId', {
      description: 'The session’s UUID on the ElizaOS server. Not the global id: inputs take `id` (as `sessionId`).',
    }),
    agentId: t.exposeString('agentId'),
    channelId: t.exposeString('channelId', { description: 'The channel that keeps the history.' }),
    expiresAt: t.field({ type: 'DateTime', resolve: (s) => s.expiresAt }),
    timeRemaining: t.int({
      description: 'Milliseconds until expiry, as of this response (0 when expired).',
      resolve: (s, _args, ctx) => Math.max(0, s.expiresAt - ctx.now()),
    }),
    isNearExpiration: t.exposeBoolean('isNearExpiration'),
    renewalCount: t.exposeInt('renewalCount'),
    timeoutConfig: t.field({ type: TimeoutConfigRef, resolve: (s) => s.timeoutConfig }),
    metadata: t.field({ type: 'JSONObject', resolve: (s) => s.metadata }),
    status: t.field({
      type: AgentSessionStatus,
      resolve: (s, _args, ctx) => (s.expiresAt > ctx.now() ? 'ACTIVE' : 'EXPIRED'),
    }),
    // the Session fields, as ElizaOS has them
    provider: t.field({ type: ProviderEnum, resolve: () => 'eliza' as const }),
    title: t.string({ nullable: true, description: SESSION_FIELD_DOCS.title, resolve: elizaTitle }),
    createdAt: t.field({ type: 'DateTime', resolve: (s) => s.createdAt }),
    lastActivityAt: t.field({
      type: 'DateTime',
      description: SESSION_FIELD_DOCS.lastActivityAt,
      resolve: (s) => s.lastActivity,
    }),
    messageCount: t.int({ nullable: true, description: SESSION_FIELD_DOCS.messageCount, resolve: () => null }),
    messages: t.field({
      type: MessageConnection,
      description: SESSION_FIELD_DOCS.messages,
      args: t.arg.connectionArgs(),
      resolve: (s, args, ctx) => {
        const id = s.sessionId;
        const req = parseConnectionArgs(args, (c, f) => elizaMessageCursors.decode(c, f, id));
        return pageElizaMessages(req, id, (a) => ctx.loaders.eliza.messages.load({ sessionId: id, ...a }));
      },
    }),
  }),
});
