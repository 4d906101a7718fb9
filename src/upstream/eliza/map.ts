import type { SseEvent } from '../http/sse.js';
import { kindOfStatus } from '../http/status-kind.js';
import type { StatusFailure } from '../http/types.js';
import { UpstreamError, type UpstreamErrorKind } from '../../errors/classes.js';
import {
  errorBodySchema,
  streamChunkSchema,
  streamDoneSchema,
  streamErrorSchema,
  userMessageSchema,
  type CreateSessionResponse,
  type Health,
  type MessagePage,
  type SendMessageResponse,
  type SessionInfo,
  type SimplifiedMessage,
  type TimeoutConfigWire,
  type UserMessage,
} from './schemas.js';
import type {
  ElizaAgentReply,
  ElizaHealth,
  ElizaMessage,
  ElizaMessagePage,
  ElizaSendResult,
  ElizaSession,
  ElizaStreamEvent,
  ElizaTimeoutConfig,
  JsonObject,
} from './types.js';

/** ISO-8601 string (already validated by the schema) → epoch ms. */
export function isoToMs(iso: string): number {
  return Date.parse(iso);
}

function mapTimeoutConfig(raw: TimeoutConfigWire): ElizaTimeoutConfig {
  return {
    timeoutMinutes: raw.timeoutMinutes,
    autoRenew: raw.autoRenew,
    maxDurationMinutes: raw.maxDurationMinutes,
    warningThresholdMinutes: raw.warningThresholdMinutes,
  };
}

export function mapSessionInfo(raw: SessionInfo): ElizaSession {
  return {
    sessionId: raw.sessionId,
    channelId: raw.channelId,
    agentId: raw.agentId,
    userId: raw.userId,
    createdAt: isoToMs(raw.createdAt),
    lastActivity: isoToMs(raw.lastActivity),
    metadata: raw.metadata ?? {},
    expiresAt: isoToMs(raw.expiresAt),
    timeoutConfig: mapTimeoutConfig(raw.timeoutConfig),
    renewalCount: raw.renewalCount,
    timeRemaining: raw.timeRemaining,
    isNearExpiration: raw.isNearExpiration,
  };
}

/**
 * The create answer lacks the activity fields; a new session has had no activity, no renewals,
 * and its whole lifetime left.
 */
export function mapCreatedSession(raw: CreateSessionResponse): ElizaSession {
  const createdAt = isoToMs(raw.createdAt);
  const expiresAt = isoToMs(raw.expiresAt);
  return {
    sessionId: raw.sessionId,
    channelId: raw.channelId,
    agentId: raw.agentId,
    userId: raw.userId,
    createdAt,
    lastActivity: createdAt,
    metadata: raw.metadata ?? {},
    expiresAt,
    timeoutConfig: mapTimeoutConfig(raw.timeoutConfig),
    renewalCount: 0,
    timeRemaining: Math.max(0, expiresAt - createdAt),
    isNearExpiration: false,
  };
}

export function mapStoredMessage(raw: SimplifiedMessage, sessionId: string): ElizaMessage {
  return {
    id: raw.id,
    sessionId,
    content: raw.content,
    authorId: raw.authorId,
    isAgent: raw.isAgent,
    createdAt: isoToMs(raw.createdAt),
    metadata: raw.metadata ?? {},
  };
}

export function mapMessagePage(raw: MessagePage, sessionId: string): ElizaMessagePage {
  return {
    messages: raw.messages.map((m) => mapStoredMessage(m, sessionId)),
    hasMore: raw.hasMore,
    cursors: raw.cursors ? { before: raw.cursors.before, after: raw.cursors.after } : null,
  };
}

/** The snake_case `userMessage` of the send answer; `created_at` is already epoch ms. */
export function mapUserMessage(raw: UserMessage, sessionId: string): ElizaMessage {
  return {
    id: raw.id,
    sessionId,
    content: raw.content,
    authorId: raw.author_id,
    isAgent: false,
    createdAt: raw.created_at,
    metadata: raw.metadata ?? {},
  };
}

export function mapAgentReply(raw: JsonObject | null | undefined): ElizaAgentReply | null {
  return raw ? agentReplyOf(raw) : null;
}

