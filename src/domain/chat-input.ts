import { randomBytes } from 'node:crypto';
import type { JsonObject, SumvinMessageInput } from '../upstream/sumvin/types.js';
import { InputError } from '../errors/classes.js';

/**
 * Validation and conversion of Sumvin chat write inputs, before any upstream call. Every rule is at
 * least as strict as the upstream's; every failure names the input path, e.g.
 * `input.messages[2].parts[0].file.url`.
 */

export const CHAT_LIMITS = {
  /** Messages in one create or save call; more must be sent in several calls. */
  maxMessagesPerCall: 100,
  maxPartsPerMessage: 100,
  maxMessageIdLength: 64,
  maxRoleLength: 64,
  maxTitleLength: 255,
  maxMetadataChars: 10_240,
  /** Tool names and data part names. */
  maxNameLength: 128,
  /** Part `state` values (`done`, `output-available`, …). */
  maxStateLength: 64,
  /** Ids inside parts (`toolCallId`, `sourceId`, data part `id`) and a raw part's `type`. */
  maxPartIdLength: 256,
  maxAttachmentBytes: 10 * 1024 * 1024,
  maxFilenameLength: 255,
} as const;

/** Python counts string lengths in code points, and so does this. */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const hex32 = () => randomBytes(16).toString('hex');
export const newChatSessionId = (): string => `cs-${hex32()}`;
export const newMessageId = (): string => `msg-${hex32()}`;

export interface TextPartInput {
  text: string;
  state?: string | null;
}
export interface FilePartInput {
  mediaType: string;
  url: string;
  filename?: string | null;
}
export interface SourceUrlPartInput {
  sourceId: string;
  url: string;
  title?: string | null;
}
export interface SourceDocumentPartInput {
  sourceId: string;
  mediaType: string;
  title: string;
  filename?: string | null;
}
export interface ToolPartInput {
  toolName: string;
  toolCallId: string;
  state: string;
  input?: unknown;
  output?: unknown;
  errorText?: string | null;
}
export interface DataPartInput {
  name: string;
  id?: string | null;
  data: unknown;
}

/** One `MessagePartInput`: exactly one of these is set. */
export interface PartInput {
  text?: TextPartInput | null;
  reasoning?: TextPartInput | null;
  file?: FilePartInput | null;
  sourceUrl?: SourceUrlPartInput | null;
  sourceDocument?: SourceDocumentPartInput | null;
  stepStart?: boolean | null;
  tool?: ToolPartInput | null;
  dynamicTool?: ToolPartInput | null;
  data?: DataPartInput | null;
  raw?: JsonObject | null;
}

export interface ChatMessageInput {
  id?: string | null;
  role: string;
  parts: readonly PartInput[];
  createdAt?: Date | null;
  metadata?: JsonObject | null;
}

const CONTROL = /[\u0000-\u001f\u007f]/;

function nonEmpty(value: unknown, field: string, max?: number): string {
  if (typeof value !== 'string' || value.length === 0) throw new InputError(field, 'must not be empty');
  if (max !== undefined && codePoints(value) > max) throw new InputError(field, `must be at most ${max} characters`);
  return value;
}

function optionalNonEmpty(value: unknown, field: string, max?: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  return nonEmpty(value, field, max);
}

function absoluteUrl(value: unknown, field: string): string {
  const url = nonEmpty(value, field);
  if (!URL.canParse(url)) throw new InputError(field, 'must be an absolute URL');
  return url;
}

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

function mediaType(value: unknown, field: string): string {
  const type = nonEmpty(value, field, 255);
  if (!MEDIA_TYPE.test(type)) throw new InputError(field, 'must be a media type such as image/png');
  return type;
}

/** Copies an optional key only when the client sent it (explicit nulls are kept as nulls). */
function copyJson(out: JsonObject, from: object, key: 'input' | 'output'): void {
  if (key in from && (from as Record<string, unknown>)[key] !== undefined) out[key] = (from as Record<string, unknown>)[key];
}

function toolPart(t: ToolPartInput, field: string, dynamic: boolean): JsonObject {
  const toolName = nonEmpty(t.toolName, `${field}.toolName`, CHAT_LIMITS.maxNameLength);
  const out: JsonObject = {
    type: dynamic ? 'dynamic-tool' : `tool-${toolName}`,
    ...(dynamic ? { toolName } : {}),
    toolCallId: nonEmpty(t.toolCallId, `${field}.toolCallId`, CHAT_LIMITS.maxPartIdLength),
    state: nonEmpty(t.state, `${field}.state`, CHAT_LIMITS.maxStateLength),
  };
  copyJson(out, t, 'input');
  copyJson(out, t, 'output');
  const errorText = optionalNonEmpty(t.errorText, `${field}.errorText`);
  if (errorText !== undefined) out['errorText'] = errorText;
  return out;
}

