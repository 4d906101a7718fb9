import { createHash, randomUUID } from 'node:crypto';

/** In-memory sessions, messages and attachments, with the derived fields computed on write. */

export type JsonObject = Record<string, unknown>;

export interface MessageInput {
  id: string;
  role: string;
  parts: JsonObject[];
  created_at?: number | null;
  metadata?: JsonObject | null;
}

export interface StoredMessage {
  /** Server id, `msg-<uuid>`. */
  id: string;
  /** The client's `MessageInput.id`. */
  messageId: string;
  role: string;
  parts: JsonObject[];
  textContent: string | null;
  toolNames: string[] | null;
  extraMetadata: JsonObject | null;
  sequence: number;
  createdAt: number;
}

export interface StoredSession {
  id: string;
  owner: string;
  title: string | null;
  createdAt: number;
  updatedAt: number;
  /** Always ordered by `sequence`: inserts append, updates replace in place. */
  messages: StoredMessage[];
  byMessageId: Map<string, StoredMessage>;
  nextSequence: number;
}

export interface StoredFile {
  id: string;
  owner: string;
  sessionId: string | null;
  filename: string;
  mediaType: string;
  bytes: Buffer;
  createdAt: number;
}

export const PREVIEW_LENGTH = 100;

/** Text of every `text` part, newline-joined; null when the message has no text part. */
export function textContentOf(parts: JsonObject[]): string | null {
  const texts: string[] = [];
  for (const p of parts) {
    if (p['type'] === 'text' && typeof p['text'] === 'string') texts.push(p['text']);
  }
  return texts.length > 0 ? texts.join('\n') : null;
}

/** Tool names in order of first use: the suffix of `tool-<name>` parts and `toolName` of `dynamic-tool` parts. */
export function toolNamesOf(parts: JsonObject[]): string[] | null {
  const names: string[] = [];
  for (const p of parts) {
    const type = p['type'];
    if (typeof type !== 'string') continue;
    let name: string | null = null;
    if (type === 'dynamic-tool') {
      if (typeof p['toolName'] === 'string' && p['toolName'] !== '') name = p['toolName'];
    } else if (type.startsWith('tool-') && type.length > 'tool-'.length) {
      name = type.slice('tool-'.length);
    }
    if (name !== null && !names.includes(name)) names.push(name);
  }
  return names.length > 0 ? names : null;
}

/** First PREVIEW_LENGTH code points of the text, with an ellipsis when cut. */
export function truncatePreview(text: string): string {
  const chars = [...text];
  if (chars.length <= PREVIEW_LENGTH) return text;
  return chars.slice(0, PREVIEW_LENGTH).join('') + '…';
}

export function previewOf(session: StoredSession): string | null {
  for (let i = session.messages.length - 1; i >= 0; i--) {
    const t = session.messages[i]!.textContent;
    if (t !== null && t.trim() !== '') return truncatePreview(t);
  }
  return null;
}

export type Lookup =
  | { kind: 'ok'; session: StoredSession }
  | { kind: 'missing' }
  | { kind: 'foreign' };

export interface UpsertResult {
  inserted: number;
  updated: number;
}

export class SumvinStore {
  /** Session ids are unique across users (an id taken by anyone answers 409 on create). */
  readonly sessions = new Map<string, StoredSession>();
  readonly files = new Map<string, StoredFile>();

  /**
   * Sumvin's order among sessions with equal `updated_at` is undocumented. By default ties are
   * listed by id; with a salt they are listed in an order that looks arbitrary (a hash of salt and
   * id) but stays the same for every request, so clients cannot depend on any particular tie order.
   */
  tieSalt: string | null = null;

  constructor(private readonly newMessageId: () => string = () => `msg-${randomUUID()}`) {}

  clear(): void {
    this.sessions.clear();
    this.files.clear();
  }