function agentReplyOf(raw: JsonObject): ElizaAgentReply {
  const { text, thought, actions } = raw;
  return {
    text: typeof text === 'string' ? text : null,
    thought: typeof thought === 'string' ? thought : null,
    actions: Array.isArray(actions) ? actions.filter((a): a is string => typeof a === 'string') : [],
    raw,
  };
}

export function mapSendResult(raw: SendMessageResponse, sessionId: string, waitForReply: boolean): ElizaSendResult {
  const status = raw.sessionStatus;
  return {
    userMessage: mapUserMessage(raw.userMessage, sessionId),
    agentResponse: waitForReply ? mapAgentReply(raw.agentResponse) : null,
    sessionStatus: status
      ? {
          expiresAt: isoToMs(status.expiresAt),
          renewalCount: status.renewalCount,
          wasRenewed: status.wasRenewed,
          isNearExpiration: status.isNearExpiration,
        }
      : null,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * One event of a `transport: "sse"` send. Unknown event names are skipped (`null`); a known event
 * whose data does not have the documented shape is `invalid`.
 */
export function mapStreamEvent(raw: SseEvent, sessionId: string): ElizaStreamEvent | null | 'invalid' {
  const data = parseJson(raw.data);
  switch (raw.event) {
    case 'user_message': {
      const parsed = userMessageSchema.safeParse(data);
      return parsed.success ? { kind: 'userMessage', message: mapUserMessage(parsed.data, sessionId) } : 'invalid';
    }
    case 'chunk': {
      const parsed = streamChunkSchema.safeParse(data);
      return parsed.success ? { kind: 'chunk', index: parsed.data.index, text: parsed.data.chunk } : 'invalid';
    }
    case 'done': {
      const parsed = streamDoneSchema.safeParse(data);
      return parsed.success ? { kind: 'done', reply: agentReplyOf(parsed.data) } : 'invalid';
    }
    case 'error': {
      const parsed = streamErrorSchema.safeParse(data);
      return parsed.success ? { kind: 'error', message: parsed.data.error } : 'invalid';
    }
    default:
      return null;
  }
}

export function mapHealth(raw: Health): ElizaHealth {
  return {
    status: raw.status,
    activeSessions: raw.activeSessions,
    expiringSoon: raw.expiringSoon,
    invalidSessions: raw.invalidSessions ?? 0,
    timestamp: isoToMs(raw.timestamp),
    uptimeSeconds: raw.uptime,
  };
}

/** Eliza's own statuses; the shared ones are in `kindOfStatus`. */
const KIND_BY_STATUS: Readonly<Record<number, UpstreamErrorKind>> = {
  // 401/403 mean the facade's own X-API-KEY is missing or wrong: a server misconfiguration, not
  // the end user's fault, so the user sees an unavailable upstream rather than an auth error.
  401: 'UPSTREAM_UNAVAILABLE',
  403: 'UPSTREAM_UNAVAILABLE',
  410: 'SESSION_EXPIRED',
};

/**
 * Non-2xx Eliza answer → `UpstreamError`. The upstream code (`SESSION_NOT_FOUND`, `AGENT_NOT_FOUND`,
 * `VALIDATION_ERROR`, `SESSION_RENEWAL_FAILED`, `INVALID_CONTENT_TYPE`, ...) is kept for callers.
 */
export function mapElizaError(failure: StatusFailure): UpstreamError {
  const { status } = failure;
  const parsed = errorBodySchema.safeParse(failure.body);
  const upstreamCode = parsed.success && typeof parsed.data.error === 'object' ? parsed.data.error.code : undefined;
  const kind = kindOfStatus(status, KIND_BY_STATUS);
  return new UpstreamError({
    service: 'eliza',
    kind,
    status,
    upstreamCode,
    retryable: status === 429 || status >= 500,
    // The server sends RateLimit-* headers on every answer; the reset time is a wait only when
    // the answer asks to wait (429, 503), not on a 404 or 410.
    retryAfterMs: status === 429 || status === 503 ? failure.retryAfterMs : undefined,
    operation: failure.operation,
  });
}