const PART_FIELDS = [
  'text',
  'reasoning',
  'file',
  'sourceUrl',
  'sourceDocument',
  'stepStart',
  'tool',
  'dynamicTool',
  'data',
  'raw',
] as const satisfies ReadonlyArray<keyof PartInput>;

/**
 * One `MessagePartInput` → the AI SDK UI part object Sumvin stores, so that reading it back gives
 * the same kind: `tool` becomes `tool-<toolName>`, `data` becomes `data-<name>`, `raw` is sent as is.
 */
export function toUiPart(part: PartInput, field: string): JsonObject {
  const set = PART_FIELDS.filter((k) => part[k] !== undefined);
  if (set.length !== 1) {
    throw new InputError(field, `exactly one of ${PART_FIELDS.join(', ')} must be set (got ${set.length})`);
  }
  const kind = set[0] as (typeof PART_FIELDS)[number];
  const at = `${field}.${kind}`;
  switch (kind) {
    case 'text':
    case 'reasoning': {
      const p = part[kind];
      if (!p) break;
      const state = optionalNonEmpty(p.state, `${at}.state`, CHAT_LIMITS.maxStateLength);
      return { type: kind, text: nonEmpty(p.text, `${at}.text`), ...(state !== undefined ? { state } : {}) };
    }
    case 'file': {
      const p = part.file;
      if (!p) break;
      const filename = optionalNonEmpty(p.filename, `${at}.filename`, CHAT_LIMITS.maxFilenameLength);
      return {
        type: 'file',
        mediaType: mediaType(p.mediaType, `${at}.mediaType`),
        url: absoluteUrl(p.url, `${at}.url`),
        ...(filename !== undefined ? { filename } : {}),
      };
    }
    case 'sourceUrl': {
      const p = part.sourceUrl;
      if (!p) break;
      const title = optionalNonEmpty(p.title, `${at}.title`);
      return {
        type: 'source-url',
        sourceId: nonEmpty(p.sourceId, `${at}.sourceId`, CHAT_LIMITS.maxPartIdLength),
        url: absoluteUrl(p.url, `${at}.url`),
        ...(title !== undefined ? { title } : {}),
      };
    }
    case 'sourceDocument': {
      const p = part.sourceDocument;
      if (!p) break;
      const filename = optionalNonEmpty(p.filename, `${at}.filename`, CHAT_LIMITS.maxFilenameLength);
      return {
        type: 'source-document',
        sourceId: nonEmpty(p.sourceId, `${at}.sourceId`, CHAT_LIMITS.maxPartIdLength),
        mediaType: mediaType(p.mediaType, `${at}.mediaType`),
        title: nonEmpty(p.title, `${at}.title`),
        ...(filename !== undefined ? { filename } : {}),
      };
    }
    case 'stepStart':
      if (part.stepStart !== true) throw new InputError(at, 'must be true');
      return { type: 'step-start' };
    case 'tool':
    case 'dynamicTool': {
      const p = part[kind];
      if (!p) break;
      return toolPart(p, at, kind === 'dynamicTool');
    }
    case 'data': {
      const p = part.data;
      if (!p) break;
      const name = nonEmpty(p.name, `${at}.name`, CHAT_LIMITS.maxNameLength);
      const id = optionalNonEmpty(p.id, `${at}.id`, CHAT_LIMITS.maxPartIdLength);
      if (p.data === undefined || p.data === null) throw new InputError(`${at}.data`, 'must not be null');
      return { type: `data-${name}`, ...(id !== undefined ? { id } : {}), data: p.data };
    }
    case 'raw': {
      const p = part.raw;
      if (!p) break;
      if (typeof p !== 'object' || Array.isArray(p)) throw new InputError(at, 'must be a JSON object');
      nonEmpty(p['type'], `${at}.type`, CHAT_LIMITS.maxPartIdLength);
      return { ...p };
    }
  }
  throw new InputError(at, 'must not be null');
}

function metadataOf(value: JsonObject, field: string): JsonObject {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) throw new InputError(field, 'must be a JSON object');
  if (text.length > CHAT_LIMITS.maxMetadataChars) {
    throw new InputError(field, `must be at most ${CHAT_LIMITS.maxMetadataChars} characters as JSON`);
  }
  return value;
}