  lookup(owner: string, sessionId: string): Lookup {
    const s = this.sessions.get(sessionId);
    if (!s) return { kind: 'missing' };
    if (s.owner !== owner) return { kind: 'foreign' };
    return { kind: 'ok', session: s };
  }

  has(sessionId: string): boolean {
    return this.sessions.has(sessionId);
  }

  createSession(
    owner: string,
    id: string,
    title: string | null,
    messages: MessageInput[],
    now: number,
    serverIds?: (messageId: string) => string,
  ): StoredSession {
    const session: StoredSession = {
      id,
      owner,
      title,
      createdAt: now,
      updatedAt: now,
      messages: [],
      byMessageId: new Map(),
      nextSequence: 0,
    };
    this.applyMessages(session, messages, now, serverIds);
    this.sessions.set(id, session);
    return session;
  }

  /**
   * Upsert keyed by the client message id: a known id is replaced in place (same server id, sequence,
   * and creation time unless the input gives one); a new id is appended with the next sequence.
   * Returns how many distinct message ids were inserted and updated.
   */
  applyMessages(
    session: StoredSession,
    inputs: MessageInput[],
    now: number,
    serverIds?: (messageId: string) => string,
  ): UpsertResult {
    const inserted = new Set<string>();
    const updated = new Set<string>();
    for (const input of inputs) {
      const parts = input.parts;
      const derived = {
        role: input.role,
        parts,
        textContent: textContentOf(parts),
        toolNames: toolNamesOf(parts),
        extraMetadata: input.metadata ?? null,
      };
      const existing = session.byMessageId.get(input.id);
      if (existing) {
        const replacement: StoredMessage = {
          ...existing,
          ...derived,
          createdAt: input.created_at ?? existing.createdAt,
        };
        const index = session.messages.indexOf(existing);
        session.messages[index] = replacement;
        session.byMessageId.set(input.id, replacement);
        if (!inserted.has(input.id)) updated.add(input.id);
      } else {
        const message: StoredMessage = {
          id: serverIds ? serverIds(input.id) : this.newMessageId(),
          messageId: input.id,
          ...derived,
          sequence: session.nextSequence++,
          createdAt: input.created_at ?? now,
        };
        session.messages.push(message);
        session.byMessageId.set(input.id, message);
        inserted.add(input.id);
      }
    }
    return { inserted: inserted.size, updated: updated.size };
  }

  saveMessages(session: StoredSession, inputs: MessageInput[], now: number): number {
    const r = this.applyMessages(session, inputs, now);
    const count = r.inserted + r.updated;
    if (count > 0) session.updatedAt = Math.max(now, session.updatedAt);
    return count;
  }

  setTitle(session: StoredSession, title: string | null | undefined, now: number): void {
    if (title !== undefined) session.title = title;
    session.updatedAt = Math.max(now, session.updatedAt);
  }

  deleteSession(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  /** The caller's sessions, most recently updated first (ties: see `tieSalt`), optionally filtered by `q`. */
  listSessions(owner: string, q: string | null): StoredSession[] {
    const needle = q !== null && q !== '' ? q.toLowerCase() : null;
    const out: StoredSession[] = [];
    for (const s of this.sessions.values()) {
      if (s.owner !== owner) continue;
      if (needle !== null && !matches(s, needle)) continue;
      out.push(s);
    }
    const salt = this.tieSalt;
    const key = (s: StoredSession) => (salt === null ? s.id : createHash('sha256').update(`${salt}:${s.id}`).digest('hex'));
    const keys = new Map(out.map((s) => [s, key(s)]));
    out.sort((a, b) => b.updatedAt - a.updatedAt || (keys.get(a)! < keys.get(b)! ? -1 : keys.get(a)! > keys.get(b)! ? 1 : 0));
    return out;
  }
}

function matches(s: StoredSession, needle: string): boolean {
  if (s.title !== null && s.title.toLowerCase().includes(needle)) return true;
  return s.messages.some((m) => m.textContent !== null && m.textContent.toLowerCase().includes(needle));
}
