import type { JsonObject } from '../upstream/sumvin/types.js';
import { InputError } from '../errors/classes.js';
import { CHAT_LIMITS, MEDIA_TYPE, nonEmpty, optionalNonEmpty } from './chat-limits.js';

/** The parts of a chat message as the client gives them (`MessagePartInput`), and their conversion. */

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

function absoluteUrl(value: unknown, field: string): string {
  const url = nonEmpty(value, field);
  if (!URL.canParse(url)) throw new InputError(field, 'must be an absolute URL');
  return url;
}

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
