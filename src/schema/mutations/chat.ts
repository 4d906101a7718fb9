import { GraphQLError } from 'graphql';
import { requireCaller, sumvinCallerOf } from '../../context.js';
import {
  CHAT_LIMITS,
  checkAttachment,
  checkTitle,
  newChatSessionId,
  toSumvinMessages,
  type ChatMessageInput as ChatMessageShape,
} from '../../domain/chat-input.js';
import { InputError } from '../../domain/input-error.js';
import { apiError, toGraphQLError, type ErrorCode } from '../../errors.js';
import { UpstreamError } from '../../upstream/errors.js';
import { assertSumvinSessionId } from '../../upstream/sumvin/client.js';
import type { SumvinSession } from '../../upstream/sumvin/types.js';
import { builder, decodeGlobalId, encodeGlobalId } from '../builder.js';
import { ChatSessionRef } from '../refs.js';
import './root.js';

const badFile = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', retryable: false } });

const isFile = (v: unknown): v is File =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as File).arrayBuffer === 'function' &&
  typeof (v as File).size === 'number' &&
  typeof (v as File).type === 'string' &&
  typeof (v as File).name === 'string';

builder.scalarType('File', {
  description:
    'A file sent with the GraphQL multipart request spec (`multipart/form-data` with `operations`, `map` and the ' +
    'file; the request needs the `x-graphql-yoga-csrf` header). Input only.',
  serialize: () => {
    throw new TypeError('File is an input-only scalar');
  },
  parseValue: (v) => {
    if (!isFile(v)) throw badFile('File must be a file sent as a part of a multipart request');
    return v;
  },
  parseLiteral: () => {
    throw badFile('File cannot be written in the query; send it as a part of a multipart request');
  },
});

// ---------------------------------------------------------------------------------------------
// Inputs

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

