import { kindOfStatus } from '../http/status-kind.js';
import type { StatusFailure } from '../http/types.js';
import { UpstreamError, type UpstreamErrorKind } from '../../errors/classes.js';
import {
  problemDetailSchema,
  validationErrorSchema,
  type MessageListEnvelope,
  type SessionData,
  type SessionListEnvelope,
  type UploadEnvelope,
} from './schemas.js';
import type { OffsetPage, SumvinAttachment, SumvinMessage, SumvinMessageInput, SumvinSession } from './types.js';
import { LazySumvinMessages } from './lazy-messages.js';
import { mapMessage } from './map-message.js';

export { mapMessage };

export function mapSession(raw: SessionData): SumvinSession {
  return {
    id: raw.id,
    title: raw.title ?? null,
    preview: raw.preview ?? null,
    messageCount: raw.message_count,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
    svMeta: raw.sv_meta ?? null,
    messages: raw.messages ? new LazySumvinMessages(raw.messages, raw.id) : null,
  };
}

export function mapSessionPage(raw: SessionListEnvelope): OffsetPage<SumvinSession> {
  return { items: raw.sessions.map(mapSession), total: raw.total, offset: raw.offset, limit: raw.limit };
}

export function mapMessagePage(raw: MessageListEnvelope, sessionId: string): OffsetPage<SumvinMessage> {
  return {
    items: raw.messages.map((m) => mapMessage(m, sessionId)),
    total: raw.total,
    offset: raw.offset,
    limit: raw.limit,
  };
}

export function mapAttachment(raw: UploadEnvelope): SumvinAttachment {
  return { url: raw.url, filename: raw.filename, mediaType: raw.media_type };
}

/** Domain message input → wire `MessageInput`; absent optional fields stay absent, `null` is sent as `null`. */
export function toMessageInput(input: SumvinMessageInput): Record<string, unknown> {
  const wire: Record<string, unknown> = { id: input.id, role: input.role, parts: input.parts };
  if (input.createdAt !== undefined) wire['created_at'] = input.createdAt;
  if (input.metadata !== undefined) wire['metadata'] = input.metadata;
  return wire;
}

const LOCATION_ROOTS = new Set(['body', 'query', 'path', 'header', 'cookie']);
const MAX_FIELD_ERRORS = 20;
const MAX_MESSAGE_LENGTH = 200;

/** FastAPI `detail[]` → field errors; `loc` without its `body`/`query` root, `msg` only, never `input`. */
export function mapFieldErrors(body: unknown): Array<{ path: string; message: string }> {
  const parsed = validationErrorSchema.safeParse(body);
  if (!parsed.success) return [];
  return parsed.data.detail.slice(0, MAX_FIELD_ERRORS).map((item) => {
    const loc = item.loc.map(String);
    const rest = loc.length > 1 && LOCATION_ROOTS.has(loc[0] as string) ? loc.slice(1) : loc;
    return { path: rest.join('.'), message: item.msg.slice(0, MAX_MESSAGE_LENGTH) };
  });
}

/** Sumvin's own statuses; the shared ones are in `kindOfStatus`. */
const KIND_BY_STATUS: Readonly<Record<number, UpstreamErrorKind>> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  409: 'CONFLICT',
  422: 'BAD_USER_INPUT',
};

/** Another user's chat session: answered like an unknown one, so ids do not reveal existence. */
const FOREIGN_SESSION = 'CHT-403-001';

/**
 * Non-2xx Sumvin answer → `UpstreamError`. 404 keeps `upstreamCode` so callers can tell a missing
 * user (`USR-404-001`) from a missing session (`CHT-404-001`).
 */
export function mapSumvinError(failure: StatusFailure): UpstreamError {
  const { status } = failure;
  const problem = problemDetailSchema.safeParse(failure.body);
  const upstreamCode = problem.success ? problem.data.error_code : undefined;
  const kind = status === 403 && upstreamCode === FOREIGN_SESSION ? 'NOT_FOUND' : kindOfStatus(status, KIND_BY_STATUS);
  const retryable = status === 429 || status >= 500 || (upstreamCode?.endsWith('-R') ?? false);
  return new UpstreamError({
    service: 'sumvin',
    kind,
    status,
    upstreamCode,
    retryable,
    retryAfterMs: failure.retryAfterMs,
    operation: failure.operation,
    fieldErrors: status === 422 ? mapFieldErrors(failure.body) : undefined,
  });
}
