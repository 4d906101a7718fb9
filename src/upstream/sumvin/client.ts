import { FormData } from 'undici';
import { InvalidIdError, UpstreamError } from '../../errors/classes.js';
import { HttpClient } from '../http.js';
import { ID_CHARS, sumvinSessionIdProblem } from './ids.js';
import type { HttpVerbs, UpstreamTransport } from '../http/types.js';
import {
  mapAttachment,
  mapMessagePage,
  mapSession,
  mapSessionPage,
  mapSumvinError,
  toMessageInput,
} from './map.js';
import {
  messageListEnvelopeSchema,
  saveMessagesEnvelopeSchema,
  sessionEnvelopeSchema,
  sessionListEnvelopeSchema,
  uploadEnvelopeSchema,
} from './schemas.js';
import type {
  OffsetPage,
  SumvinApi,
  SumvinAttachment,
  SumvinCaller,
  SumvinMessage,
  SumvinMessageInput,
  SumvinSession,
} from './types.js';

const SESSIONS = '/v0/chat/sessions';
const SESSION = '/v0/chat/sessions/{session_id}';
const MESSAGES = '/v0/chat/sessions/{session_id}/messages';
const ATTACHMENTS = '/v0/chat/attachments';

const ORG_ID = /^[^\s:,]+:[^\s:,]+$/;
const MAX_ORG_ID_LENGTH = 256;
const TOKEN_CHARS = /^[\x21-\x7e]+$/;
const MAX_TOKEN_LENGTH = 16 * 1024;
const MAX_PAGE_SIZE = 100;

/** A Sumvin session id, checked before it goes anywhere near a URL (see `sumvinSessionIdProblem`). */
function assertSumvinSessionId(id: unknown, field = 'sessionId'): asserts id is string {
  const problem = sumvinSessionIdProblem(id);
  if (problem !== null) throw new InvalidIdError('sumvin', field, problem);
}

function assertPage(offset: number, limit: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new InvalidIdError('sumvin', 'offset', 'must be an integer ≥ 0');
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new InvalidIdError('sumvin', 'limit', `must be an integer in 1..${MAX_PAGE_SIZE}`);
  }
}

export interface SumvinClientOptions {
  /** Where and how to reach the Sumvin origin (pool, timeouts, retries, breaker). */
  http: UpstreamTransport;
}

export class SumvinClient implements SumvinApi {
  private readonly http: HttpClient;

  constructor(opts: SumvinClientOptions) {
    this.http = new HttpClient({ ...opts.http, service: 'sumvin', mapError: mapSumvinError });
  }

  async listSessions(
    caller: SumvinCaller,
    args: { q?: string; offset: number; limit: number; expandMessages?: boolean; maxBytes?: number },
    signal?: AbortSignal,
  ): Promise<OffsetPage<SumvinSession>> {
    assertPage(args.offset, args.limit);
    const raw = await this.as(caller).get(SESSIONS, {
      query: {
        q: args.q ? args.q : undefined,
        expand: args.expandMessages ? ['messages'] : undefined,
        offset: args.offset,
        limit: args.limit,
      },
      signal,
      ...(args.maxBytes ? { maxResponseBytes: args.maxBytes } : {}),
      schema: sessionListEnvelopeSchema,
    });
    return mapSessionPage(raw);
  }

  async getSession(
    caller: SumvinCaller,
    id: string,
    args?: { expandMessages?: boolean; maxBytes?: number },
    signal?: AbortSignal,
  ): Promise<SumvinSession> {
    assertSumvinSessionId(id);
    const raw = await this.as(caller).get(SESSION, {
      params: { session_id: id },
      query: { expand: args?.expandMessages ? ['messages'] : undefined },
      signal,
      ...(args?.maxBytes ? { maxResponseBytes: args.maxBytes } : {}),
      schema: sessionEnvelopeSchema,
    });
    return mapSession(raw.session);
  }