/**
 * The messages of one create or save call, checked and converted. A message without an id gets
 * `msg-` + 32 hex; ids must be unique within the call (the upstream upserts by id, so a repeated id
 * would silently replace an earlier message of the same call).
 */
export function toSumvinMessages(
  messages: readonly ChatMessageInput[],
  field = 'input.messages',
  newId: () => string = newMessageId,
): SumvinMessageInput[] {
  if (messages.length === 0) throw new InputError(field, 'at least one message is required');
  if (messages.length > CHAT_LIMITS.maxMessagesPerCall) {
    throw new InputError(field, `at most ${CHAT_LIMITS.maxMessagesPerCall} messages per call; send the rest in another call`);
  }
  const seen = new Map<string, number>();
  return messages.map((m, i) => {
    const at = `${field}[${i}]`;
    let id: string;
    if (m.id === undefined || m.id === null) id = newId();
    else {
      id = nonEmpty(m.id, `${at}.id`, CHAT_LIMITS.maxMessageIdLength);
      if (CONTROL.test(id)) throw new InputError(`${at}.id`, 'must not contain control characters');
      const first = seen.get(id);
      if (first !== undefined) throw new InputError(`${at}.id`, `repeats the id of ${field}[${first}]`);
    }
    seen.set(id, i);
    const role = nonEmpty(m.role, `${at}.role`, CHAT_LIMITS.maxRoleLength);
    if (role.trim().length === 0) throw new InputError(`${at}.role`, 'must not be blank');
    if (m.parts.length > CHAT_LIMITS.maxPartsPerMessage) {
      throw new InputError(`${at}.parts`, `at most ${CHAT_LIMITS.maxPartsPerMessage} parts per message`);
    }
    const parts = m.parts.map((p, j) => toUiPart(p, `${at}.parts[${j}]`));
    const out: SumvinMessageInput = { id, role, parts };
    if (m.createdAt !== undefined && m.createdAt !== null) {
      const ms = m.createdAt.getTime();
      if (!Number.isSafeInteger(ms)) throw new InputError(`${at}.createdAt`, 'is not a valid instant');
      out.createdAt = ms;
    }
    if (m.metadata !== undefined) out.metadata = m.metadata === null ? null : metadataOf(m.metadata, `${at}.metadata`);
    return out;
  });
}

export function checkTitle(title: string | null | undefined, field: string): void {
  if (typeof title === 'string' && codePoints(title) > CHAT_LIMITS.maxTitleLength) {
    throw new InputError(field, `must be at most ${CHAT_LIMITS.maxTitleLength} characters`);
  }
}

/** `image/*`, `application/pdf` and `text/*`, as the upload endpoint accepts them. */
export function isAllowedAttachmentType(type: string): boolean {
  return type.startsWith('image/') || type === 'application/pdf' || type.startsWith('text/');
}

const FILENAME_FORBIDDEN = /[/\\\u0000-\u001f\u007f]/;

/** Size, media type and filename of an upload, checked before it is sent anywhere. */
export function checkAttachment(
  file: { size: number; type: string; name: string },
  field: string,
): { mediaType: string; filename: string } {
  if (file.size === 0) throw new InputError(field, 'the file is empty');
  if (file.size > CHAT_LIMITS.maxAttachmentBytes) {
    throw new InputError(field, `the file is larger than ${CHAT_LIMITS.maxAttachmentBytes} bytes (10 MiB)`);
  }
  const mediaType = (file.type.split(';')[0] ?? '').trim().toLowerCase();
  if (mediaType === '' || !MEDIA_TYPE.test(mediaType) || !isAllowedAttachmentType(mediaType)) {
    throw new InputError(
      field,
      `media type ${mediaType === '' ? '(none)' : JSON.stringify(mediaType.slice(0, 100))} is not allowed; use image/*, application/pdf or text/*`,
    );
  }
  const filename = file.name;
  if (filename.length === 0) throw new InputError(field, 'the file has no name');
  if (codePoints(filename) > CHAT_LIMITS.maxFilenameLength) {
    throw new InputError(field, `the file name must be at most ${CHAT_LIMITS.maxFilenameLength} characters`);
  }
  if (FILENAME_FORBIDDEN.test(filename) || /^\.+$/.test(filename)) {
    throw new InputError(field, 'the file name must not contain path separators or control characters');
  }
  return { mediaType, filename };
}
