import type { Part } from '../domain/parts.js';
import { builder, type Types } from './builder.js';
import type { PartOf } from './refs.js';

/**
 * Part states as enums. Reading, one enum for every part kind (so `state` can be selected on text
 * and tool parts in one query); a state this API does not know reads as OTHER with the stored value
 * in `rawState`, as `Message.role` / `rawRole`. Input has one enum per kind, without OTHER (send a
 * part with another state as `raw`).
 */
export const TEXT_STATES = ['streaming', 'done'] as const;
export const TOOL_STATES = ['input-streaming', 'input-available', 'output-available', 'output-error'] as const;
const TEXT_STATE_VALUES = {
  STREAMING: { value: 'streaming', description: 'Text or reasoning: still being written (`streaming`).' },
  DONE: { value: 'done', description: 'Text or reasoning: complete (`done`).' },
} as const;
const TOOL_STATE_VALUES = {
  INPUT_STREAMING: { value: 'input-streaming', description: 'Tool call: its input is being written.' },
  INPUT_AVAILABLE: { value: 'input-available', description: 'Tool call: input complete, no output yet.' },
  OUTPUT_AVAILABLE: { value: 'output-available', description: 'Tool call: it has its output.' },
  OUTPUT_ERROR: { value: 'output-error', description: 'Tool call: it failed (see `errorText`).' },
} as const;

export const PartStateEnum = builder.enumType('PartState', {
  description: 'The state of a text, reasoning or tool part.',
  values: {
    ...TEXT_STATE_VALUES,
    ...TOOL_STATE_VALUES,
    OTHER: { value: 'OTHER', description: 'A state this API does not know: read `rawState`.' },
  } as const,
});

export const TextPartStateEnum = builder.enumType('TextPartState', {
  description: 'The state of a text or reasoning part, on input.',
  values: TEXT_STATE_VALUES,
});

export const ToolPartStateEnum = builder.enumType('ToolPartState', {
  description: 'The state of a tool call, on input.',
  values: TOOL_STATE_VALUES,
});

const known = <T extends string>(states: readonly T[], state: string | null): T | 'OTHER' | null =>
  state === null ? null : (states as readonly string[]).includes(state) ? (state as T) : 'OTHER';

const textStateFields = <P extends PartOf<'text'> | PartOf<'reasoning'>>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, P>) => ({
  state: t.field({ type: PartStateEnum, nullable: true, resolve: (p) => known(TEXT_STATES, p.state) }),
  rawState: t.string({ nullable: true, description: 'The state exactly as stored.', resolve: (p) => p.state }),
});

const TextPart = builder.objectRef<PartOf<'text'>>('TextPart').implement({
  description: 'Plain text (`text`).',
  fields: (t) => ({
    type: t.exposeString('type'),
    text: t.exposeString('text'),
    ...textStateFields(t),
  }),
});

const ReasoningPart = builder.objectRef<PartOf<'reasoning'>>('ReasoningPart').implement({
  description: 'The model’s reasoning (`reasoning`).',
  fields: (t) => ({
    type: t.exposeString('type'),
    text: t.exposeString('text'),
    ...textStateFields(t),
  }),
});

const FilePart = builder.objectRef<PartOf<'file'>>('FilePart').implement({
  description: 'A file (`file`), e.g. an uploaded attachment.',
  fields: (t) => ({
    type: t.exposeString('type'),
    mediaType: t.exposeString('mediaType'),
    url: t.exposeString('url'),
    filename: t.exposeString('filename', { nullable: true }),
  }),
});

const SourceUrlPart = builder.objectRef<PartOf<'source-url'>>('SourceUrlPart').implement({
  description: 'A cited web source (`source-url`).',
  fields: (t) => ({
    type: t.exposeString('type'),
    sourceId: t.exposeString('sourceId'),
    url: t.exposeString('url'),
    title: t.exposeString('title', { nullable: true }),
  }),
});

const SourceDocumentPart = builder.objectRef<PartOf<'source-document'>>('SourceDocumentPart').implement({
  description: 'A cited document (`source-document`).',
  fields: (t) => ({
    type: t.exposeString('type'),
    sourceId: t.exposeString('sourceId'),
    mediaType: t.exposeString('mediaType'),
    title: t.exposeString('title', { nullable: true, description: 'Always present for this kind; nullable like `SourceUrlPart.title`.' }),
    filename: t.exposeString('filename', { nullable: true }),
  }),
});

const StepStartPart = builder.objectRef<PartOf<'step-start'>>('StepStartPart').implement({
  description: 'The start of a step in a multi-step answer (`step-start`).',
  fields: (t) => ({ type: t.exposeString('type') }),
});

type ToolLike = PartOf<'tool'> | PartOf<'dynamic-tool'>;

const toolFields = <P extends ToolLike>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, P>) => ({
  type: t.string({ resolve: (p) => p.type }),
  toolName: t.string({ resolve: (p) => p.toolName }),
  toolCallId: t.string({ resolve: (p) => p.toolCallId }),
  state: t.field({ type: PartStateEnum, nullable: true, resolve: (p) => known(TOOL_STATES, p.state) }),
  rawState: t.string({ nullable: true, description: 'The state exactly as stored.', resolve: (p) => p.state }),
  input: t.field({ type: 'JSON', nullable: true, resolve: (p) => p.input ?? null }),
  output: t.field({ type: 'JSON', nullable: true, resolve: (p) => p.output ?? null }),
  errorText: t.string({ nullable: true, resolve: (p) => p.errorText }),
});

const ToolPart = builder.objectRef<PartOf<'tool'>>('ToolPart').implement({
  description: 'A call of a statically known tool (`tool-<name>`).',
  fields: toolFields,
});

const DynamicToolPart = builder.objectRef<PartOf<'dynamic-tool'>>('DynamicToolPart').implement({
  description: 'A call of a tool only known at run time (`dynamic-tool`).',
  fields: toolFields,
});

const DataPart = builder.objectRef<PartOf<'data'>>('DataPart').implement({
  description: 'Custom data (`data-<name>`).',
  fields: (t) => ({
    type: t.exposeString('type'),
    name: t.exposeString('name'),
    dataId: t.exposeString('dataId', { nullable: true }),
    data: t.field({ type: 'JSON', nullable: true, resolve: (p) => p.data ?? null }),
  }),
});

const UnknownPart = builder.objectRef<PartOf<'unknown'>>('UnknownPart').implement({
  description: 'A part of a kind this API does not know, or without the fields its kind needs: see `raw`.',
  fields: (t) => ({
    type: t.string({
      description: 'The stored `type`, or an empty string when the part has no string `type` (see `raw`).',
      resolve: (p) => p.type ?? '',
    }),
    raw: t.field({ type: 'JSONObject', resolve: (p) => p.raw }),
  }),
});

const byKind = {
  text: TextPart,
  reasoning: ReasoningPart,
  file: FilePart,
  'source-url': SourceUrlPart,
  'source-document': SourceDocumentPart,
  'step-start': StepStartPart,
  tool: ToolPart,
  'dynamic-tool': DynamicToolPart,
  data: DataPart,
  unknown: UnknownPart,
} as const;

export const MessagePartUnion = builder.unionType('MessagePart', {
  description: 'One part of a message, by AI SDK UI part kind; `UnknownPart` keeps anything else.',
  types: Object.values(byKind),
  resolveType: (part: Part) => byKind[part.kind],
});

