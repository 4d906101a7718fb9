/**
 * Classifies stored message parts into the AI SDK UI part kinds. A part that does not have the
 * fields its kind requires becomes `unknown`, keeping the raw object, so nothing is dropped.
 */

export type JsonObject = Record<string, unknown>;

export interface ToolCall {
  type: string;
  toolName: string;
  toolCallId: string;
  state: string | null;
  input: unknown;
  output: unknown;
  errorText: string | null;
}

export type Part =
  | { kind: 'text'; type: string; text: string; state: string | null }
  | { kind: 'reasoning'; type: string; text: string; state: string | null }
  | { kind: 'file'; type: string; mediaType: string; url: string; filename: string | null }
  | { kind: 'source-url'; type: string; sourceId: string; url: string; title: string | null }
  | { kind: 'source-document'; type: string; sourceId: string; mediaType: string; title: string; filename: string | null }
  | { kind: 'step-start'; type: string }
  | ({ kind: 'tool' } & ToolCall)
  | ({ kind: 'dynamic-tool' } & ToolCall)
  | { kind: 'data'; type: string; name: string; dataId: string | null; data: unknown }
  | { kind: 'unknown'; type: string | null; raw: JsonObject };

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function classifyPart(raw: JsonObject): Part {
  const type = str(raw.type);
  const unknown: Part = { kind: 'unknown', type, raw };
  if (type === null) return unknown;
  const state = str(raw.state);
  switch (type) {
    case 'text':
    case 'reasoning': {
      const text = str(raw.text);
      return text === null ? unknown : { kind: type, type, text, state };
    }
    case 'file': {
      const mediaType = str(raw.mediaType);
      const url = str(raw.url);
      return mediaType === null || url === null ? unknown : { kind: 'file', type, mediaType, url, filename: str(raw.filename) };
    }
    case 'source-url': {
      const sourceId = str(raw.sourceId);
      const url = str(raw.url);
      return sourceId === null || url === null
        ? unknown
        : { kind: 'source-url', type, sourceId, url, title: str(raw.title) };
    }
    case 'source-document': {
      const sourceId = str(raw.sourceId);
      const mediaType = str(raw.mediaType);
      const title = str(raw.title);
      return sourceId === null || mediaType === null || title === null
        ? unknown
        : { kind: 'source-document', type, sourceId, mediaType, title, filename: str(raw.filename) };
    }
    case 'step-start':
      return { kind: 'step-start', type };
    case 'dynamic-tool': {
      const toolName = str(raw.toolName);
      const toolCallId = str(raw.toolCallId);
      return toolName === null || toolCallId === null
        ? unknown
        : { kind: 'dynamic-tool', type, toolName, toolCallId, state, input: raw.input, output: raw.output, errorText: str(raw.errorText) };
    }
    default:
      break;
  }
  if (type.startsWith('tool-') && type.length > 5) {
    const toolCallId = str(raw.toolCallId);
    return toolCallId === null
      ? unknown
      : { kind: 'tool', type, toolName: type.slice(5), toolCallId, state, input: raw.input, output: raw.output, errorText: str(raw.errorText) };
  }
  if (type.startsWith('data-') && type.length > 5) {
    return { kind: 'data', type, name: type.slice(5), dataId: str(raw.id), data: raw.data ?? null };
  }
  return unknown;
}

/** Tool names used in parts, in order, without repeats. */
export function toolNamesOf(parts: JsonObject[]): string[] {
  const names: string[] = [];
  for (const p of parts) {
    const part = classifyPart(p);
    if ((part.kind === 'tool' || part.kind === 'dynamic-tool') && !names.includes(part.toolName)) names.push(part.toolName);
  }
  return names;
}
