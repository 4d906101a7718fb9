import { z } from 'zod';
import type { Context } from '../context/context.js';
import { InputError, NotFoundError } from '../errors/classes.js';
import { fromElizaMessage, fromSumvinMessage, type MessageNode } from '../domain/messages.js';
import { classifyPart } from '../domain/parts.js';
import { builder, nodeLoaders } from './builder.js';
import { MessagePartUnion } from './parts.js';
import { MessageRef, MessageRoleEnum, ProviderEnum, SessionRef } from './refs.js';

/** The local part of a message's global id: provider, session, message, and for Eliza its time. */
const localId = z.union([
  z.tuple([z.literal('s'), z.string().min(1), z.string().min(1)]),
  z.tuple([z.literal('e'), z.string().min(1), z.string().min(1), z.number().int().min(0)]),
]);

export function messageLocalId(m: MessageNode): string {
  return JSON.stringify(m.provider === 'sumvin' ? ['s', m.sessionId, m.messageId] : ['e', m.sessionId, m.messageId, m.createdAt]);
}

/** Finds one message by its local id with one upstream call (none when the session is cached). */
export async function loadMessage(id: string, ctx: Context): Promise<MessageNode> {
  let parsed: z.infer<typeof localId>;
  try {
    parsed = localId.parse(JSON.parse(id));
  } catch {
    throw new InputError('id', 'not a valid global id');
  }
  if (parsed[0] === 's') {
    const [, sessionId, messageId] = parsed;
    const session = await ctx.loaders.sumvin.sessionWithMessages.load(sessionId);
    const hit = session.messages?.find((m) => m.messageId === messageId);
    if (!hit) throw new NotFoundError('sumvin', 'message');
    return fromSumvinMessage(hit);
  }
  const [, sessionId, messageId, createdAt] = parsed;
  await ctx.loaders.eliza.session.load(sessionId);
  const page = await ctx.loaders.eliza.messages.load({ sessionId, limit: 20, before: createdAt + 1 });
  const hit = page.messages.find((m) => m.id === messageId);
  if (!hit) throw new NotFoundError('eliza', 'message');
  return fromElizaMessage(hit);
}

builder.node(MessageRef, {
  description: 'One message of a session, from either provider.',
  id: { resolve: messageLocalId },
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'messageId' in v && 'rawRole' in v,
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, nullable: false, resolve: (m) => m.provider }),
    messageId: t.exposeString('messageId', {
      nullable: false,
      description: 'The id the upstream knows the message by (Sumvin: the client’s message id; Eliza: its UUID).',
    }),
    role: t.field({ type: MessageRoleEnum, nullable: false, resolve: (m) => m.role }),
    rawRole: t.exposeString('rawRole', { nullable: false, description: 'The role exactly as stored upstream.' }),
    text: t.exposeString('text', { nullable: true, description: 'The text of all text parts, or null when there is none.' }),
    parts: t.field({
      type: [MessagePartUnion],
      nullable: false,
      resolve: (m) => m.parts.map(classifyPart),
    }),
    toolNames: t.exposeStringList('toolNames', { nullable: false }),
    createdAt: t.field({ type: 'DateTime', nullable: false, resolve: (m) => m.createdAt }),
    sequence: t.exposeInt('sequence', { nullable: true, description: 'Position in the session where the upstream numbers messages (Sumvin).' }),
    metadata: t.field({ type: 'JSONObject', nullable: true, resolve: (m) => m.metadata }),
    authorId: t.exposeString('authorId', { nullable: true, description: 'Eliza only: the author’s id (user or agent).' }),
    session: t.field({
      type: SessionRef,
      nullable: true,
      description: 'The session this message belongs to.',
      resolve: (m, _args, ctx) =>
        m.provider === 'sumvin' ? ctx.loaders.sumvin.session.load(m.sessionId) : ctx.loaders.eliza.session.load(m.sessionId),
    }),
  }),
});

nodeLoaders.set('Message', loadMessage);
