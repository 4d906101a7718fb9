import type { MessageData } from './schemas.js';
import type { SumvinMessage } from './types.js';

/** `MessageData` carries no session id, so the caller says which session it was read from. */
export function mapMessage(raw: MessageData, sessionId: string): SumvinMessage {
  return {
    id: raw.id,
    messageId: raw.message_id,
    sessionId,
    role: raw.role,
    textContent: raw.text_content ?? null,
    parts: raw.parts,
    toolNames: raw.tool_names ?? null,
    metadata: raw.extra_metadata ?? null,
    sequence: raw.sequence,
    createdAt: raw.created_at,
  };
}

