import { parseConnectionArgs } from '../domain/connection-args.js';
import { sumvinMessageCursors } from '../domain/cursor.js';
import { pageSumvinMessages } from '../domain/message-pages.js';
import { builder } from './builder.js';
import { knownCount } from './chat-plan.js';
import { ChatSessionRef, MessageConnection, ProviderEnum, SessionRef } from './refs.js';
import { SESSION_FIELD_DOCS } from './session.js';

builder.node(ChatSessionRef, {
  description: 'A Sumvin chat session: a durable conversation whose messages the client writes.',
  interfaces: [SessionRef],
  id: { resolve: (s) => s.id },
  fields: (t) => ({
    upstreamId: t.exposeString('id', {
      description: 'The id Sumvin knows the session by (`cs-…`). Not the global id: inputs take `id` (as `sessionId`).',
    }),
    preview: t.exposeString('preview', { nullable: true, description: 'A short excerpt of the latest message with text.' }),
    updatedAt: t.field({ type: 'DateTime', resolve: (s) => s.updatedAt }),
    metadata: t.field({
      type: 'JSONObject',
      nullable: true,
      description: 'Sumvin’s own metadata for the session (`sv_meta`), when it sends any.',
      resolve: (s) => s.svMeta,
    }),
    // the Session fields, as Sumvin has them
    provider: t.field({ type: ProviderEnum, resolve: () => 'sumvin' as const }),
    title: t.exposeString('title', { nullable: true, description: SESSION_FIELD_DOCS.title }),
    createdAt: t.field({ type: 'DateTime', resolve: (s) => s.createdAt }),
    lastActivityAt: t.field({ type: 'DateTime', description: SESSION_FIELD_DOCS.lastActivityAt, resolve: (s) => s.updatedAt }),
    messageCount: t.exposeInt('messageCount', { description: 'How many messages the session has (Sumvin always says).' }),
    messages: t.field({
      type: MessageConnection,
      description: SESSION_FIELD_DOCS.messages,
      args: t.arg.connectionArgs(),
      resolve: (s, args, ctx) => {
        const req = parseConnectionArgs(args, (c, f) => sumvinMessageCursors.decode(c, f, s.id));
        return pageSumvinMessages(req, s.id, knownCount(s), (offset, limit) =>
          ctx.loaders.sumvin.messages.load({ sessionId: s.id, offset, limit }),
        );
      },
    }),
  }),
});
