/**
 * The two Socket.IO events of ElizaOS 1.7.2 the facade follows, zod-parsed, and their typed form:
 * `messageStreamChunk {messageId, chunk, index, agentId, channelId}` and `messageBroadcast` (the
 * stored reply: its `id` and `createdAt` equal the stored message's; the channel is in `roomId`).
 */
import { z } from 'zod';

const MAX_TEXT = 1_000_000;

export const streamChunkEventSchema = z.object({
  messageId: z.string().min(1).max(100),
  chunk: z.string().max(MAX_TEXT),
  index: z.number().int().nonnegative(),
  agentId: z.string().max(100).optional(),
  channelId: z.string().min(1).max(100),
});

export const broadcastEventSchema = z
  .object({
    id: z.string().min(1).max(100),
    senderId: z.string().min(1).max(100),
    senderName: z.string().max(1000).optional(),
    text: z.string().max(MAX_TEXT).nullish(),
    roomId: z.string().min(1).max(100).optional(),
    channelId: z.string().min(1).max(100).optional(),
    createdAt: z.number().int().nonnegative(),
    source: z.string().max(200).optional(),
    thought: z.string().max(MAX_TEXT).nullish(),
    actions: z.array(z.string().max(200)).max(100).nullish(),
  })
  .refine((b) => (b.roomId ?? b.channelId) !== undefined, { message: 'roomId or channelId required' });

/** A piece of an agent's reply while the model writes it; joined in `index` order they make the text. */
export interface ElizaReplyChunk {
  type: 'chunk';
  channelId: string;
  /** The id the reply is stored under. */
  messageId: string;
  index: number;
  text: string;
  agentId: string | null;
}

/** A message pushed to a channel whole: for an agent's reply, the stored message. */
export interface ElizaChannelMessage {
  type: 'broadcast';
  channelId: string;
  id: string;
  senderId: string;
  senderName: string | null;
  text: string;
  /** Epoch ms, equal to the stored message's `createdAt`. */
  createdAt: number;
  source: string | null;
  thought: string | null;
  actions: string[];
}

export type ElizaChannelEvent = ElizaReplyChunk | ElizaChannelMessage;

export function parseChunkEvent(raw: unknown): ElizaReplyChunk | null {
  const p = streamChunkEventSchema.safeParse(raw);
  if (!p.success) return null;
  const c = p.data;
  return { type: 'chunk', channelId: c.channelId, messageId: c.messageId, index: c.index, text: c.chunk, agentId: c.agentId ?? null };
}

export function parseBroadcastEvent(raw: unknown): ElizaChannelMessage | null {
  const p = broadcastEventSchema.safeParse(raw);
  if (!p.success) return null;
  const b = p.data;
  return {
    type: 'broadcast',
    channelId: (b.roomId ?? b.channelId)!,
    id: b.id,
    senderId: b.senderId,
    senderName: b.senderName ?? null,
    text: b.text ?? '',
    createdAt: b.createdAt,
    source: b.source ?? null,
    thought: b.thought ?? null,
    actions: b.actions ?? [],
  };
}
