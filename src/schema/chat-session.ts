import type { Context } from '../context/context.js';
import { builder, nodeLoaders } from './builder.js';
import { ChatSessionRef, SessionRef } from './refs.js';

builder.node(ChatSessionRef, {
  description: 'A Sumvin chat session: a durable conversation whose messages the client writes.',
  interfaces: [SessionRef],
  id: { resolve: (s) => s.id },
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'preview' in v && 'messageCount' in v,
  fields: (t) => ({
    sessionId: t.exposeString('id', { nullable: false, description: 'The id Sumvin knows the session by (`cs-…`).' }),
    preview: t.exposeString('preview', { nullable: true, description: 'A short excerpt of the latest message with text.' }),
    updatedAt: t.field({ type: 'DateTime', nullable: false, resolve: (s) => s.updatedAt }),
    metadata: t.field({
      type: 'JSONObject',
      nullable: true,
      description: 'Sumvin’s own metadata for the session (`sv_meta`), when it sends any.',
      resolve: (s) => s.svMeta,
    }),
  }),
});

nodeLoaders.set('ChatSession', (id: string, ctx: Context) => ctx.loaders.sumvin.session.load(id));