  async createSession(
    caller: SumvinCaller,
    args: { id: string; title?: string | null; messages: SumvinMessageInput[] },
    signal?: AbortSignal,
  ): Promise<SumvinSession> {
    assertSumvinSessionId(args.id, 'id');
    const body: Record<string, unknown> = { id: args.id, messages: args.messages.map(toMessageInput) };
    if (args.title !== undefined) body['title'] = args.title;
    const raw = await this.as(caller).post(SESSIONS, {
      json: body,
      signal,
      schema: sessionEnvelopeSchema,
    });
    return mapSession(raw.session);
  }

  async updateSession(
    caller: SumvinCaller,
    id: string,
    args: { title?: string | null },
    signal?: AbortSignal,
  ): Promise<SumvinSession> {
    assertSumvinSessionId(id);
    const body: Record<string, unknown> = {};
    if (args.title !== undefined) body['title'] = args.title;
    const raw = await this.as(caller).patch(SESSION, {
      params: { session_id: id },
      json: body,
      signal,
      schema: sessionEnvelopeSchema,
    });
    return mapSession(raw.session);
  }

  async deleteSession(caller: SumvinCaller, id: string, signal?: AbortSignal): Promise<void> {
    assertSumvinSessionId(id);
    await this.as(caller).delete(SESSION, {
      params: { session_id: id },
      signal,
    });
  }

  async listMessages(
    caller: SumvinCaller,
    sessionId: string,
    args: { offset: number; limit: number },
    signal?: AbortSignal,
  ): Promise<OffsetPage<SumvinMessage>> {
    assertSumvinSessionId(sessionId);
    assertPage(args.offset, args.limit);
    const raw = await this.as(caller).get(MESSAGES, {
      params: { session_id: sessionId },
      query: { offset: args.offset, limit: args.limit },
      signal,
      schema: messageListEnvelopeSchema,
    });
    return mapMessagePage(raw, sessionId);
  }

  async saveMessages(
    caller: SumvinCaller,
    sessionId: string,
    messages: SumvinMessageInput[],
    signal?: AbortSignal,
  ): Promise<{ savedCount: number }> {
    assertSumvinSessionId(sessionId);
    const raw = await this.as(caller).post(MESSAGES, {
      params: { session_id: sessionId },
      json: { messages: messages.map(toMessageInput) },
      signal,
      schema: saveMessagesEnvelopeSchema,
    });
    return { savedCount: raw.saved_count };
  }

  async uploadAttachment(
    caller: SumvinCaller,
    args: { data: Uint8Array; filename: string; mediaType: string; sessionId?: string },
    signal?: AbortSignal,
  ): Promise<SumvinAttachment> {
    if (args.sessionId !== undefined) assertSumvinSessionId(args.sessionId);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(args.data)], { type: args.mediaType }), args.filename);
    const raw = await this.as(caller).post(ATTACHMENTS, {
      query: { session_id: args.sessionId },
      form,
      signal,
      schema: uploadEnvelopeSchema,
    });
    return mapAttachment(raw);
  }

  /**
   * The HTTP helpers with the caller's credentials: the verified token in `x-juno-jwt` only (never
   * `Authorization`), the tenant when there is one.
   */
  private as(caller: SumvinCaller): HttpVerbs {
    const { token, orgId } = caller;
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH || !TOKEN_CHARS.test(token)) {
      throw new UpstreamError({ service: 'sumvin', kind: 'UNAUTHENTICATED', retryable: false, operation: 'caller credentials' });
    }
    if (orgId !== undefined && (orgId.length > MAX_ORG_ID_LENGTH || !ORG_ID.test(orgId) || !ID_CHARS.test(orgId))) {
      throw new InvalidIdError('sumvin', 'orgId', 'must be <org-id>:<env-id>');
    }
    return this.http.withHeaders({ 'x-juno-jwt': token, 'x-juno-orgid': orgId });
  }
}
