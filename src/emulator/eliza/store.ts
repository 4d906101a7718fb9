/**
 * In-memory state: the session map (lost on reset, like the real server's process memory) and the
 * channels and messages that outlive their sessions (the real server keeps them in its database).
 */
import { calculateExpiration, type GlobalConfig, type TimeoutConfig } from './config.js';

export interface Session {
  id: string;
  agentId: string;
  channelId: string;
  userId: string;
  metadata: unknown;
  createdAt: number;
  lastActivity: number;
  expiresAt: number;
  timeoutConfig: TimeoutConfig;
  renewalCount: number;
  /** The sweep/send "warning sent" flag; only bookkeeping, no event is emitted. */
  warned: boolean;
}

export interface Channel {
  id: string;
  name: string;
  /** Stored as the database returns JSONB: undefined members dropped, keys in JSONB order. */
  metadata: Record<string, unknown>;
}

export interface StoredMessage {
  id: string;
  channelId: string;
  authorId: string;
  content: string;
  rawMessage: Record<string, unknown>;
  sourceType: 'user' | 'agent_response';
  metadata: Record<string, unknown>;
  createdAt: number;
  /** An agent reply's user message (`inReplyToRootMessageId` on the channel's messages). */
  inReplyTo?: string;
  /** Insertion order, the tie-break for equal timestamps (later insert counts as newer). */
  seq: number;
}

/** Mimics a JSONB round trip: drops undefined, orders object keys shorter-first then bytewise. */
export function jsonb(value: unknown): unknown {
  return normalise(JSON.parse(JSON.stringify(value ?? null)));
}

function normalise(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalise);
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).sort((a, b) => {
      const la = Buffer.byteLength(a);
      const lb = Buffer.byteLength(b);
      if (la !== lb) return la - lb;
      return Buffer.compare(Buffer.from(a), Buffer.from(b));
    });
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = normalise((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Everything an ElizaStore holds, as plain data. */
export interface ElizaStoreData {
  sessions: Session[];
  channels: Channel[];
  messages: StoredMessage[];
  seq: number;
}

export class ElizaStore {
  readonly sessions = new Map<string, Session>();
  readonly channels = new Map<string, Channel>();
  private readonly messages = new Map<string, StoredMessage[]>();
  private seq = 0;

  constructor(private readonly g: GlobalConfig) {}

  clear(): void {
    this.sessions.clear();
    this.channels.clear();
    this.messages.clear();
    this.seq = 0;
  }

  /** A copy of everything held (for keeping demo data across restarts). */
  snapshot(): ElizaStoreData {
    return {
      sessions: [...this.sessions.values()].map((s) => ({ ...s })),
      channels: [...this.channels.values()].map((c) => ({ ...c })),
      messages: [...this.messages.values()].flat().map((m) => ({ ...m })),
      seq: this.seq,
    };
  }

  /** Replaces everything held with `data`, as `snapshot()` gave it. */
  restore(data: ElizaStoreData): void {
    this.clear();
    for (const s of data.sessions) this.sessions.set(s.id, { ...s });
    for (const c of data.channels) this.channels.set(c.id, { ...c });
    for (const m of data.messages) {
      const list = this.messages.get(m.channelId) ?? [];
      list.push({ ...m });
      this.messages.set(m.channelId, list);
    }
    this.seq = data.messages.reduce((next, m) => Math.max(next, m.seq + 1), data.seq);
  }

  addMessage(msg: Omit<StoredMessage, 'seq'>): StoredMessage {
    const stored: StoredMessage = { ...msg, seq: this.seq++ };
    let list = this.messages.get(msg.channelId);
    if (!list) {
      list = [];
      this.messages.set(msg.channelId, list);
    }
    list.push(stored);
    return stored;
  }

  /** Newest first, optionally only those strictly before `before`, at most `limit`. */
  messagesForChannel(channelId: string, limit: number, before?: number): StoredMessage[] {
    const list = this.messages.get(channelId) ?? [];
    return list
      .filter((m) => before === undefined || m.createdAt < before)
      .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq)
      .slice(0, limit);
  }

  channelMessageCount(channelId: string): number {
    return this.messages.get(channelId)?.length ?? 0;
  }

  expiration(session: Session, now: number): number {
    return calculateExpiration(session.createdAt, session.lastActivity, session.timeoutConfig, now, this.g);
  }

  shouldWarn(session: Session, now: number): boolean {
    if (session.warned) return false;
    const thresholdMs = (session.timeoutConfig.warningThresholdMinutes || this.g.defaultWarningThresholdMinutes) * 60_000;
    const remaining = session.expiresAt - now;
    return remaining <= thresholdMs && remaining > 0;
  }

  /** Renewal as the server's `renewSession`: refused without autoRenew or past maxDuration. */
  renew(session: Session, now: number): boolean {
    if (!session.timeoutConfig.autoRenew) return false;
    const maxDurationMs = (session.timeoutConfig.maxDurationMinutes || this.g.defaultMaxDurationMinutes) * 60_000;
    if (now - session.createdAt >= maxDurationMs) return false;
    session.lastActivity = now;
    session.renewalCount += 1;
    session.expiresAt = this.expiration(session, now);
    session.warned = false;
    return true;
  }

  info(session: Session, now: number): Record<string, unknown> {
    const timeRemaining = Math.max(0, session.expiresAt - now);
    const thresholdMs = (session.timeoutConfig.warningThresholdMinutes || this.g.defaultWarningThresholdMinutes) * 60_000;
    return {
      sessionId: session.id,
      channelId: session.channelId,
      agentId: session.agentId,
      userId: session.userId,
      createdAt: iso(session.createdAt),
      lastActivity: iso(session.lastActivity),
      metadata: session.metadata,
      expiresAt: iso(session.expiresAt),
      timeoutConfig: session.timeoutConfig,
      renewalCount: session.renewalCount,
      timeRemaining,
      isNearExpiration: timeRemaining <= thresholdMs && timeRemaining > 0,
    };
  }

  /** The periodic cleanup: deletes expired sessions silently, marks near-expiry ones as warned. */
  sweep(now: number): { deleted: number; warned: number } {
    let deleted = 0;
    let warned = 0;
    for (const [id, session] of this.sessions) {
      if (session.expiresAt <= now) {
        this.sessions.delete(id);
        deleted += 1;
      } else if (this.shouldWarn(session, now)) {
        session.warned = true;
        warned += 1;
      }
    }
    return { deleted, warned };
  }
}
