import type { Route } from '../http.js';
import { safeParseInt } from './config.js';
import { invalidPagination } from './errors.js';
import { json } from './pipeline.js';
import { sessionIdOf } from './request-checks.js';
import { SESSIONS, type RouteKit } from './route-kit.js';
import { iso, type StoredMessage } from './store.js';

const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 50;

function simplify(msg: StoredMessage): Record<string, unknown> {
  const raw = msg.rawMessage;
  const metadata: Record<string, unknown> = { thought: raw.thought, actions: raw.actions };
  Object.assign(metadata, { ...msg.metadata, thought: raw.thought, actions: raw.actions });
  return {
    id: msg.id,
    content: msg.content,
    authorId: msg.authorId,
    isAgent: msg.sourceType === 'agent_response',
    createdAt: iso(msg.createdAt),
    metadata,
  };
}

/** A page of a session's messages, newest first. */
export function listMessagesRoute({ state, liveSession, api }: RouteKit): Route {
  const { store } = state;
  return api('GET', `${SESSIONS}/:sessionId/messages`, (req, { now }) => {
    const session = liveSession(sessionIdOf(req), now);
    const param = (name: string): string | undefined => {
      const all = req.query.getAll(name);
      return all.length === 0 ? undefined : all.join(',');
    };
    const limitRaw = param('limit');
    const beforeRaw = param('before');
    const afterRaw = param('after');
    const limit = limitRaw ? safeParseInt(limitRaw, DEFAULT_LIMIT, 1, MAX_LIMIT) : DEFAULT_LIMIT;
    const parseTs = (name: string, raw: string | undefined): number | undefined => {
      if (!raw) return undefined;
      const ts = parseInt(raw, 10);
      if (Number.isNaN(ts) || !Number.isFinite(ts)) throw invalidPagination(name, raw, 'Must be a valid timestamp');
      if (Number.isNaN(new Date(ts).getTime())) throw invalidPagination(name, raw, 'Invalid date from timestamp');
      return ts;
    };
    const before = parseTs('before', beforeRaw);
    const after = parseTs('after', afterRaw);

    let messages: StoredMessage[];
    if (after !== undefined && before !== undefined) {
      const fetchLimit = Math.min(500, limit * 10);
      messages = store
        .messagesForChannel(session.channelId, fetchLimit, before)
        .filter((m) => m.createdAt > after && m.createdAt < before)
        .slice(0, limit);
    } else if (after !== undefined) {
      const fetchLimit = Math.min(1000, limit * 20);
      const newer = store.messagesForChannel(session.channelId, fetchLimit).filter((m) => m.createdAt > after);
      messages =
        newer.length > limit
          ? newer
              .sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq)
              .slice(0, limit)
              .reverse()
          : newer;
    } else {
      messages = store.messagesForChannel(session.channelId, limit, before);
    }
    const simplified = messages.map(simplify);
    const out: Record<string, unknown> = { messages: simplified, hasMore: messages.length === limit };
    const oldest = messages[messages.length - 1];
    const newest = messages[0];
    if (oldest && newest) out.cursors = { before: oldest.createdAt, after: newest.createdAt };
    return json(200, out);
  });
}
