import type { ElizaMessage } from '../upstream/eliza/types.js';
import type { SumvinMessage } from '../upstream/sumvin/types.js';
import { toolNamesOf, type JsonObject } from './parts.js';

export type Provider = 'sumvin' | 'eliza';
export type Role = 'USER' | 'ASSISTANT' | 'SYSTEM' | 'TOOL' | 'OTHER';

/** A message from either upstream, in the one shape the schema exposes. */
export interface MessageNode {
  provider: Provider;
  sessionId: string;
  /** Sumvin: the client's `message_id`; Eliza: the message UUID. */
  messageId: string;
  rawRole: string;
  role: Role;
  text: string | null;
  parts: JsonObject[];
  toolNames: string[];
  createdAt: number;
  sequence: number | null;
  metadata: JsonObject | null;
  /** Eliza only: who wrote it (the user's derived id or the agent id). */
  authorId: string | null;
}

const ROLES: Record<string, Role> = {
  user: 'USER',
  assistant: 'ASSISTANT',
  system: 'SYSTEM',
  tool: 'TOOL',
  tool_call: 'TOOL',
  tool_result: 'TOOL',
};

export const roleOf = (raw: string): Role => ROLES[raw.toLowerCase()] ?? 'OTHER';

export function fromSumvinMessage(m: SumvinMessage): MessageNode {
  return {
    provider: 'sumvin',
    sessionId: m.sessionId,
    messageId: m.messageId,
    rawRole: m.role,
    role: roleOf(m.role),
    text: m.textContent,
    parts: m.parts,
    toolNames: m.toolNames ?? toolNamesOf(m.parts),
    createdAt: m.createdAt,
    sequence: m.sequence,
    metadata: m.metadata,
    authorId: null,
  };
}

export function fromElizaMessage(m: ElizaMessage): MessageNode {
  const rawRole = m.isAgent ? 'assistant' : 'user';
  return {
    provider: 'eliza',
    sessionId: m.sessionId,
    messageId: m.id,
    rawRole,
    role: roleOf(rawRole),
    text: m.content,
    parts: [{ type: 'text', text: m.content }],
    toolNames: [],
    createdAt: m.createdAt,
    sequence: null,
    metadata: m.metadata,
    authorId: m.authorId,
  };
}

/** Chronological order with a stable tie-break, as every message connection lists them. */
export function compareMessages(a: MessageNode, b: MessageNode): number {
  if (a.sequence !== null && b.sequence !== null) return a.sequence - b.sequence;
  return a.createdAt - b.createdAt || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0);
}
