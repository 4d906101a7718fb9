/**
 * The Sumvin emulator's data as plain JSON, and back: for keeping demo data across restarts.
 * `restoreSumvin` checks the whole snapshot before touching the store, so a bad one changes nothing.
 */
import { z } from 'zod';
import type { SumvinStore, StoredMessage, StoredSession } from './store.js';

const json = z.record(z.string(), z.unknown());

const messageSchema = z.object({
  id: z.string(),
  messageId: z.string(),
  role: z.string(),
  parts: z.array(json),
  textContent: z.string().nullable(),
  toolNames: z.array(z.string()).nullable(),
  extraMetadata: json.nullable(),
  sequence: z.number().int(),
  createdAt: z.number(),
});

const snapshotSchema = z.object({
  version: z.literal(1),
  sessions: z.array(
    z.object({
      id: z.string(),
      owner: z.string(),
      title: z.string().nullable(),
      createdAt: z.number(),
      updatedAt: z.number(),
      nextSequence: z.number().int(),
      messages: z.array(messageSchema),
    }),
  ),
  files: z.array(
    z.object({
      id: z.string(),
      owner: z.string(),
      sessionId: z.string().nullable(),
      filename: z.string(),
      mediaType: z.string(),
      createdAt: z.number(),
      /** base64 */
      bytes: z.string(),
    }),
  ),
});

export type SumvinSnapshot = z.infer<typeof snapshotSchema>;

export function snapshotSumvin(store: SumvinStore): SumvinSnapshot {
  return {
    version: 1,
    sessions: [...store.sessions.values()].map((s) => ({
      id: s.id,
      owner: s.owner,
      title: s.title,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      nextSequence: s.nextSequence,
      messages: s.messages.map((m) => ({ ...m })),
    })),
    files: [...store.files.values()].map((f) => ({
      id: f.id,
      owner: f.owner,
      sessionId: f.sessionId,
      filename: f.filename,
      mediaType: f.mediaType,
      createdAt: f.createdAt,
      bytes: f.bytes.toString('base64'),
    })),
  };
}

/** Replaces the store's data with the snapshot's; throws (leaving the store as it was) when it is not one. */
export function restoreSumvin(store: SumvinStore, data: unknown): void {
  const snap = snapshotSchema.parse(data);
  store.clear();
  for (const s of snap.sessions) {
    const messages: StoredMessage[] = s.messages.map((m) => ({ ...m }));
    const session: StoredSession = {
      id: s.id,
      owner: s.owner,
      title: s.title,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      nextSequence: s.nextSequence,
      messages,
      byMessageId: new Map(messages.map((m) => [m.messageId, m])),
    };
    store.sessions.set(s.id, session);
  }
  for (const f of snap.files) store.files.set(f.id, { ...f, bytes: Buffer.from(f.bytes, 'base64') });
}
