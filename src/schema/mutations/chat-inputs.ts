import { CHAT_LIMITS } from '../../domain/chat-limits.js';
import { builder, type Types } from '../builder.js';
import { TextPartStateEnum, ToolPartStateEnum } from '../message-parts.js';
import { MessageRoleEnum } from '../refs.js';

const TextPartInput = builder.inputType('TextPartInput', {
  description: 'A `text` part.',
  fields: (t) => ({
    text: t.string({ description: 'Not empty.' }),
    state: t.field({ type: TextPartStateEnum, required: false, description: 'STREAMING or DONE, when known.' }),
  }),
});

const ReasoningPartInput = builder.inputType('ReasoningPartInput', {
  description: 'A `reasoning` part.',
  fields: (t) => ({
    text: t.string({ description: 'Not empty.' }),
    state: t.field({ type: TextPartStateEnum, required: false, description: 'STREAMING or DONE, when known.' }),
  }),
});

const FilePartInput = builder.inputType('FilePartInput', {
  description: 'A `file` part, e.g. the result of `uploadChatAttachment`.',
  fields: (t) => ({
    mediaType: t.string({ description: 'A media type such as `image/png`.' }),
    url: t.string({ description: 'An absolute URL (a `data:` URL is fine).' }),
    filename: t.string({ required: false }),
  }),
});

const SourceUrlPartInput = builder.inputType('SourceUrlPartInput', {
  description: 'A `source-url` part.',
  fields: (t) => ({
    sourceId: t.string(),
    url: t.string({ description: 'An absolute URL.' }),
    title: t.string({ required: false }),
  }),
});

const SourceDocumentPartInput = builder.inputType('SourceDocumentPartInput', {
  description: 'A `source-document` part.',
  fields: (t) => ({
    sourceId: t.string(),
    mediaType: t.string(),
    title: t.string(),
    filename: t.string({ required: false }),
  }),
});

const toolInputFields = (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => ({
  toolName: t.string({ description: `1..${CHAT_LIMITS.maxNameLength} characters.` }),
  toolCallId: t.string(),
  state: t.field({ type: ToolPartStateEnum }),
  input: t.field({ type: 'JSON', required: false, description: 'Sent as given, `null` included.' }),
  output: t.field({ type: 'JSON', required: false, description: 'Sent as given, `null` included.' }),
  errorText: t.string({ required: false }),
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
    name: t.string({ description: `1..${CHAT_LIMITS.maxNameLength} characters.` }),
    id: t.string({ required: false }),
    data: t.field({ type: 'JSON' }),
  }),
});

const MessagePartInput = builder.inputType('MessagePartInput', {
  description:
    'One part of a message: set exactly one field. Each becomes the AI SDK UI part of the same kind, so it reads ' +
    'back as the matching `MessagePart` type. `raw` sends any JSON object with a string `type` as is (parts of a ' +
    'kind this API does not know, or with extra fields such as `providerMetadata`).',
  isOneOf: true,
  fields: (t) => ({
    text: t.field({ type: TextPartInput, required: false }),
    reasoning: t.field({ type: ReasoningPartInput, required: false }),
    file: t.field({ type: FilePartInput, required: false }),
    sourceUrl: t.field({ type: SourceUrlPartInput, required: false }),
    sourceDocument: t.field({ type: SourceDocumentPartInput, required: false }),
    stepStart: t.boolean({ required: false, description: 'A `step-start` part; must be `true`.' }),
    tool: t.field({ type: ToolPartInput, required: false }),
    dynamicTool: t.field({ type: DynamicToolPartInput, required: false }),
    data: t.field({ type: DataPartInput, required: false }),
    raw: t.field({ type: 'JSONObject', required: false, description: 'Any part object; must have a non-empty string `type`.' }),
  }),
});

export const ChatMessageInput = builder.inputType('ChatMessageInput', {
  description: 'A message to store in a Sumvin chat session.',
  fields: (t) => ({
    id: t.string({
      required: false,
      description:
        `The message id, 1..${CHAT_LIMITS.maxMessageIdLength} characters, unique within the call. Saving a message ` +
        'with an id the session already has replaces that message. When omitted, this API generates ' +
        '`msg-` + 32 hex characters (returned in `messageIds`); send it again to update the message later.',
    }),
    role: t.field({
      type: MessageRoleEnum,
      description: 'Stored as `user`, `assistant`, `system` or `tool`; OTHER needs `rawRole`.',
    }),
    rawRole: t.string({
      required: false,
      description:
        `The role to store as is (1..${CHAT_LIMITS.maxRoleLength} characters, not blank), e.g. \`tool_result\` ` +
        'or `moderator`; it must read back as `role` (OTHER for a role this API does not know).',
    }),
    parts: t.field({
      type: [MessagePartInput],
      description: `At most ${CHAT_LIMITS.maxPartsPerMessage} parts.`,
    }),
    createdAt: t.field({ type: 'DateTime', required: false, description: 'When the message was written; the upstream’s receive time when omitted.' }),
    metadata: t.field({
      type: 'JSONObject',
      required: false,
      description: `Stored as the message’s metadata; at most ${CHAT_LIMITS.maxMetadataChars} characters as JSON.`,
    }),
  }),
});
