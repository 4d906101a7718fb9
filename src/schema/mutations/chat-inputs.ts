import { CHAT_LIMITS } from '../../domain/chat-limits.js';
import { builder } from '../builder.js';

const TextPartInput = builder.inputType('TextPartInput', {
  description: 'A `text` part.',
  fields: (t) => ({
    text: t.string({ required: true, description: 'Not empty.' }),
    state: t.string({ description: '`streaming` or `done`, when known.' }),
  }),
});

const ReasoningPartInput = builder.inputType('ReasoningPartInput', {
  description: 'A `reasoning` part.',
  fields: (t) => ({
    text: t.string({ required: true, description: 'Not empty.' }),
    state: t.string({ description: '`streaming` or `done`, when known.' }),
  }),
});

const FilePartInput = builder.inputType('FilePartInput', {
  description: 'A `file` part, e.g. the result of `uploadChatAttachment`.',
  fields: (t) => ({
    mediaType: t.string({ required: true, description: 'A media type such as `image/png`.' }),
    url: t.string({ required: true, description: 'An absolute URL (a `data:` URL is fine).' }),
    filename: t.string(),
  }),
});

const SourceUrlPartInput = builder.inputType('SourceUrlPartInput', {
  description: 'A `source-url` part.',
  fields: (t) => ({
    sourceId: t.string({ required: true }),
    url: t.string({ required: true, description: 'An absolute URL.' }),
    title: t.string(),
  }),
});

const SourceDocumentPartInput = builder.inputType('SourceDocumentPartInput', {
  description: 'A `source-document` part.',
  fields: (t) => ({
    sourceId: t.string({ required: true }),
    mediaType: t.string({ required: true }),
    title: t.string({ required: true }),
    filename: t.string(),
  }),
});

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

const toolInputFields = (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => ({
  toolName: t.string({ required: true, description: `1..${CHAT_LIMITS.maxNameLength} characters.` }),
  toolCallId: t.string({ required: true }),
  state: t.string({
    required: true,
    description: 'input-streaming, input-available, output-available or output-error.',
  }),
  input: t.field({ type: 'JSON', description: 'Sent as given, `null` included.' }),
  output: t.field({ type: 'JSON', description: 'Sent as given, `null` included.' }),
  errorText: t.string(),
});

const ToolPartInput = builder.inputType('ToolPartInput', {
  description: 'A call of a statically known tool; stored as `type: "tool-<toolName>"`.',
  fields: toolInputFields,
});

const DynamicToolPartInput = builder.inputType('DynamicToolPartInput', {
  description: 'A call of a tool only known at run time; stored as `type: "dynamic-tool"` with `toolName`.',
  fields: toolInputFields,
});

const DataPartInput = builder.inputType('DataPartInput', {
  description: 'Custom data; stored as `type: "data-<name>"`.',
  fields: (t) => ({
    name: t.string({ required: true, description: `1..${CHAT_LIMITS.maxNameLength} characters.` }),
    id: t.string(),
    data: t.field({ type: 'JSON', required: true }),
  }),
});

const MessagePartInput = builder.inputType('MessagePartInput', {
  description:
    'One part of a message: set exactly one field. Each becomes the AI SDK UI part of the same kind, so it reads ' +
    'back as the matching `MessagePart` type. `raw` sends any JSON object with a string `type` as is (parts of a ' +
    'kind this API does not know, or with extra fields such as `providerMetadata`).',
  isOneOf: true,
  fields: (t) => ({
    text: t.field({ type: TextPartInput }),
    reasoning: t.field({ type: ReasoningPartInput }),
    file: t.field({ type: FilePartInput }),
    sourceUrl: t.field({ type: SourceUrlPartInput }),
    sourceDocument: t.field({ type: SourceDocumentPartInput }),
    stepStart: t.boolean({ description: 'A `step-start` part; must be `true`.' }),
    tool: t.field({ type: ToolPartInput }),
    dynamicTool: t.field({ type: DynamicToolPartInput }),
    data: t.field({ type: DataPartInput }),
    raw: t.field({ type: 'JSONObject', description: 'Any part object; must have a non-empty string `type`.' }),
  }),
});

export const ChatMessageInput = builder.inputType('ChatMessageInput', {
  description: 'A message to store in a Sumvin chat session.',
  fields: (t) => ({
    id: t.string({
      description:
        `The message id, 1..${CHAT_LIMITS.maxMessageIdLength} characters, unique within the call. Saving a message ` +
        'with an id the session already has replaces that message. When omitted, this API generates ' +
        '`msg-` + 32 hex characters (returned in `messageIds`); send it again to update the message later.',
    }),
    role: t.string({
      required: true,
      description: `Any role, e.g. user, assistant, system; 1..${CHAT_LIMITS.maxRoleLength} characters, not blank.`,
    }),
    parts: t.field({
      type: [MessagePartInput],
      required: true,
      description: `At most ${CHAT_LIMITS.maxPartsPerMessage} parts.`,
    }),
    createdAt: t.field({ type: 'DateTime', description: 'When the message was written; the upstream’s receive time when omitted.' }),
    metadata: t.field({
      type: 'JSONObject',
      description: `Stored as the message’s metadata; at most ${CHAT_LIMITS.maxMetadataChars} characters as JSON.`,
    }),
  }),
});