const ChatMessageInput = builder.inputType('ChatMessageInput', {
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

// ---------------------------------------------------------------------------------------------
// Helpers

/** A ChatSession global id → the Sumvin session id, checked for use in a URL. */
function chatSessionIdOf(globalId: string | number, field: string): string {
  const { typename, id } = decodeGlobalId(String(globalId), field);
  if (typename !== 'ChatSession') throw new InputError(field, 'not the id of a chat session');
  assertSumvinSessionId(id, field);
  return id;
}

/**
 * A write whose outcome is unknown (timeout, upstream unavailable) is safe to repeat when the
 * repeat is idempotent: create with the same session id (409 means it exists), save with the same
 * message ids (upsert). The error says so and carries the ids to repeat it with.
 */
function writeFailure(err: unknown, details: Record<string, unknown>): unknown {
  if (!(err instanceof UpstreamError)) return err;
  const mapped = toGraphQLError(err);
  if (!(mapped instanceof GraphQLError)) return err;
  const code = mapped.extensions['code'];
  if (code !== 'UPSTREAM_TIMEOUT' && code !== 'UPSTREAM_UNAVAILABLE') return err;
  const known = mapped.extensions['details'];
  return apiError(code satisfies ErrorCode, mapped.message, {
    provider: 'SUMVIN',
    retryable: true,
    details: { ...(typeof known === 'object' && known !== null ? known : {}), ...details },
  });
}

const RETRY_NOTE =
  'Writes are never retried by the server. On UPSTREAM_TIMEOUT or UPSTREAM_UNAVAILABLE the outcome is unknown';

// ---------------------------------------------------------------------------------------------
// Mutations

builder.relayMutationField(
  'createChatSession',
  {
    description: 'A new Sumvin chat session with its first messages.',
    inputFields: (t) => ({
      id: t.string({
        description:
          'The session id to use, 1..64 visible ASCII characters without `/ \\ % ? # ;`. When omitted, this API ' +
          'generates `cs-` + 32 lowercase hex characters.',
      }),
      title: t.string({ description: `At most ${CHAT_LIMITS.maxTitleLength} characters; no title when omitted or null.` }),
      messages: t.field({
        type: [ChatMessageInput],
        required: true,
        description: `1..${CHAT_LIMITS.maxMessagesPerCall} messages.`,
      }),
    }),
  },
  {
    description:
      'Creates a Sumvin chat session with its first messages and returns it as Sumvin stored it. An id already in ' +
      `use gives CONFLICT. ${RETRY_NOTE}: the error has \`retryable: true\` and \`details.sessionId\`; repeat the ` +
      'call with that id (CONFLICT then means the first call went through).',
    resolve: async (_root, { input }, ctx) => {
      const caller = requireCaller(ctx);
      const id = input.id ?? newChatSessionId();
      assertSumvinSessionId(id, 'input.id');
      checkTitle(input.title, 'input.title');
      const messages = toSumvinMessages(input.messages as readonly ChatMessageShape[]);
      let session: SumvinSession;
      try {
        session = await ctx.clients.sumvin.createSession(
          sumvinCallerOf(caller),
          { id, ...(input.title !== undefined ? { title: input.title } : {}), messages },
          ctx.signal,
        );
      } catch (err) {
        throw writeFailure(err, { sessionId: id, messageIds: messages.map((m) => m.id) });
      }
      ctx.loaders.sumvin.forgetSession(session.id);
      ctx.loaders.sumvin.primeSessions([session]);
      return { session, messageIds: messages.map((m) => m.id) };
    },
  },
  {
    description: 'The session created.',
    outputFields: (t) => ({
      session: t.field({ type: ChatSessionRef, nullable: false, resolve: (p) => p.session }),
      messageIds: t.stringList({
        nullable: false,
        description: 'The ids of the messages, in input order, generated ones included.',
        resolve: (p) => p.messageIds,
      }),
    }),
  },
);

builder.relayMutationField(
  'renameChatSession',
  {
    description: 'A new title for a chat session.',
    inputFields: (t) => ({
      id: t.id({ required: true, description: 'The global id of a `ChatSession`.' }),
      title: t.string({
        description:
          `The new title, at most ${CHAT_LIMITS.maxTitleLength} characters; \`null\` clears it. Required: ` +
          'omitting it is BAD_USER_INPUT.',
      }),
    }),
  },
  {
    description:
      'Sets or clears the title of a chat session. An unknown session and another user’s session give NOT_FOUND. ' +
      `${RETRY_NOTE}; repeating the same rename is safe.`,
    resolve: async (_root, { input }, ctx) => {
      const caller = requireCaller(ctx);
      const id = chatSessionIdOf(input.id, 'input.id');
      if (!('title' in input) || input.title === undefined) {
        throw new InputError('input.title', 'title is required (null clears it)');
      }
      checkTitle(input.title, 'input.title');
      const session = await ctx.clients.sumvin.updateSession(sumvinCallerOf(caller), id, { title: input.title }, ctx.signal);
      ctx.loaders.sumvin.forgetSession(id);
      ctx.loaders.sumvin.primeSessions([session]);
      return { session };
    },
  },
  {
    description: 'The renamed session.',
    outputFields: (t) => ({
      session: t.field({ type: ChatSessionRef, nullable: false, resolve: (p) => p.session }),
    }),
  },
);

builder.relayMutationField(
  'deleteChatSession',
  {
    description: 'The chat session to delete.',
    inputFields: (t) => ({
      id: t.id({ required: true, description: 'The global id of a `ChatSession`.' }),
    }),
  },
  {
    description:
      'Deletes a chat session and its messages. An unknown or already deleted session and another user’s session ' +
      `give NOT_FOUND. ${RETRY_NOTE}; repeating is safe, and NOT_FOUND on the repeat means the first call went through.`,
    resolve: async (_root, { input }, ctx) => {
      const caller = requireCaller(ctx);
      const id = chatSessionIdOf(input.id, 'input.id');
      try {
        await ctx.clients.sumvin.deleteSession(sumvinCallerOf(caller), id, ctx.signal);
      } finally {
        ctx.loaders.sumvin.forgetSession(id);
      }
      return { deletedId: encodeGlobalId('ChatSession', id) };
    },
  },
  {
    description: 'What was deleted.',
    outputFields: (t) => ({
      deletedId: t.id({ nullable: false, description: 'The global id of the deleted session.', resolve: (p) => p.deletedId }),
    }),
  },
);

builder.relayMutationField(
  'saveChatMessages',
  {
    description: 'Messages to store in a chat session.',
    inputFields: (t) => ({
      sessionId: t.id({ required: true, description: 'The global id of a `ChatSession`.' }),
      messages: t.field({
        type: [ChatMessageInput],
        required: true,
        description: `1..${CHAT_LIMITS.maxMessagesPerCall} messages; send longer histories in several calls.`,
      }),
    }),
  },
  {
    description:
      'Stores messages in a chat session, keyed by message id: an id the session already has replaces that message ' +
      '(it keeps its place), a new id is appended. No reply is generated. An unknown session and another user’s ' +
      `session give NOT_FOUND. ${RETRY_NOTE}: the error has \`retryable: true\` and ` +
      '`details.messageIds`; repeating the call with those ids is safe.',
    resolve: async (_root, { input }, ctx) => {
      const caller = requireCaller(ctx);
      const sessionId = chatSessionIdOf(input.sessionId, 'input.sessionId');
      const messages = toSumvinMessages(input.messages as readonly ChatMessageShape[]);
      const messageIds = messages.map((m) => m.id);
      let savedCount: number;
      try {
        ({ savedCount } = await ctx.clients.sumvin.saveMessages(sumvinCallerOf(caller), sessionId, messages, ctx.signal));
      } catch (err) {
        throw writeFailure(err, { messageIds });
      } finally {
        ctx.loaders.sumvin.forgetSession(sessionId);
      }
      return { sessionId, savedCount, messageIds };
    },
  },
  {
    description: 'What was saved.',
    outputFields: (t) => ({
      savedCount: t.int({
        nullable: false,
        description: 'How many messages were inserted or replaced.',
        resolve: (p) => p.savedCount,
      }),
      messageIds: t.stringList({
        nullable: false,
        description: 'The ids of the messages, in input order, generated ones included.',
        resolve: (p) => p.messageIds,
      }),
      session: t.field({
        type: ChatSessionRef,
        nullable: true,
        description: 'The session as it is after the save (read again, so counts and preview are current).',
        resolve: (p, _args, ctx) => ctx.loaders.sumvin.session.load(p.sessionId),
      }),
    }),
  },
);

builder.relayMutationField(
  'uploadChatAttachment',
  {
    description: 'A file to upload, sent with the GraphQL multipart request spec.',
    inputFields: (t) => ({
      file: t.field({
        type: 'File',
        required: true,
        description:
          'At most 10 MiB; image/*, application/pdf or text/*; a file name of 1..255 characters without path ' +
          'separators or control characters.',
      }),
      sessionId: t.id({ description: 'The global id of a `ChatSession` to tie the file to.' }),
    }),
  },
  {
    description:
      'Uploads a chat attachment to Sumvin and returns its public URL; put it in a message as a `file` part ' +
      '(`{ file: { url, mediaType, filename } }`). Size, type and name are checked before the upload. ' +
      `${RETRY_NOTE}; repeating may store a second copy.`,
    resolve: async (_root, { input }, ctx) => {
      const caller = requireCaller(ctx);
      const { mediaType, filename } = checkAttachment(input.file, 'input.file');
      const sessionId =
        input.sessionId === undefined || input.sessionId === null ? undefined : chatSessionIdOf(input.sessionId, 'input.sessionId');
      const data = new Uint8Array(await input.file.arrayBuffer());
      if (data.byteLength > CHAT_LIMITS.maxAttachmentBytes) {
        throw new InputError('input.file', `the file is larger than ${CHAT_LIMITS.maxAttachmentBytes} bytes (10 MiB)`);
      }
      return ctx.clients.sumvin.uploadAttachment(
        sumvinCallerOf(caller),
        { data, filename, mediaType, ...(sessionId !== undefined ? { sessionId } : {}) },
        ctx.signal,
      );
    },
  },
  {
    description: 'The stored file.',
    outputFields: (t) => ({
      url: t.string({ nullable: false, description: 'Public URL of the stored file.', resolve: (a) => a.url }),
      filename: t.string({ nullable: false, resolve: (a) => a.filename }),
      mediaType: t.string({ nullable: false, resolve: (a) => a.mediaType }),
    }),
  },
);
