import { InvalidIdError, UpstreamError } from '../../errors/classes.js';
import { HttpClient } from '../http.js';
import type { UpstreamTransport } from '../http/types.js';
import type { SseEvent, SseLimits } from '../http/sse.js';
import { AgentsCache, fetchAgents } from './agents.js';
import {
  mapCreatedSession,
  mapElizaError,
  mapHealth,
  mapMessagePage,
  mapSendResult,
  mapSessionInfo,
  mapStreamEvent,
} from './map.js';
import {
  channelMessagesSchema,
  createSessionResponseSchema,
  healthSchema,
  messagePageSchema,
  sendMessageResponseSchema,
  sessionInfoSchema,
  sessionListSchema,
} from './schemas.js';
import type {
  ElizaAgentSummary,
  ElizaApi,
  ElizaAttachmentInput,
  ElizaHealth,
  ElizaMessagePage,
  ElizaSendResult,
  ElizaSession,
  ElizaStreamArgs,
  ElizaStreamEvent,
  ElizaTimeoutConfig,
  JsonObject,
} from './types.js';

const HEALTH = '/api/messaging/sessions/health';
const SESSIONS = '/api/messaging/sessions';
const SESSION = '/api/messaging/sessions/{sessionId}';
const MESSAGES = '/api/messaging/sessions/{sessionId}/messages';
const RENEW = '/api/messaging/sessions/{sessionId}/renew';
const CHANNEL_MESSAGES = '/api/messaging/channels/{channelId}/messages';
const HEARTBEAT = '/api/messaging/sessions/{sessionId}/heartbeat';
const TIMEOUT = '/api/messaging/sessions/{sessionId}/timeout';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_PAGE_SIZE = 100;
/** `transport: "http"` waits for the agent's reply, which takes longer than an ordinary call. */
const DEFAULT_REPLY_TIMEOUT_MS = 15_000;

/** Eliza ids are server-generated UUIDs; anything else never reaches a URL. */
export function assertElizaUuid(id: unknown, field = 'sessionId'): asserts id is string {
  if (typeof id !== 'string' || !UUID.test(id)) throw new InvalidIdError('eliza', field, 'must be a UUID');
}

function assertTimestamp(value: number | undefined, field: string): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
    throw new InvalidIdError('eliza', field, 'must be epoch milliseconds');
  }
}

function timeoutConfigBody(config: Partial<ElizaTimeoutConfig>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (config.timeoutMinutes !== undefined) body['timeoutMinutes'] = config.timeoutMinutes;
  if (config.autoRenew !== undefined) body['autoRenew'] = config.autoRenew;
  if (config.maxDurationMinutes !== undefined) body['maxDurationMinutes'] = config.maxDurationMinutes;
  if (config.warningThresholdMinutes !== undefined) body['warningThresholdMinutes'] = config.warningThresholdMinutes;
  return body;
}

export interface ElizaClientOptions {
  /** Where and how to reach the Eliza origin; its default headers carry the server's `X-API-KEY`. */
  http: UpstreamTransport;
  /** Per-attempt timeout for `sendMessage` with `waitForReply: true`. Default 15 s. */
  replyTimeoutMs?: number;
  /** Caps of `streamMessage`: 64 KiB per event, 2 MiB per stream, 15 s between events by default. */
  streamLimits?: Partial<SseLimits>;
}

function attachmentsBody(list: ElizaAttachmentInput[]): Array<Record<string, unknown>> {
  return list.map((a) => (a.name === undefined ? { type: a.type, url: a.url } : { type: a.type, url: a.url, name: a.name }));
}

export class ElizaClient implements ElizaApi {
  private readonly http: HttpClient;
  private readonly replyTimeoutMs: number;
  private readonly streamLimits: Partial<SseLimits>;

  constructor(opts: ElizaClientOptions) {
    this.http = new HttpClient({ ...opts.http, service: 'eliza', mapError: mapElizaError });
    this.replyTimeoutMs = opts.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS;
    this.streamLimits = opts.streamLimits ?? {};
  }

