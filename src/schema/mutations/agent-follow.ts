/**
 * Sends an agent message with the default transport and follows the reply on the session's
 * channel (see upstream/eliza/reply-follow.ts): the reply is the one ElizaOS stores, so it stays
 * in the history under the id returned here. Both `sendAgentMessage` and `agentReply` use it; the
 * user's message and the reply are published to live subscribers.
 */
import type { Context } from '../../context/context.js';
import { fromElizaMessage, type MessageNode } from '../../domain/messages.js';
import { apiError } from '../../errors/graphql.js';
import { followReply, type FollowedReply } from '../../upstream/eliza/reply-follow.js';
import type { ElizaMessage, ElizaSendResult, ElizaSession } from '../../upstream/eliza/types.js';
import type { AgentMessage } from './agent-write-steps.js';
import { upstreamWrite } from './agent-write-steps.js';
import { publishAfterSend } from './live-publish.js';

export type FollowEvent =
  | { kind: 'accepted'; userMessage: MessageNode; sent: ElizaSendResult }
  | { kind: 'chunk'; index: number; text: string }
  | { kind: 'completed'; reply: MessageNode };

/** The stored reply as a `Message`, the way the session's history shows it. */
export function storedReplyMessage(sessionId: string, agentId: string, r: FollowedReply): MessageNode {
  const metadata: Record<string, unknown> = {};
  if (r.thought !== null) metadata.thought = r.thought;
  if (r.actions.length > 0) metadata.actions = r.actions;
  return fromElizaMessage({ id: r.id, sessionId, content: r.text, authorId: agentId, isAgent: true, createdAt: r.createdAt, metadata });
}

/** Sends, then yields `accepted`, the chunks, and `completed` with the stored reply. */
export async function* sendAndFollow(ctx: Context, session: ElizaSession, message: AgentMessage, signal: AbortSignal): AsyncGenerator<FollowEvent, void, undefined> {
  const live = ctx.live;
  if (!live) throw apiError('INTERNAL', 'Agent replies are not available on this server.');
  const { sessionId, ...body } = message;
  let sent: ElizaSendResult | null = null;
  let userMessage: ElizaMessage | null = null;
  const send = async () => {
    sent = await upstreamWrite('send', () => ctx.clients.eliza.sendMessage(sessionId, { ...body, waitForReply: false }, signal));
    userMessage = sent.userMessage;
    return { id: userMessage.id, createdAt: userMessage.createdAt };
  };
  // other instances hear of this follow, and this one of theirs (see state/live/agent-follows.ts)
  await live.follows.ready;
  const startedAt = live.now();
  const announced = live.follows.announce(session.channelId);
  for await (const e of followReply({
    othersFollowing: () => live.follows.othersFollow(session.channelId, startedAt),
    watcher: live.watcher,
    eliza: ctx.clients.eliza,
    sessionId,
    channelId: session.channelId,
    agentId: session.agentId,
    send,
    deadlineMs: live.replyDeadlineMs,
    ...(live.replyPoll ? { poll: live.replyPoll } : {}),
    signal,
  })) {
    if (e.type === 'accepted') {
      ctx.loaders.eliza.forgetSession(sessionId);
      const node = fromElizaMessage(userMessage!);
      live.publishMessage(session, node);
      publishAfterSend(ctx, session, sent!);
      yield { kind: 'accepted', userMessage: node, sent: sent! };
    } else if (e.type === 'chunk') {
      yield { kind: 'chunk', index: e.index, text: e.text };
    } else {
      announced.replied();
      const reply = storedReplyMessage(sessionId, session.agentId, e.reply);
      live.publishMessage(session, reply);
      yield { kind: 'completed', reply };
      return;
    }
  }
}
