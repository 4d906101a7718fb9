/**
 * The ElizaOS emulator's data as plain JSON, and back: for keeping demo data across restarts.
 * `parseElizaSnapshot` checks the whole snapshot first, so a bad one changes nothing. Sessions keep
 * their absolute expiry times: one that expired while the process was down is swept as usual.
 */
import { z } from 'zod';
import type { ElizaStoreData } from './store.js';

const json = z.record(z.string(), z.unknown());

const snapshotSchema = z.object({
  version: z.literal(1),
  sessions: z.array(
    z.object({
      id: z.string(),
      agentId: z.string(),
      channelId: z.string(),
      userId: z.string(),
      metadata: z.unknown(),
      createdAt: z.number(),
      lastActivity: z.number(),
      expiresAt: z.number(),
      timeoutConfig: z.object({
        timeoutMinutes: z.number(),
        autoRenew: z.unknown(),
        maxDurationMinutes: z.number(),
        warningThresholdMinutes: z.number(),
      }),
      renewalCount: z.number().int(),
      warned: z.boolean(),
    }),
  ),
  channels: z.array(z.object({ id: z.string(), name: z.string(), metadata: json })),
  messages: z.array(
    z.object({
      id: z.string(),
      channelId: z.string(),
      authorId: z.string(),
      content: z.string(),
      rawMessage: json,
      sourceType: z.enum(['user', 'agent_response']),
      metadata: json,
      createdAt: z.number(),
      seq: z.number().int(),
    }),
  ),
  seq: z.number().int().nonnegative(),
});

export type ElizaSnapshot = z.infer<typeof snapshotSchema>;

export function toElizaSnapshot(data: ElizaStoreData): ElizaSnapshot {
  return { version: 1, ...data };
}

/** The store data in a snapshot; throws when `data` is not a snapshot. */
export function parseElizaSnapshot(data: unknown): ElizaStoreData {
  const { version: _version, ...rest } = snapshotSchema.parse(data);
  return rest;
}