  async health(signal?: AbortSignal): Promise<ElizaHealth> {
    const raw = await this.http.get(HEALTH, {
      signal,
      schema: healthSchema,
    });
    return mapHealth(raw);
  }

  private readonly agentsCache = new AgentsCache(() => fetchAgents(this.http));

  /** With `maxAgeMs`, a list at most that old may be answered from this process's cache. */
  listAgents(signal?: AbortSignal, maxAgeMs = 0): Promise<ElizaAgentSummary[]> {
    return maxAgeMs > 0 ? this.agentsCache.get(maxAgeMs) : fetchAgents(this.http, signal);
  }

  async listSessions(signal?: AbortSignal): Promise<ElizaSession[]> {
    const raw = await this.http.get(SESSIONS, {
      signal,
      schema: sessionListSchema,
    });
    return raw.sessions.map(mapSessionInfo);
  }

  async getSession(sessionId: string, signal?: AbortSignal): Promise<ElizaSession> {
    assertElizaUuid(sessionId);
    const raw = await this.http.get(SESSION, {
      params: { sessionId },
      signal,
      schema: sessionInfoSchema,
    });
    return mapSessionInfo(raw);
  }

  async createSession(
    args: { agentId: string; userId: string; metadata?: JsonObject; timeoutConfig?: Partial<ElizaTimeoutConfig> },
    signal?: AbortSignal,
  ): Promise<ElizaSession> {
    assertElizaUuid(args.agentId, 'agentId');
    assertElizaUuid(args.userId, 'userId');
    const body: Record<string, unknown> = { agentId: args.agentId, userId: args.userId };
    if (args.metadata !== undefined) body['metadata'] = args.metadata;
    if (args.timeoutConfig !== undefined) body['timeoutConfig'] = timeoutConfigBody(args.timeoutConfig);
    const raw = await this.http.post(SESSIONS, {
      json: body,
      signal,
      schema: createSessionResponseSchema,
    });
    return mapCreatedSession(raw);
  }

  async sendMessage(
    sessionId: string,
    args: { content: string; metadata?: JsonObject; attachments?: ElizaAttachmentInput[]; waitForReply: boolean },
    signal?: AbortSignal,
  ): Promise<ElizaSendResult> {
    assertElizaUuid(sessionId);
    const body: Record<string, unknown> = {
      content: args.content,
      transport: args.waitForReply ? 'http' : 'websocket',
    };
    if (args.metadata !== undefined) body['metadata'] = args.metadata;
    if (args.attachments !== undefined) body['attachments'] = attachmentsBody(args.attachments);
    const raw = await this.http.post(MESSAGES, {
      params: { sessionId },
      json: body,
      signal,
      attemptMs: args.waitForReply ? this.replyTimeoutMs : undefined,
      schema: sendMessageResponseSchema,
    });
    return mapSendResult(raw, sessionId, args.waitForReply);
  }

  /**
   * `transport: "sse"`: the user message comes back first, then the reply in chunks, then the whole
   * reply (`done`) or the agent's failure (`error`), after which the stream is closed. The request
   * is made when iteration starts (trace headers are taken now).
   */
  streamMessage(sessionId: string, args: ElizaStreamArgs, signal?: AbortSignal): AsyncGenerator<ElizaStreamEvent, void, undefined> {
    assertElizaUuid(sessionId);
    const body: Record<string, unknown> = { content: args.content, transport: 'sse' };
    if (args.metadata !== undefined) body['metadata'] = args.metadata;
    if (args.attachments !== undefined) body['attachments'] = attachmentsBody(args.attachments);
    const events = this.http.streamEvents({
      method: 'POST',
      template: MESSAGES,
      params: { sessionId },
      json: body,
      signal,
      limits: this.streamLimits,
    });
    return streamEventsOf(events, sessionId, `POST ${MESSAGES}`);
  }

