/** Deterministic demo data: sessions with history, ids derived from a counter, times from the clock. */
import { createHash } from 'node:crypto';
import { agentReply, type ElizaAgent } from './agents.js';
import { agentTimeoutConfig, mergeTimeoutConfigs, type GlobalConfig } from './config.js';
import { jsonb, type ElizaStore, type Session } from './store.js';

export interface ElizaSeed {
  sessions: Array<{
    userId: string;
    agentId?: string;
    count: number;
    messagesPerSession: number;
    metadata?: Record<string, unknown>;
  }>;
}

/** A UUID v4-shaped id derived from a name (same name, same id). */
export function seededUuid(name: string): string {
  const h = createHash('sha256').update(`eliza-emulator:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/**
 * Creates the seeded sessions. Messages alternate user/agent (user first), spaced at most a
 * minute apart and ending one spacing before `now`; every session's lastActivity is `now`, so none
 * is expired at start.
 */
export function applySeed(store: ElizaStore, seed: ElizaSeed, agents: ElizaAgent[], g: GlobalConfig, now: number): void {
  let n = 0;
  for (const entry of seed.sessions) {
    const agent = entry.agentId === undefined ? agents[0] : agents.find((a) => a.id === entry.agentId);
    if (!agent) throw new Error(`seed: unknown agent ${entry.agentId ?? '(none configured)'}`);
    const timeoutConfig = mergeTimeoutConfigs(undefined, agentTimeoutConfig(agent.settings, g), g);
    for (let i = 0; i < entry.count; i++, n++) {
      const sessionId = seededUuid(`session:${n}`);
      const channelId = seededUuid(`channel:${n}`);
      const metadata = entry.metadata ?? {};
      const m = Math.max(0, entry.messagesPerSession);
      const spacing = Math.max(1, Math.min(60_000, Math.floor(3_600_000 / Math.max(1, m))));
      const firstAt = now - m * spacing;
      const channelMetadata = jsonb({ sessionId, agentId: agent.id, userId: entry.userId, timeoutConfig, ...metadata }) as Record<
        string,
        unknown
      >;
      store.channels.set(channelId, { id: channelId, name: `session-${sessionId}`, metadata: channelMetadata });
      const session: Session = {
        id: sessionId,
        agentId: agent.id,
        channelId,
        userId: entry.userId,
        metadata,
        createdAt: m > 0 ? firstAt - 1000 : now,
        lastActivity: now,
        expiresAt: 0,
        timeoutConfig: { ...timeoutConfig },
        renewalCount: 0,
        warned: false,
      };
      session.expiresAt = store.expiration(session, now);
      if (session.expiresAt <= now + 60_000) {
        session.createdAt = now;
        session.expiresAt = store.expiration(session, now);
      }
      store.sessions.set(sessionId, session);
      let lastUser = '';
      for (let k = 0; k < m; k++) {
        const createdAt = firstAt + k * spacing;
        const id = seededUuid(`message:${n}:${k}`);
        if (k % 2 === 0) {
          lastUser = `Seed message ${k / 2 + 1} in session ${n + 1}`;
          store.addMessage({
            id,
            channelId,
            authorId: entry.userId,
            content: lastUser,
            rawMessage: { content: lastUser },
            sourceType: 'user',
            metadata: jsonb({ ...channelMetadata, sessionId }) as Record<string, unknown>,
            createdAt,
          });
        } else {
          const reply = agentReply(agent, lastUser);
          store.addMessage({
            id,
            channelId,
            authorId: agent.id,
            content: reply.text,
            rawMessage: jsonb(reply) as Record<string, unknown>,
            sourceType: 'agent_response',
            metadata: jsonb({ agent_id: agent.id, agentName: agent.name, channelType: 'DM', isDm: true }) as Record<string, unknown>,
            createdAt,
          });
        }
      }
    }
  }
}
