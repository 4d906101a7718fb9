import { classifyPart } from '../domain/parts.js';
import { builder } from './builder.js';
import { loadNodeOf, messageLocalId } from './node.js';
import { MessagePartUnion } from './message-parts.js';
import { MessageRef, MessageRoleEnum, ProviderEnum, SessionRef } from './refs.js';

builder.node(MessageRef, {
  description: 'One message of a session, from either provider.',
  id: { resolve: messageLocalId },
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, resolve: (m) => m.provider }),
    messageId: t.exposeString('messageId', {
      description: 'The id the upstream knows the message by (Sumvin: the client’s message id; Eliza: its UUID).',
    }),
    role: t.field({ type: MessageRoleEnum, resolve: (m) => m.role }),
    rawRole: t.exposeString('rawRole', { description: 'The role exactly as stored upstream.' }),
    text: t.exposeString('text', { nullable: true, description: 'The text of all text parts, or null when there is none.' }),
    parts: t.field({ type: [MessagePartUnion], resolve: (m) => m.parts.map(classifyPart) }),
    toolNames: t.exposeStringList('toolNames'),
    createdAt: t.field({ type: 'DateTime', resolve: (m) => m.createdAt }),
    sequence: t.exposeInt('sequence', { nullable: true, description: 'Position in the session where the upstream numbers messages (Sumvin).' }),
    metadata: t.field({ type: 'JSONObject', nullable: true, resolve: (m) => m.metadata }),
    authorId: t.exposeString('authorId', { nullable: true, description: 'Eliza only: the author’s id (user or agent).' }),
    session: t.field({
      type: SessionRef,
      nullable: true,
      description: 'The session this message belongs to.',
      resolve: (m, _args, ctx) => loadNodeOf(m.provider === 'sumvin' ? 'ChatSession' : 'AgentSession', m.sessionId, ctx),
    }),
  }),
});
