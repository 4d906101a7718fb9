import type { ElizaAgentReply, ElizaMessage } from '../upstream/eliza/types.js';
import { fromElizaMessage, type MessageNode } from './messages.js';
import { uuidV5 } from './uuid-v5.js';

/** Namespace of the ids given to agent replies returned by `transport: "http"` (a fixed v4 UUID). */
export const AGENT_REPLY_NAMESPACE = '5b0c9e62-7d14-4f3a-a8e1-2c6f0b9d4e73';

/** The id of the reply to a user message: the same user message always gives the same id. */
export const replyIdOf = (userMessageId: string): string => uuidV5(userMessageId, AGENT_REPLY_NAMESPACE);

/**
 * The agent's reply returned by a send-and-wait call, as a `Message`. The upstream does not store
 * it, so it has no upstream id and no upstream time: its id is a UUID v5 of the user message id,
 * its time is when the facade received it (never before the user message), and resolving its
 * global id later with `node` gives NOT_FOUND. Every key of the agent's content other than `text`
 * (thought, actions, ...) is kept in `metadata`.
 */
export function agentReplyMessage(
  reply: ElizaAgentReply,
  userMessage: ElizaMessage,
  agentId: string,
  receivedAt: number,
): MessageNode {
  const { text: _text, ...rest } = reply.raw;
  return fromElizaMessage({
    id: replyIdOf(userMessage.id),
    sessionId: userMessage.sessionId,
    content: reply.text ?? '',
    authorId: agentId,
    isAgent: true,
    createdAt: Math.max(receivedAt, userMessage.createdAt + 1),
    metadata: rest,
  });
}

/**
 * How each agent-session write may be repeated after a failure whose outcome is unknown (a
 * timeout, a dropped connection, a 5xx or an unreadable 2xx):
 * - `send` and `create` are not idempotent: a retry could post the message twice or open a second
 *   session, so such failures say `retryable: false` and `mayHaveApplied: true`;
 * - `renew`, `heartbeat` and `timeout` (the facade always sends a complete configuration) can be
 *   repeated safely: `retryable: true`;
 * - `end` can be repeated too; after a first attempt that did apply, the repeat gives NOT_FOUND.
 */
export type AgentWrite = 'create' | 'send' | 'renew' | 'heartbeat' | 'timeout' | 'end';

/** Whether repeating the write cannot apply it twice. */
export const isRepeatable = (write: AgentWrite): boolean => write !== 'send' && write !== 'create';
