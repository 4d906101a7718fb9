import { z } from 'zod';

/**
 * Wire shapes of the ElizaOS Sessions API (1.7.2 router). camelCase and ISO-8601 timestamps,
 * except the snake_case `userMessage` of the send answer, whose `created_at` and the history
 * cursors are epoch ms. Unknown keys are dropped.
 */

const jsonObject = z.record(z.string(), z.unknown());
const isoTime = z.iso.datetime({ offset: true });
const epochMs = z.number().int().nonnegative();

export const timeoutConfigSchema = z.object({
  timeoutMinutes: z.number(),
  // The server copies `autoRenew` as given on create and tests it for truthiness; follow that.
  autoRenew: z.unknown().transform((v) => Boolean(v)),
  maxDurationMinutes: z.number(),
  warningThresholdMinutes: z.number(),
});
export type TimeoutConfigWire = z.infer<typeof timeoutConfigSchema>;

export const createSessionResponseSchema = z.object({
  sessionId: z.string(),
  channelId: z.string(),
  agentId: z.string(),
  userId: z.string(),
  createdAt: isoTime,
  metadata: jsonObject.nullish(),
  expiresAt: isoTime,
  timeoutConfig: timeoutConfigSchema,
});
export type CreateSessionResponse = z.infer<typeof createSessionResponseSchema>;

export const sessionInfoSchema = createSessionResponseSchema.extend({
  lastActivity: isoTime,
  renewalCount: z.number().int().nonnegative(),
  timeRemaining: z.number().nonnegative(),
  isNearExpiration: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

export const sessionListSchema = z.object({
  sessions: z.array(sessionInfoSchema),
  total: z.number().int().nonnegative().optional(),
});
export type SessionList = z.infer<typeof sessionListSchema>;

export const simplifiedMessageSchema = z.object({
  id: z.string(),
  content: z.string(),
  authorId: z.string(),
  isAgent: z.boolean(),
  createdAt: isoTime,
  metadata: jsonObject.nullish(),
});
export type SimplifiedMessage = z.infer<typeof simplifiedMessageSchema>;

export const messagePageSchema = z.object({
  messages: z.array(simplifiedMessageSchema),
  hasMore: z.boolean(),
  cursors: z.object({ before: epochMs, after: epochMs }).nullish(),
});
export type MessagePage = z.infer<typeof messagePageSchema>;

/**
 * `GET /api/messaging/channels/{channelId}/messages` (observed on ElizaOS 1.7.2): the channel's
 * messages, newest first, each with the id of the user message it answers. Only the fields read.
 */
export const channelMessagesSchema = z.object({
  success: z.literal(true),
  data: z.object({
    messages: z.array(z.object({ id: z.string(), inReplyToRootMessageId: z.string().nullish() })),
  }),
});

export const userMessageSchema = z.object({
  id: z.string(),
  author_id: z.string(),
  content: z.string(),
  created_at: epochMs,
  metadata: jsonObject.nullish(),
});
export type UserMessage = z.infer<typeof userMessageSchema>;

export const sessionStatusSchema = z.object({
  expiresAt: isoTime,
  renewalCount: z.number().int().nonnegative(),
  wasRenewed: z.boolean(),
  isNearExpiration: z.boolean(),
});
export type SessionStatus = z.infer<typeof sessionStatusSchema>;

export const sendMessageResponseSchema = z.object({
  success: z.literal(true),
  userMessage: userMessageSchema,
  agentResponse: jsonObject.nullish(),
  sessionStatus: sessionStatusSchema.nullish(),
});
export type SendMessageResponse = z.infer<typeof sendMessageResponseSchema>;

/** Data of the `transport: "sse"` events: `user_message`, `chunk`, `done` (the agent's Content) and `error`. */
export const streamChunkSchema = z.object({ chunk: z.string(), index: z.number().int().nonnegative() });
export const streamDoneSchema = jsonObject;
export const streamErrorSchema = z.object({ error: z.string() });

export const healthSchema = z.object({
  status: z.string(),
  activeSessions: z.number().int().nonnegative(),
  timestamp: isoTime,
  expiringSoon: z.number().int().nonnegative(),
  invalidSessions: z.number().int().nonnegative().optional(),
  uptime: z.number().nonnegative(),
});
export type Health = z.infer<typeof healthSchema>;

/**
 * The three error bodies the server sends: router `{error:{code,message,...}}`, middleware
 * `{success:false,error:{code,message}}`, and the API-key 401 `{error:"...",message:"..."}`.
 * `details` and `stack` are never read.
 */
export const errorBodySchema = z.union([
  z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) }),
  z.object({ error: z.string(), message: z.string().optional() }),
]);
export type ErrorBody = z.infer<typeof errorBodySchema>;
