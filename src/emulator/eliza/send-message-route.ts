import { randomUUID } from 'node:crypto';
import type { Route } from '../http.js';
import { agentReply, replyChunks, type ElizaAgent } from './agents.js';
import { invalidContent } from './errors.js';
import { json } from './pipeline.js';
import { sessionIdOf, validateMetadata } from './request-checks.js';
import { SESSIONS, type RouteKit } from './route-kit.js';
import { writeSse } from './sse.js';
import { iso, jsonb, type Session, type StoredMessage } from './store.js';

/** The central message server id the real server uses when data isolation is off. */
export const MESSAGE_SERVER_ID = '00000000-0000-0000-0000-000000000000';

/** The SSE `error` text when the model fails (the emulator's model error message). */
const MODEL_FAILURE = 'Model failed to generate a response';
const MAX_CONTENT_LENGTH = 4000;
const TRANSPORT_TYPES = ['http', 'sse', 'websocket'];
const LEGACY_MODE_MAP: Record<string, string> = { sync: 'http', stream: 'sse', websocket: 'websocket' };

function validateTransport(value: unknown): { ok: true; transport: unknown } | { ok: false; error: string } {
  if (value === undefined || value === null) return { ok: true, transport: 'websocket' };
  if (typeof value !== 'string') return { ok: false, error: `Invalid transport type "${typeof value}". Transport must be a string.` };
  if (TRANSPORT_TYPES.includes(value)) return { ok: true, transport: value };
  if (value in LEGACY_MODE_MAP) return { ok: true, transport: LEGACY_MODE_MAP[value] };
  const all = [...new Set([...TRANSPORT_TYPES, ...Object.keys(LEGACY_MODE_MAP)])];
  return { ok: false, error: `Invalid transport "${value}". Must be one of: ${all.join(', ')}` };
}

/** A user message to a session, answered over the transport it asks for. */
export function sendMessageRoute({ state, findAgent, liveSession, api }: RouteKit): Route {
  const { store, controls } = state;

  /**
   * The default (websocket) transport: the model's reply streams to the channel's room as
   * `messageStreamChunk`s (when the model streams), is stored, then goes to the room whole as
   * `messageBroadcast`, all under one id. A failing model leaves no trace at all.
   */
  const deliverAgentReply = (session: Session, agent: ElizaAgent, userMsg: StoredMessage): void => {
    if (state.model.fails) return;
    const reply = agentReply(agent, userMsg.content);
    const id = randomUUID();
    const channelId = session.channelId;
    if (state.model.streams) {
      replyChunks(reply.text).forEach((chunk, index) =>
        state.emitToChannel(channelId, 'messageStreamChunk', { messageId: id, chunk, index, agentId: agent.id, channelId }),
      );
    }
    const stored = store.addMessage({
      id,
      channelId,
      authorId: agent.id,
      content: reply.text,
      rawMessage: jsonb({ text: reply.text, thought: reply.thought, actions: reply.actions }) as Record<string, unknown>,
      sourceType: 'agent_response',
      metadata: jsonb({ agent_id: agent.id, agentName: agent.name, channelType: 'DM', isDm: true }) as Record<string, unknown>,
      createdAt: Math.max(controls.clock.now(), userMsg.createdAt + 1),
      inReplyTo: userMsg.id,
    });
    state.emitToChannel(channelId, 'messageBroadcast', {
      senderId: agent.id,
      senderName: agent.name,
      text: reply.text,
      roomId: channelId,
      serverId: MESSAGE_SERVER_ID,
      createdAt: stored.createdAt,
      source: 'agent_response',
      id,
      thought: reply.thought,
      actions: reply.actions,
    });
  };

  return api('POST', `${SESSIONS}/:sessionId/messages`, (req, { body, now }) => {
    const sessionId = sessionIdOf(req);
    // Property access on a missing body throws a TypeError, as in the real handler (→ 500).
    const b = body as Record<string, unknown>;
    const t = validateTransport(b.transport ?? b.mode);
    if (!t.ok) throw invalidContent(t.error);
    if (typeof b.content !== 'string') throw invalidContent('Invalid message request format');
    const session = liveSession(sessionId, now);
    const content = b.content;
    if (content.length === 0) throw invalidContent('Content cannot be empty');
    if (content.length > MAX_CONTENT_LENGTH) {
      throw invalidContent(`Content exceeds maximum length of ${MAX_CONTENT_LENGTH} characters`);
    }
    if (b.metadata) validateMetadata(b.metadata);

    const wasRenewed = store.renew(session, now);
    if (!session.timeoutConfig.autoRenew) session.lastActivity = now;
    if (store.shouldWarn(session, now)) session.warned = true;

    const channelMetadata = store.channels.get(session.channelId)?.metadata ?? {};
    const mergedMetadata = { ...channelMetadata, sessionId, ...((b.metadata || {}) as object) };
    const rawMessage = { content, attachments: b.attachments };
    const stored = store.addMessage({
      id: randomUUID(),
      channelId: session.channelId,
      authorId: session.userId,
      content,
      rawMessage: jsonb(rawMessage) as Record<string, unknown>,
      sourceType: 'user',
      metadata: jsonb(mergedMetadata) as Record<string, unknown>,
      createdAt: now,
    });
    const userMessage = {
      id: stored.id,
      channel_id: session.channelId,
      message_server_id: MESSAGE_SERVER_ID,
      author_id: session.userId,
      content,
      created_at: stored.createdAt,
      source_type: 'user',
      raw_message: rawMessage,
      metadata: mergedMetadata,
    };
    const sessionStatus = {
      expiresAt: iso(session.expiresAt),
      renewalCount: session.renewalCount,
      wasRenewed,
      isNearExpiration: store.shouldWarn(session, now),
    };
    const agent = findAgent(session.agentId);
    const reply = agent && !state.model.fails ? agentReply(agent, content) : undefined;

    if (t.transport === 'sse') {
      const events: Array<{ event: string; data: unknown }> = [{ event: 'user_message', data: userMessage }];
      if (reply) {
        const messageId = randomUUID();
        if (state.model.streams) {
          replyChunks(reply.text).forEach((chunk, index) => events.push({ event: 'chunk', data: { messageId, chunk, index } }));
        }
        events.push({ event: 'done', data: reply });
      } else {
        const error = agent ? MODEL_FAILURE : `Agent ${session.agentId} not found`;
        events.push({ event: 'error', data: { error } });
      }
      return { status: 200, stream: (res) => writeSse(res, {}, events) };
    }
    if (t.transport === 'http') {
      if (!reply) return json(500, { success: false, error: 'Failed to process message in HTTP transport' });
      return json(201, { success: true, userMessage, agentResponse: reply, sessionStatus });
    }
    if (agent) {
      if (state.replyDelayMs <= 0) deliverAgentReply(session, agent, stored);
      else state.schedule(() => deliverAgentReply(session, agent, stored), state.replyDelayMs);
    }
    return json(201, { success: true, userMessage, sessionStatus });
  });
}