  async getMessages(
    sessionId: string,
    args: { limit: number; before?: number; after?: number },
    signal?: AbortSignal,
  ): Promise<ElizaMessagePage> {
    assertElizaUuid(sessionId);
    if (!Number.isSafeInteger(args.limit) || args.limit < 1 || args.limit > MAX_PAGE_SIZE) {
      throw new InvalidIdError('eliza', 'limit', `must be an integer in 1..${MAX_PAGE_SIZE}`);
    }
    assertTimestamp(args.before, 'before');
    assertTimestamp(args.after, 'after');
    const raw = await this.http.get(MESSAGES, {
      params: { sessionId },
      query: {
        limit: String(args.limit),
        before: args.before === undefined ? undefined : String(args.before),
        after: args.after === undefined ? undefined : String(args.after),
      },
      signal,
      schema: messagePageSchema,
    });
    return mapMessagePage(raw, sessionId);
  }

  async getChannelReplies(channelId: string, limit: number, signal?: AbortSignal): Promise<Array<{ id: string; inReplyTo: string | null }>> {
    assertElizaUuid(channelId, 'channelId');
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new InvalidIdError('eliza', 'limit', `must be an integer in 1..${MAX_PAGE_SIZE}`);
    }
    const raw = await this.http.get(CHANNEL_MESSAGES, { params: { channelId }, query: { limit: String(limit) }, signal, schema: channelMessagesSchema });
    return raw.data.messages.map((m) => ({ id: m.id, inReplyTo: m.inReplyToRootMessageId ?? null }));
  }

  renewSession(sessionId: string, signal?: AbortSignal): Promise<ElizaSession> {
    return this.sessionAction(RENEW, sessionId, signal);
  }

  heartbeat(sessionId: string, signal?: AbortSignal): Promise<ElizaSession> {
    return this.sessionAction(HEARTBEAT, sessionId, signal);
  }

  async updateTimeout(
    sessionId: string,
    config: Partial<ElizaTimeoutConfig>,
    signal?: AbortSignal,
  ): Promise<ElizaSession> {
    assertElizaUuid(sessionId);
    const raw = await this.http.patch(TIMEOUT, {
      params: { sessionId },
      json: timeoutConfigBody(config),
      signal,
      schema: sessionInfoSchema,
    });
    return mapSessionInfo(raw);
  }

  async deleteSession(sessionId: string, signal?: AbortSignal): Promise<void> {
    assertElizaUuid(sessionId);
    await this.http.delete(SESSION, {
      params: { sessionId },
      signal,
    });
  }

  /** Body-less POST answering `SessionInfo` (renew, heartbeat). */
  private async sessionAction(template: string, sessionId: string, signal?: AbortSignal): Promise<ElizaSession> {
    assertElizaUuid(sessionId);
    const raw = await this.http.post(template, {
      params: { sessionId },
      signal,
      schema: sessionInfoSchema,
    });
    return mapSessionInfo(raw);
  }
}

/** Maps raw events until `done` or `error`; a malformed event, or an end before either, is a bad answer. */
async function* streamEventsOf(
  events: AsyncGenerator<SseEvent, void, undefined>,
  sessionId: string,
  operation: string,
): AsyncGenerator<ElizaStreamEvent, void, undefined> {
  const broken = (detail: string) =>
    new UpstreamError({
      service: 'eliza',
      kind: 'UPSTREAM_BAD_RESPONSE',
      status: 200,
      retryable: false,
      mayHaveApplied: true,
      operation,
      cause: new Error(detail),
    });
  for await (const raw of events) {
    const event = mapStreamEvent(raw, sessionId);
    if (event === null) continue;
    if (event === 'invalid') throw broken(`malformed "${raw.event}" event`);
    yield event;
    if (event.kind === 'done' || event.kind === 'error') return;
  }
  throw broken('the stream ended before "done" or "error"');
}
