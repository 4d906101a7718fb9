import { requireCaller, sumvinCallerOf } from '../../context/context.js';
import {
  checkChatSessionId,
  checkTitle,
  newChatSessionId,
  toSumvinMessages,
  type ChatMessageInput as ChatMessageShape,
} from '../../domain/chat-input.js';
import { CHAT_LIMITS } from '../../domain/chat-limits.js';
import { InputError } from '../../errors/classes.js';
import type { SumvinSession } from '../../upstream/sumvin/types.js';
import { builder } from '../builder.js';
import { encodeGlobalId } from '../node.js';
import { ChatSessionRef } from '../refs.js';
import { ChatMessageInput } from './chat-inputs.js';
import { chatSessionIdOf } from './chat-session-id.js';
import { writeFailure } from '../../errors/write-outcome.js';
import { RETRY_NOTE } from './chat-retry-note.js';
import { publishChatDeleted, publishChatMessages, publishChatSession } from './live-publish.js';

builder.relayMutationField(
  'createChatSession',
  {
    description: 'A new Sumvin chat session with its first messages.',
    inputFields: (t) => ({
      upstreamId: t.string({
        required: false,
        description:
          'The Sumvin session id to use (becomes `ChatSession.upstreamId`), 1..64 visible ASCII characters without `/ \\ % ? # ;`. When omitted, this API ' +
          'generates `cs-` + 32 lowercase hex characters.',
      }),
      title: t.string({ required: false, description: `At most ${CHAT_LIMITS.maxTitleLength} characters; no title when omitted or null.` }),
      messages: t.field({
        type: [ChatMessageInput],
        description: `1..${CHAT_LIMITS.maxMessagesPerCall} messages.`,
      }),
    }),
  },
  {
    description:
      'Creates a Sumvin chat session with its first messages and returns it as Sumvin stored it. An id already in ' +
      `use gives CONFLICT. ${RETRY_NOTE}: the error has \`retryable: true\` and \`details.upstreamId\`; repeat the ` +
      'call with that `upstreamId` (CONFLICT then means the first call went through).',
    resolve: async (_root, { input }, ctx) => {
      const caller = requireCaller(ctx);
      const id = input.upstreamId ?? newChatSessionId();
      checkChatSessionId(id, 'input.upstreamId');
      checkTitle(input.title, 'input.title');
      const messages = toSumvinMessages(input.messages as readonly ChatMessageShape[]);
      let session: SumvinSession;
      try {
        session = await ctx.clients.sumvin.createSession(
          sumvinCallerOf(caller),
          { id, title: input.title, messages },
          ctx.signal,
        );
      } catch (err) {
        throw writeFailure(err, { repeatable: true, repeatWith: { upstreamId: id, messageIds: messages.map((m) => m.id) } });
      }
      ctx.loaders.sumvin.forgetSession(session.id);
      ctx.loaders.sumvin.primeSessions([session]);
      publishChatSession(ctx, 'created', session);
      publishChatMessages(ctx, session.id, messages);
      return { session, messageIds: messages.map((m) => m.id) };
    },
  },
  {
    description: 'The session created.',
    outputFields: (t) => ({
      session: t.field({ type: ChatSessionRef, resolve: (p) => p.session }),
      messageIds: t.stringList({
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
      sessionId: t.id({ description: 'The global id of a `ChatSession`.' }),
      title: t.string({
        required: false,
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
      const id = chatSessionIdOf(input.sessionId, 'input.sessionId');
      if (!('title' in input) || input.title === undefined) {
        throw new InputError('input.title', 'title is required (null clears it)');
      }
      checkTitle(input.title, 'input.title');
      const session = await ctx.clients.sumvin.updateSession(sumvinCallerOf(caller), id, { title: input.title }, ctx.signal);
      ctx.loaders.sumvin.forgetSession(id);
      ctx.loaders.sumvin.primeSessions([session]);
      publishChatSession(ctx, 'updated', session);
      return { session };
    },
  },
  {
    description: 'The renamed session.',
    outputFields: (t) => ({
      session: t.field({ type: ChatSessionRef, resolve: (p) => p.session }),
    }),
  },
);

builder.relayMutationField(
  'deleteChatSession',
  {
    description: 'The chat session to delete.',
    inputFields: (t) => ({
      sessionId: t.id({ description: 'The global id of a `ChatSession`.' }),
    }),
  },
  {
    description:
      'Deletes a chat session and its messages. An unknown or already deleted session and another user’s session ' +
      `give NOT_FOUND. ${RETRY_NOTE}; repeating is safe, and NOT_FOUND on the repeat means the first call went through.`,
    resolve: async (_root, { input }, ctx) => {
      const caller = requireCaller(ctx);
      const id = chatSessionIdOf(input.sessionId, 'input.sessionId');
      try {
        await ctx.clients.sumvin.deleteSession(sumvinCallerOf(caller), id, ctx.signal);
      } finally {
        ctx.loaders.sumvin.forgetSession(id);
      }
      publishChatDeleted(ctx, id);
      return { deletedId: encodeGlobalId('ChatSession', id) };
    },
  },
  {
    description: 'What was deleted.',
    outputFields: (t) => ({
      deletedId: t.id({ description: 'The global id of the deleted session.', resolve: (p) => p.deletedId }),
    }),
  },
);

builder.relayMutationField(
  'saveChatMessages',
  {
    description: 'Messages to store in a chat session.',
    inputFields: (t) => ({
      sessionId: t.id({ description: 'The global id of a `ChatSession`.' }),
      messages: t.field({
        type: [ChatMessageInput],
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
        throw writeFailure(err, { repeatable: true, repeatWith: { messageIds } });
      } finally {
        ctx.loaders.sumvin.forgetSession(sessionId);
      }
      publishChatMessages(ctx, sessionId, messages);
      return { sessionId, savedCount, messageIds };
    },
  },
  {
    description: 'What was saved.',
    outputFields: (t) => ({
      savedCount: t.int({
        description: 'How many messages were inserted or replaced.',
        resolve: (p) => p.savedCount,
      }),
      messageIds: t.stringList({
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
