/**
 * `sessionEvents(sessionId)` and `inboxEvents`: live updates for a chat screen and for the inbox.
 * Ownership is checked before anything is joined or polled; each caller may hold at most
 * `maxSubscriptionsPerCaller` at once; a stream ends with UNAUTHENTICATED when the caller's token
 * expires. Served over SSE and graphql-ws.
 */
import { requireCaller, sumvinCallerOf, type Context } from '../../context/context.js';
import { fromSumvinMessage } from '../../domain/messages.js';
import { apiError } from '../../errors/graphql.js';
import { UpstreamError } from '../../errors/classes.js';
import type { LiveEvent } from '../../state/live/events.js';
import type { LiveServices } from '../../state/live/services.js';
import { inboxFeed, sessionFeed, type FeedItem, type FeedTarget } from '../../state/live/session-feed.js';
import type { HistoryReader } from '../../state/live/sumvin-poll.js';
import { builder } from '../builder.js';
import { decodeGlobalId, loadNodeOf } from '../node.js';
import { InboxEventRef, SessionEventRef } from './live-types.js';

function liveOf(ctx: Context): LiveServices {
  if (!ctx.live) throw apiError('INTERNAL', 'Live updates are not available on this server.');
  return ctx.live;
}

/** The caller's subscription slots; taken when the stream starts, freed when it ends. */
const slotsOf = (live: LiveServices, caller: string) => () => live.openSubscription(caller);

function resolveItem(item: FeedItem, live: LiveServices | undefined): LiveEvent {
  if (item.type === 'refused') {
    const limit = live?.maxSubscriptionsPerCaller ?? 0;
    throw apiError('RATE_LIMITED', `At most ${limit} subscriptions may be open at once; close one first.`, {
      retryable: true,
      details: { reason: 'TOO_MANY_SUBSCRIPTIONS', limit },
    });
  }
  if (item.type === 'token-expired') throw apiError('UNAUTHENTICATED', 'Authentication required: the token has expired.');
  return item;
}

builder.subscriptionField('sessionEvents', (t) =>
  t.field({
    type: SessionEventRef,
    description:
      'Live events of one session (chat or agent): MessageAdded for every new message (the caller’s own, ' +
      'other clients’, the agent’s replies), SessionUpdated, AgentSessionExpiring (within the session’s ' +
      'warning threshold), and SessionRemoved (ended, deleted or expired; the stream ends after it). Chat ' +
      'messages written by other clients directly upstream arrive through a shared history poll (fast after ' +
      'activity, backing off while quiet). Errors: NOT_FOUND for an unknown session or one the caller does ' +
      'not own (nothing is watched); RATE_LIMITED with `details.reason: TOO_MANY_SUBSCRIPTIONS`; the stream ' +
      'ends with UNAUTHENTICATED when the token expires.',
    args: { sessionId: t.arg.id({ description: 'Global id of a ChatSession or AgentSession.' }) },
    subscribe: async (_root, { sessionId }, ctx) => {
      const caller = requireCaller(ctx);
      const live = liveOf(ctx);
      const { typename, id } = decodeGlobalId(String(sessionId), 'sessionId');
      let target: FeedTarget;
      if (typename === 'AgentSession') {
        const session = await loadNodeOf('AgentSession', id, ctx);
        target = { provider: 'eliza', session, eliza: ctx.liveClients.eliza };
      } else if (typename === 'ChatSession') {
        await loadNodeOf('ChatSession', id, ctx);
        const sumvin = ctx.liveClients.sumvin;
        const who = sumvinCallerOf(caller);
        const reader: HistoryReader = async (offset, signal) => {
          let page;
          try {
            page = await sumvin.listMessages(who, id, { offset: offset ?? 0, limit: offset === null ? 1 : 100 }, signal);
          } catch (err) {
            // deleted by another client: its watchers are told, and their streams end
            if (err instanceof UpstreamError && err.kind === 'NOT_FOUND' && err.upstreamCode?.startsWith('CHT-404')) {
              live.publishRemoved('sumvin', caller.elizaUserId, id, 'DELETED');
            }
            throw err;
          }
          if (offset !== null) for (const m of page.items) live.publishSumvinMessage(caller.elizaUserId, id, fromSumvinMessage(m), false);
          return { total: page.total };
        };
        target = { provider: 'sumvin', sessionId: id, reader };
      } else {
        throw apiError('BAD_USER_INPUT', 'sessionId: not the id of a session.', { field: 'sessionId' });
      }
      return sessionFeed({ live, ownerKey: caller.elizaUserId, tokenExpiresAt: caller.expiresAt, signal: ctx.clientSignal, target, acquire: slotsOf(live, caller.elizaUserId) });
    },
    resolve: (item: FeedItem, _args, ctx) => resolveItem(item, ctx.live) as never,
  }),
);

builder.subscriptionField('inboxEvents', (t) =>
  t.field({
    type: InboxEventRef,
    description:
      'Live changes to the caller’s sessions on both providers: SessionCreated, SessionUpdated (title, ' +
      'expiry, timeout settings) and SessionRemoved (ended, deleted, expired). Errors: RATE_LIMITED with ' +
      '`details.reason: TOO_MANY_SUBSCRIPTIONS`; the stream ends with UNAUTHENTICATED when the token expires.',
    subscribe: async (_root, _args, ctx) => {
      const caller = requireCaller(ctx);
      const live = liveOf(ctx);
      return inboxFeed({ live, ownerKey: caller.elizaUserId, tokenExpiresAt: caller.expiresAt, signal: ctx.clientSignal, acquire: slotsOf(live, caller.elizaUserId) });
    },
    resolve: (item: FeedItem, _args, ctx) => resolveItem(item, ctx.live) as never,
  }),
);
