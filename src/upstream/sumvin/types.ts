/** Sumvin chat domain shapes after parsing and mapping (camelCase, timestamps in epoch ms). */

export type JsonObject = Record<string, unknown>;

export interface SumvinMessage {
  /** Server-assigned id. */
  id: string;
  /** The client's message id (MessageInput.id); the facade keys messages by this. */
  messageId: string;
  sessionId: string;
  role: string;
  textContent: string | null;
  parts: JsonObject[];
  toolNames: string[] | null;
  metadata: JsonObject | null;
  sequence: number;
  createdAt: number;
}

export interface SumvinSession {
  id: string;
  title: string | null;
  preview: string | null;
  messageCount: number;
  createdAt: number;
  updatedAt: number;
  svMeta: JsonObject | null;
  /** Present only when the call asked for expanded messages; checked and mapped as they are read. */
  messages: SumvinMessages | null;
}

/** A session's messages in sequence order, read by position. */
export interface SumvinMessages {
  readonly length: number;
  /** Messages `from` (inclusive) to `to` (exclusive); throws UPSTREAM_BAD_RESPONSE for a malformed one. */
  slice(from: number, to: number): SumvinMessage[];
  all(): SumvinMessage[];
}

export interface OffsetPage<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

/** Who is calling: the verified token and an optional, already validated tenant. */
export interface SumvinCaller {
  token: string;
  orgId?: string;
}

export interface SumvinMessageInput {
  id: string;
  role: string;
  parts: JsonObject[];
  createdAt?: number | null;
  metadata?: JsonObject | null;
}

export interface SumvinAttachment {
  url: string;
  filename: string;
  mediaType: string;
}

export interface SumvinApi {
  listSessions(
    caller: SumvinCaller,
    args: { q?: string; offset: number; limit: number; expandMessages?: boolean; maxBytes?: number },
    signal?: AbortSignal,
  ): Promise<OffsetPage<SumvinSession>>;
  getSession(
    caller: SumvinCaller,
    id: string,
    args?: { expandMessages?: boolean; maxBytes?: number },
    signal?: AbortSignal,
  ): Promise<SumvinSession>;
  createSession(
    caller: SumvinCaller,
    args: { id: string; title?: string | null; messages: SumvinMessageInput[] },
    signal?: AbortSignal,
  ): Promise<SumvinSession>;
  /** `title: undefined` leaves it unchanged, `null` clears it. */
  updateSession(caller: SumvinCaller, id: string, args: { title?: string | null }, signal?: AbortSignal): Promise<SumvinSession>;
  deleteSession(caller: SumvinCaller, id: string, signal?: AbortSignal): Promise<void>;
  listMessages(
    caller: SumvinCaller,
    sessionId: string,
    args: { offset: number; limit: number },
    signal?: AbortSignal,
  ): Promise<OffsetPage<SumvinMessage>>;
  saveMessages(
    caller: SumvinCaller,
    sessionId: string,
    messages: SumvinMessageInput[],
    signal?: AbortSignal,
  ): Promise<{ savedCount: number }>;
  uploadAttachment(
    caller: SumvinCaller,
    args: { data: Uint8Array; filename: string; mediaType: string; sessionId?: string },
    signal?: AbortSignal,
  ): Promise<SumvinAttachment>;
}
