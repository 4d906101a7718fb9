/**
 * `GET /api/messaging/channels/{channelId}/messages`, as observed on ElizaOS 1.7.2
 * (shared/eliza-socketio.md): `{success, data: {messages}}`, newest first, where an agent's reply
 * carries `inReplyToRootMessageId`, the id of the user message it answers. The session endpoints
 * show that link nowhere else. [ASSUME] `limit` (default 50, at most 100) as on the sessions
 * router, and an unknown channel answers 404 with the sessions router's error body.
 */
import type { Route } from '../http.js';
import { safeParseInt } from './config.js';
import { SessionError } from './errors.js';
import { json } from './pipeline.js';
import type { RouteKit } from './route-kit.js';
import { iso } from './store.js';

const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 50;

export function channelMessagesRoute({ state, api }: RouteKit): Route {
  const { store } = state;
  return api('GET', '/api/messaging/channels/:channelId/messages', (req) => {
    const channelId = decodeURIComponent(req.rawPath.split('/')[4] ?? '');
    if (!store.channels.has(channelId)) throw new SessionError('NOT_FOUND', `Channel '${channelId}' not found`, 404);
    const limitRaw = req.query.get('limit');
    const limit = limitRaw ? safeParseInt(limitRaw, DEFAULT_LIMIT, 1, MAX_LIMIT) : DEFAULT_LIMIT;
    const messages = store.messagesForChannel(channelId, limit).map((m) => ({
      id: m.id,
      channelId: m.channelId,
      authorId: m.authorId,
      content: m.content,
      rawMessage: m.rawMessage,
      sourceType: m.sourceType,
      inReplyToRootMessageId: m.inReplyTo ?? null,
      metadata: m.metadata,
      createdAt: iso(m.createdAt),
    }));
    return json(200, { success: true, data: { messages } });
  });
}
