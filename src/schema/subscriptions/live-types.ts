/** The event types of `sessionEvents` and `inboxEvents`; they carry the same types as the queries. */
import type { LiveEvent, LiveSession } from '../../state/live/events.js';
import { builder } from '../builder.js';
import { encodeGlobalId, tagged } from '../node.js';
import { AgentSessionRef, MessageRef, ProviderEnum, SessionRef } from '../refs.js';

type Of<T extends LiveEvent['type']> = Extract<LiveEvent, { type: T }>;

const globalIdOf = (provider: 'eliza' | 'sumvin', id: string) => encodeGlobalId(provider === 'eliza' ? 'AgentSession' : 'ChatSession', id);
const sessionOf = (e: LiveSession) =>
  e.provider === 'eliza' ? tagged('AgentSession', { ...e.session }) : tagged('ChatSession', { ...e.session });

export const MessageAddedRef = builder.objectRef<Of<'message'>>('MessageAdded').implement({
  description: 'A message was added to the session (by anyone: this client, another one, or the agent).',
  fields: (t) => ({
    sessionId: t.id({ description: 'Global id of the session.', resolve: (e) => globalIdOf(e.provider, e.sessionId) }),
    message: t.field({ type: MessageRef, description: 'The message as `messages` returns it.', resolve: (e) => e.message }),
  }),
});

export const SessionCreatedRef = builder.objectRef<Of<'created'>>('SessionCreated').implement({
  description: 'The caller has a new session.',
  fields: (t) => ({ session: t.field({ type: SessionRef, resolve: (e) => sessionOf(e) }) }),
});

export const SessionUpdatedRef = builder.objectRef<Of<'updated'>>('SessionUpdated').implement({
  description: 'The session changed: title, expiry (renew, heartbeat, a message), or timeout settings.',
  fields: (t) => ({ session: t.field({ type: SessionRef, resolve: (e) => sessionOf(e) }) }),
});

export const AgentSessionExpiringRef = builder.objectRef<Of<'expiring'>>('AgentSessionExpiring').implement({
  description:
    'The agent session is within its warning threshold (timeoutConfig.warningThresholdMinutes) of expiring. ' +
    'Renew it, send a heartbeat, or a message (with auto-renew), to keep it.',
  fields: (t) => ({
    session: t.field({ type: AgentSessionRef, resolve: (e) => tagged('AgentSession', { ...e.session }) }),
    expiresAt: t.field({ type: 'DateTime', resolve: (e) => e.session.expiresAt }),
  }),
});

export const RemovedReasonEnum = builder.enumType('SessionRemovedReason', {
  values: {
    ENDED: { description: 'An agent session was ended (endAgentSession).' },
    DELETED: { description: 'A chat session was deleted (deleteChatSession).' },
    EXPIRED: { description: 'An agent session expired.' },
  } as const,
});

export const SessionRemovedRef = builder.objectRef<Of<'removed'>>('SessionRemoved').implement({
  description: 'The session is gone; a `sessionEvents` stream ends after this event.',
  fields: (t) => ({
    sessionId: t.id({ description: 'Global id of the session.', resolve: (e) => globalIdOf(e.provider, e.sessionId) }),
    provider: t.field({ type: ProviderEnum, resolve: (e) => e.provider }),
    reason: t.field({ type: RemovedReasonEnum, resolve: (e) => e.reason }),
  }),
});

const refOf = (e: LiveEvent) =>
  e.type === 'message'
    ? MessageAddedRef
    : e.type === 'created'
      ? SessionCreatedRef
      : e.type === 'updated'
        ? SessionUpdatedRef
        : e.type === 'expiring'
          ? AgentSessionExpiringRef
          : SessionRemovedRef;

export const SessionEventRef = builder.unionType('SessionEvent', {
  description: 'One event of `sessionEvents`.',
  types: [MessageAddedRef, SessionUpdatedRef, AgentSessionExpiringRef, SessionRemovedRef],
  resolveType: (e) => refOf(e as LiveEvent) as never,
});

export const InboxEventRef = builder.unionType('InboxEvent', {
  description: 'One event of `inboxEvents`.',
  types: [SessionCreatedRef, SessionUpdatedRef, SessionRemovedRef],
  resolveType: (e) => refOf(e as LiveEvent) as never,
});
