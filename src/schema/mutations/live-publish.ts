/**
 * Writes made through the facade, published at once to `sessionEvents` and `inboxEvents`
 * subscribers on every instance (ElizaOS announces none of them, and Sumvin has no push).
 */
import { requireCaller, type Context } from '../../context/context.js';
import { fromSumvinMessage, type MessageNode } from '../../domain/messages.js';
import type { ElizaSendResult, ElizaSession } from '../../upstream/eliza/types.js';
import type { SumvinMessageInput, SumvinSession } from '../../upstream/sumvin/types.js';

/** A saved chat message as `messages` will show it (its sequence is not known until read back). */
function chatMessageNode(sessionId: string, m: SumvinMessageInput, now: number): MessageNode {
  const text = m.parts
    .filter((p) => p.type === 'text' && typeof p.text === 'string')
    .map((p) => p.text as string)
    .join('');
  const node = fromSumvinMessage({
    id: m.id,
    messageId: m.id,
    sessionId,
    role: m.role,
    textContent: text.length > 0 ? text : null,
    parts: m.parts,
    toolNames: null,
    metadata: m.metadata ?? null,
    sequence: 0,
    createdAt: m.createdAt ?? now,
  });
  return { ...node, sequence: null };
}

export function publishChatMessages(ctx: Context, sessionId: string, messages: readonly SumvinMessageInput[]): void {
  if (!ctx.live) return;
  const owner = requireCaller(ctx).elizaUserId;
  for (const m of messages) ctx.live.publishSumvinMessage(owner, sessionId, chatMessageNode(sessionId, m, ctx.now()));
}

export function publishChatSession(ctx: Context, type: 'created' | 'updated', session: SumvinSession): void {
  ctx.live?.publishSumvinSession(type, requireCaller(ctx).elizaUserId, session);
}

export function publishChatDeleted(ctx: Context, sessionId: string): void {
  ctx.live?.publishRemoved('sumvin', requireCaller(ctx).elizaUserId, sessionId, 'DELETED');
}

export function publishAgentSession(ctx: Context, type: 'created' | 'updated', session: ElizaSession): void {
  ctx.live?.publishElizaSession(type, session);
}

export function publishAgentEnded(ctx: Context, sessionId: string): void {
  ctx.live?.publishRemoved('eliza', requireCaller(ctx).elizaUserId, sessionId, 'ENDED');
}

/** A send renews an auto-renewing session: subscribers get its new expiry (and expiry timers move). */
export function publishAfterSend(ctx: Context, session: ElizaSession, sent: ElizaSendResult): void {
  const st = sent.sessionStatus;
  if (!ctx.live || !st || st.expiresAt === session.expiresAt) return;
  ctx.live.publishElizaSession('updated', {
    ...session,
    expiresAt: st.expiresAt,
    renewalCount: st.renewalCount,
    isNearExpiration: st.isNearExpiration,
    lastActivity: Math.max(session.lastActivity, sent.userMessage.createdAt),
    timeRemaining: Math.max(0, st.expiresAt - ctx.now()),
  });
}
